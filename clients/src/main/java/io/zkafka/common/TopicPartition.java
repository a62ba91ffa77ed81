package io.zkafka.common;

import java.util.Objects;

/** A topic name and a partition number. Immutable. */
public record TopicPartition(String topic, int partition) {
    public TopicPartition {
        Objects.requireNonNull(topic, "topic");
    }

    /**
     * The topic's hash times the golden ratio, plus the partition. A record's default (31 times the
     * topic's hash plus the partition) gives numbered topics and their partitions the same hash over
     * and over: {@code scale-000} to {@code scale-099} with 100 partitions each made 10,000 partitions
     * share about 3,800 hashes.
     */
    @Override
    public int hashCode() {
        return topic.hashCode() * 0x9E3779B9 + partition;
    }

    /**
     * Written out rather than the record's generated one, which goes through method handles: on a
     * broker running C1 only (the default on two CPUs) they are not inlined, and a fetch of a thousand
     * partitions spent a tenth of the broker's CPU in them, looking partitions up.
     */
    @Override
    public boolean equals(Object other) {
        return this == other
            || other instanceof TopicPartition that && partition == that.partition && topic.equals(that.topic);
    }

    @Override
    public String toString() {
        return topic + "-" + partition;
    }
}
