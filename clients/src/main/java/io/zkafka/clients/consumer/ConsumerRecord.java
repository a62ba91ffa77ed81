package io.zkafka.clients.consumer;

import io.zkafka.common.record.Header;
import io.zkafka.common.record.TimestampType;
import java.util.List;
import java.util.Optional;

/** A record read from a partition, with its offset, timestamp, key, value and headers. Immutable. */
public final class ConsumerRecord<K, V> {
    public static final long NO_TIMESTAMP = -1L;
    public static final int NULL_SIZE = -1;

    private final String topic;
    private final int partition;
    private final long offset;
    private final long timestamp;
    private final TimestampType timestampType;
    private final int serializedKeySize;
    private final int serializedValueSize;
    private final K key;
    private final V value;
    private final List<Header> headers;
    private final Optional<Integer> leaderEpoch;

    public ConsumerRecord(String topic, int partition, long offset, long timestamp, TimestampType timestampType,
                          int serializedKeySize, int serializedValueSize, K key, V value, List<Header> headers,
                          Optional<Integer> leaderEpoch) {
        if (topic == null) {
            throw new IllegalArgumentException("Topic cannot be null");
        }
        this.topic = topic;
        this.partition = partition;
        this.offset = offset;
        this.timestamp = timestamp;
        this.timestampType = timestampType;
        this.serializedKeySize = serializedKeySize;
        this.serializedValueSize = serializedValueSize;
        this.key = key;
        this.value = value;
        this.headers = headers == null ? List.of() : headers;
        this.leaderEpoch = leaderEpoch;
    }

    /** A record with no timestamp, headers or sizes: for tests and tools. */
    public ConsumerRecord(String topic, int partition, long offset, K key, V value) {
        this(topic, partition, offset, NO_TIMESTAMP, TimestampType.CREATE_TIME, NULL_SIZE, NULL_SIZE, key, value,
            List.of(), Optional.empty());
    }

    public String topic() {
        return topic;
    }

    public int partition() {
        return partition;
    }

    public long offset() {
        return offset;
    }

    public long timestamp() {
        return timestamp;
    }

    public TimestampType timestampType() {
        return timestampType;
    }

    public int serializedKeySize() {
        return serializedKeySize;
    }

    public int serializedValueSize() {
        return serializedValueSize;
    }

    public K key() {
        return key;
    }

    public V value() {
        return value;
    }

    public List<Header> headers() {
        return headers;
    }

    public Optional<Integer> leaderEpoch() {
        return leaderEpoch;
    }

    @Override
    public String toString() {
        return "ConsumerRecord(topic = " + topic + ", partition = " + partition + ", leaderEpoch = "
            + leaderEpoch.orElse(null) + ", offset = " + offset + ", " + timestampType + " = " + timestamp
            + ", serialized key size = " + serializedKeySize + ", serialized value size = " + serializedValueSize
            + ", headers = " + headers + ", key = " + key + ", value = " + value + ")";
    }
}
