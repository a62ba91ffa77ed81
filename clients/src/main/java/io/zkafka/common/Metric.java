package io.zkafka.common;

/** One client metric: its name and its current value, as Kafka's clients expose them. Thread-safe. */
public interface Metric {

    MetricName metricName();

    /** The value now: a {@code Double} for every metric the clients define (NaN when nothing was measured yet). */
    Object metricValue();
}
