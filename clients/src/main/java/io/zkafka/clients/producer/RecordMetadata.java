package io.zkafka.clients.producer;

import io.zkafka.common.TopicPartition;

/**
 * Where a sent record landed: its partition and offset (-1 when unknown, as with acks=0) and its
 * timestamp (the create time, or the broker's log append time). Immutable.
 */
public final class RecordMetadata {
    public static final int UNKNOWN_PARTITION = -1;

    private final TopicPartition topicPartition;
    private final long offset;
    private final long timestamp;
    private final int serializedKeySize;
    private final int serializedValueSize;

    public RecordMetadata(TopicPartition topicPartition, long offset, long timestamp, int serializedKeySize,
                          int serializedValueSize) {
        this.topicPartition = topicPartition;
        this.offset = offset;
        this.timestamp = timestamp;
        this.serializedKeySize = serializedKeySize;
        this.serializedValueSize = serializedValueSize;
    }

    public boolean hasOffset() {
        return offset >= 0;
    }

    public long offset() {
        return offset;
    }

    public boolean hasTimestamp() {
        return timestamp >= 0;
    }

    public long timestamp() {
        return timestamp;
    }

    /** Bytes of the serialized key, -1 when it was null. */
    public int serializedKeySize() {
        return serializedKeySize;
    }

    /** Bytes of the serialized value, -1 when it was null. */
    public int serializedValueSize() {
        return serializedValueSize;
    }

    public String topic() {
        return topicPartition.topic();
    }

    public int partition() {
        return topicPartition.partition();
    }

    @Override
    public String toString() {
        return topicPartition + "@" + offset;
    }
}
