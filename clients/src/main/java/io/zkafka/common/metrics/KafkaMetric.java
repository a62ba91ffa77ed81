package io.zkafka.common.metrics;

import io.zkafka.common.Metric;
import io.zkafka.common.MetricName;

/**
 * A registered metric: a statistic of a {@link Sensor} (read under the sensor's monitor) or a gauge
 * read from client state (read as it is; the gauge must be safe to call from any thread).
 */
public final class KafkaMetric implements Metric {
    private final MetricName metricName;
    private final Measurable measurable;
    private final Object lock;
    private final Metrics registry;

    KafkaMetric(MetricName metricName, Measurable measurable, Object lock, Metrics registry) {
        this.metricName = metricName;
        this.measurable = measurable;
        this.lock = lock;
        this.registry = registry;
    }

    @Override
    public MetricName metricName() {
        return metricName;
    }

    @Override
    public Object metricValue() {
        return measure(registry.nowMs());
    }

    /** The value at {@code nowMs}, unboxed. */
    public double measure(long nowMs) {
        if (lock == null) {
            return measurable.measure(nowMs);
        }
        synchronized (lock) {
            return measurable.measure(nowMs);
        }
    }

    @Override
    public String toString() {
        return metricName.group() + ":" + metricName.name() + ":" + metricName.tags() + " = " + metricValue();
    }
}
