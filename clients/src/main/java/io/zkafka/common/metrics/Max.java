package io.zkafka.common.metrics;

/** The largest value recorded in the live windows; NaN when there are none. */
public final class Max extends SampledStat {

    public Max(MetricConfig config) {
        super(config);
    }

    @Override
    protected double initialValue() {
        return Double.NEGATIVE_INFINITY;
    }

    @Override
    protected double update(double windowValue, double value) {
        return Math.max(windowValue, value);
    }

    @Override
    protected double combine(double[] windowValues, long[] windowCounts) {
        double max = Double.NEGATIVE_INFINITY;
        boolean any = false;
        for (int i = 0; i < windowValues.length; i++) {
            if (windowCounts[i] > 0) {
                max = Math.max(max, windowValues[i]);
                any = true;
            }
        }
        return any ? max : Double.NaN;
    }
}
