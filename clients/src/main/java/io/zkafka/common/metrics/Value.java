package io.zkafka.common.metrics;

/** The last value recorded; NaN before the first. */
public final class Value implements MeasurableStat {
    private double last = Double.NaN;

    @Override
    public void record(double value, long nowMs) {
        last = value;
    }

    @Override
    public double measure(long nowMs) {
        return last;
    }
}
