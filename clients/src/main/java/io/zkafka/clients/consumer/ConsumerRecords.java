package io.zkafka.clients.consumer;

import io.zkafka.common.TopicPartition;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/** The records one {@code poll} returned, per partition in offset order. Immutable. */
public final class ConsumerRecords<K, V> implements Iterable<ConsumerRecord<K, V>> {
    private static final ConsumerRecords<Object, Object> EMPTY = new ConsumerRecords<>(Map.of());

    private final Map<TopicPartition, List<ConsumerRecord<K, V>>> records;

    public ConsumerRecords(Map<TopicPartition, List<ConsumerRecord<K, V>>> records) {
        this.records = Collections.unmodifiableMap(records);
    }

    @SuppressWarnings("unchecked")
    public static <K, V> ConsumerRecords<K, V> empty() {
        return (ConsumerRecords<K, V>) EMPTY;
    }

    /** The records of one partition (empty when it has none in this batch). */
    public List<ConsumerRecord<K, V>> records(TopicPartition partition) {
        List<ConsumerRecord<K, V>> list = records.get(partition);
        return list == null ? List.of() : Collections.unmodifiableList(list);
    }

    /** The records of every partition of one topic. */
    public Iterable<ConsumerRecord<K, V>> records(String topic) {
        if (topic == null) {
            throw new IllegalArgumentException("Topic must be non-null.");
        }
        List<ConsumerRecord<K, V>> matching = new ArrayList<>();
        records.forEach((tp, list) -> {
            if (tp.topic().equals(topic)) {
                matching.addAll(list);
            }
        });
        return matching;
    }

    public Set<TopicPartition> partitions() {
        return records.keySet();
    }

    @Override
    public Iterator<ConsumerRecord<K, V>> iterator() {
        // a plain nested iterator: Stream.flatMap(...).iterator() buffers each inner list again
        Iterator<List<ConsumerRecord<K, V>>> lists = records.values().iterator();
        return new Iterator<>() {
            private Iterator<ConsumerRecord<K, V>> current = Collections.emptyIterator();

            @Override
            public boolean hasNext() {
                while (!current.hasNext() && lists.hasNext()) {
                    current = lists.next().iterator();
                }
                return current.hasNext();
            }

            @Override
            public ConsumerRecord<K, V> next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return current.next();
            }
        };
    }

    public int count() {
        int count = 0;
        for (List<ConsumerRecord<K, V>> list : records.values()) {
            count += list.size();
        }
        return count;
    }

    public boolean isEmpty() {
        return records.isEmpty();
    }
}
