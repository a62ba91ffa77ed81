package io.zkafka.common.metrics;

/** The mean of the values recorded in the live windows; NaN when there are none. */
public final class Avg extends SampledStat {

    public Avg(MetricConfig config) {
        super(config);
    }

    @Override
    protected double initialValue() {
        return 0.0;
    }

    @Override
    protected double update(double windowValue, double value) {
        return windowValue + value;
    }

    @Override
    protected double combine(double[] windowValues, long[] windowCounts) {
        double sum = 0;
        long count = 0;
        for (int i = 0; i < windowValues.length; i++) {
            sum += windowValues[i];
            count += windowCounts[i];
        }
        return count == 0 ? Double.NaN : sum / count;
    }
}
