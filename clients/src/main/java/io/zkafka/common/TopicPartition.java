package io.zkafka.common;

import java.util.Objects;

/** A topic name and a partition number. Immutable. */
public record TopicPartition(String topic, int partition) {
    public TopicPartition {
        Objects.requireNonNull(topic, "topic");
    }

    @Override
    public String toString() {
        return topic + "-" + partition;
    }
}
