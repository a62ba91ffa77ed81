package io.zkafka.common.metrics;

/** The sum of the values recorded in the live windows (0 when there are none). */
public final class WindowedSum extends SampledStat {

    public WindowedSum(MetricConfig config) {
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
        for (double value : windowValues) {
            sum += value;
        }
        return sum;
    }
}
