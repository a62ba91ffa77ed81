package io.zkafka.clients.producer;

import io.zkafka.common.record.Header;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A record to send: a topic, optionally a partition (else the partitioner chooses), a timestamp
 * (else the send time), a key, a value and headers. Immutable.
 */
public final class ProducerRecord<K, V> {
    static final Header[] NO_HEADERS = new Header[0];

    private final String topic;
    private final Integer partition;
    private final Long timestamp;
    private final K key;
    private final V value;
    private final Header[] headers;

    public ProducerRecord(String topic, Integer partition, Long timestamp, K key, V value, Iterable<Header> headers) {
        if (topic == null) {
            throw new IllegalArgumentException("Topic cannot be null.");
        }
        if (timestamp != null && timestamp < 0) {
            throw new IllegalArgumentException("Invalid timestamp: " + timestamp + ". Timestamp should always be "
                + "non-negative or null.");
        }
        if (partition != null && partition < 0) {
            throw new IllegalArgumentException("Invalid partition: " + partition + ". Partition number should always "
                + "be non-negative or null.");
        }
        this.topic = topic;
        this.partition = partition;
        this.timestamp = timestamp;
        this.key = key;
        this.value = value;
        this.headers = toArray(headers);
    }

    public ProducerRecord(String topic, Integer partition, Long timestamp, K key, V value) {
        this(topic, partition, timestamp, key, value, null);
    }

    public ProducerRecord(String topic, Integer partition, K key, V value, Iterable<Header> headers) {
        this(topic, partition, null, key, value, headers);
    }

    public ProducerRecord(String topic, Integer partition, K key, V value) {
        this(topic, partition, null, key, value, null);
    }

    public ProducerRecord(String topic, K key, V value) {
        this(topic, null, null, key, value, null);
    }

    public ProducerRecord(String topic, V value) {
        this(topic, null, null, null, value, null);
    }

    private static Header[] toArray(Iterable<Header> headers) {
        if (headers == null) {
            return NO_HEADERS;
        }
        List<Header> list = new ArrayList<>();
        headers.forEach(header -> list.add(Objects.requireNonNull(header, "header")));
        return list.isEmpty() ? NO_HEADERS : list.toArray(NO_HEADERS);
    }

    public String topic() {
        return topic;
    }

    public Integer partition() {
        return partition;
    }

    public Long timestamp() {
        return timestamp;
    }

    public K key() {
        return key;
    }

    public V value() {
        return value;
    }

    public List<Header> headers() {
        return List.of(headers);
    }

    /** The headers without a copy, for the producer's hot path. */
    Header[] headerArray() {
        return headers;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ProducerRecord<?, ?> other && topic.equals(other.topic)
            && Objects.equals(partition, other.partition) && Objects.equals(timestamp, other.timestamp)
            && Objects.equals(key, other.key) && Objects.equals(value, other.value)
            && Arrays.equals(headers, other.headers);
    }

    @Override
    public int hashCode() {
        return Objects.hash(topic, partition, timestamp, key, value, Arrays.hashCode(headers));
    }

    @Override
    public String toString() {
        return "ProducerRecord(topic=" + topic + ", partition=" + partition + ", headers=" + Arrays.toString(headers)
            + ", key=" + key + ", value=" + value + ", timestamp=" + timestamp + ")";
    }
}
