package io.zkafka.common.metrics;

/** Something with a numeric value at a given time: a statistic, or a gauge read from client state. */
@FunctionalInterface
public interface Measurable {

    double measure(long nowMs);
}
