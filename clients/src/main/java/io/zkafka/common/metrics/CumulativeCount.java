package io.zkafka.common.metrics;

/** How many values were recorded since the client started. */
public final class CumulativeCount implements MeasurableStat {
    private long count;

    @Override
    public void record(double value, long nowMs) {
        count++;
    }

    @Override
    public double measure(long nowMs) {
        return count;
    }
}
