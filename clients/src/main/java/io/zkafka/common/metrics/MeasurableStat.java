package io.zkafka.common.metrics;

/**
 * A statistic fed by recorded values. Not thread-safe: the {@link Sensor} that owns it serializes
 * recording and measuring. Recording must not allocate.
 */
public interface MeasurableStat extends Measurable {

    void record(double value, long nowMs);
}
