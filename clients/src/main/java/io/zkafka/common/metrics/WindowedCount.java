package io.zkafka.common.metrics;

/** How many values were recorded in the live windows, whatever the values. */
public final class WindowedCount extends SampledStat {

    public WindowedCount(MetricConfig config) {
        super(config);
    }

    @Override
    protected double initialValue() {
        return 0.0;
    }

    @Override
    protected double update(double windowValue, double value) {
        return windowValue;
    }

    @Override
    protected double combine(double[] windowValues, long[] windowCounts) {
        long count = 0;
        for (long c : windowCounts) {
            count += c;
        }
        return count;
    }
}
