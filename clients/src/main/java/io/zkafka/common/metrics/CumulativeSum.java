package io.zkafka.common.metrics;

/** The sum of every value recorded since the client started. */
public final class CumulativeSum implements MeasurableStat {
    private double total;

    @Override
    public void record(double value, long nowMs) {
        total += value;
    }

    @Override
    public double measure(long nowMs) {
        return total;
    }
}
