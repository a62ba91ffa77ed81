package io.zkafka.common.metrics;

/**
 * A per-second rate: a windowed sum (of values, or a count of recordings) divided by the time the
 * live windows span. That span counts from the oldest live window's start to now, but at least
 * {@code samples - 1} whole windows, so a rate does not spike from a burst right after start (Kafka
 * pads a young rate's span in the same spirit); with one sample, at least one millisecond.
 */
public final class Rate implements MeasurableStat {
    private final SampledStat stat;
    private final long minimumSpanMs;

    /** The rate of the recorded values' sum (bytes per second, records per second). */
    public static Rate ofSum(MetricConfig config) {
        return new Rate(new WindowedSum(config), config);
    }

    /** The rate of recordings (requests per second), whatever the values. */
    public static Rate ofCount(MetricConfig config) {
        return new Rate(new WindowedCount(config), config);
    }

    private Rate(SampledStat stat, MetricConfig config) {
        this.stat = stat;
        this.minimumSpanMs = Math.max(1L, (config.samples() - 1) * config.windowMs());
    }

    @Override
    public void record(double value, long nowMs) {
        stat.record(value, nowMs);
    }

    @Override
    public double measure(long nowMs) {
        double total = stat.measure(nowMs);
        long oldest = stat.oldestStart();
        if (oldest == SampledStat.UNUSED) {
            return 0.0;
        }
        long spanMs = Math.max(nowMs - oldest, minimumSpanMs);
        return total * 1000.0 / spanMs;
    }
}
