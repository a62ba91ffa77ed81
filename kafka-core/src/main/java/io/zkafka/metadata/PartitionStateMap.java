package io.zkafka.metadata;

import io.zkafka.common.TopicPartition;
import io.zkafka.coordination.PartitionState;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * The partition states of a metadata image: an immutable map that is cheap to copy with changes.
 * Entries sit in {@value #SHARDS} shards by hash; {@link #with} copies the shard array and only the
 * shards it touches, so a broker applying a batch of changes to 10,000 states copies a few hundred
 * entries, not 10,000. It also counts the states of each topic, so "does every partition of this
 * topic have a state" is one lookup. Immutable and thread-safe.
 */
public final class PartitionStateMap extends AbstractMap<TopicPartition, PartitionState> {
    private static final int SHARD_BITS = 8;
    private static final int SHARDS = 1 << SHARD_BITS;

    /** No states. */
    public static final PartitionStateMap EMPTY = new PartitionStateMap(emptyShards(), Map.of(), 0);

    private final Map<TopicPartition, PartitionState>[] shards;
    private final Map<String, Integer> countByTopic;
    private final int size;
    private final EntrySet entrySet = new EntrySet();

    private PartitionStateMap(Map<TopicPartition, PartitionState>[] shards, Map<String, Integer> countByTopic,
                              int size) {
        this.shards = shards;
        this.countByTopic = countByTopic;
        this.size = size;
    }

    @SuppressWarnings("unchecked")
    private static Map<TopicPartition, PartitionState>[] emptyShards() {
        Map<TopicPartition, PartitionState>[] shards = new Map[SHARDS];
        Arrays.fill(shards, Map.of());
        return shards;
    }

    /**
     * The top bits of the hash times the golden ratio (Fibonacci hashing). Not its low bits: each shard's
     * {@code HashMap} picks buckets by those, so a shard holding only keys with equal low bits put all of
     * them in one bucket (a tree of 40 entries per shard at 10,000 states, rebuilt on every copy).
     */
    static int shardOf(Object key) {
        return (key.hashCode() * 0x9E3779B9) >>> (Integer.SIZE - SHARD_BITS);
    }

    /** These states with {@code changes} put in (a later state of the same partition wins). */
    public PartitionStateMap with(Collection<PartitionState> changes) {
        if (changes.isEmpty()) {
            return this;
        }
        Map<TopicPartition, PartitionState>[] copy = shards.clone();
        boolean[] copied = new boolean[SHARDS];
        Map<String, Integer> counts = null;
        int newSize = size;
        for (PartitionState state : changes) {
            int shard = shardOf(state.partition());
            if (!copied[shard]) {
                copy[shard] = new HashMap<>(copy[shard]);
                copied[shard] = true;
            }
            if (copy[shard].put(state.partition(), state) == null) {
                if (counts == null) {
                    counts = new HashMap<>(countByTopic);
                }
                counts.merge(state.partition().topic(), 1, Integer::sum);
                newSize++;
            }
        }
        for (int shard = 0; shard < SHARDS; shard++) {
            if (copied[shard]) {
                copy[shard] = Collections.unmodifiableMap(copy[shard]);
            }
        }
        return new PartitionStateMap(copy, counts == null ? countByTopic : Collections.unmodifiableMap(counts), newSize);
    }

    /** These states without those of {@code topic}. */
    public PartitionStateMap withoutTopic(String topic) {
        Integer count = countByTopic.get(topic);
        if (count == null) {
            return this;
        }
        Map<TopicPartition, PartitionState>[] copy = shards.clone();
        for (int shard = 0; shard < SHARDS; shard++) {
            if (copy[shard].keySet().stream().anyMatch(tp -> tp.topic().equals(topic))) {
                Map<TopicPartition, PartitionState> kept = new HashMap<>(copy[shard]);
                kept.keySet().removeIf(tp -> tp.topic().equals(topic));
                copy[shard] = Collections.unmodifiableMap(kept);
            }
        }
        Map<String, Integer> counts = new HashMap<>(countByTopic);
        counts.remove(topic);
        return new PartitionStateMap(copy, Collections.unmodifiableMap(counts), size - count);
    }

    /** How many partitions of {@code topic} have a state here. */
    public int countOf(String topic) {
        return countByTopic.getOrDefault(topic, 0);
    }

    @Override
    public PartitionState get(Object key) {
        return key == null ? null : shards[shardOf(key)].get(key);
    }

    @Override
    public boolean containsKey(Object key) {
        return key != null && shards[shardOf(key)].containsKey(key);
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public Set<Entry<TopicPartition, PartitionState>> entrySet() {
        return entrySet;
    }

    private final class EntrySet extends AbstractSet<Entry<TopicPartition, PartitionState>> {
        @Override
        public int size() {
            return size;
        }

        @Override
        public Iterator<Entry<TopicPartition, PartitionState>> iterator() {
            return new Iterator<>() {
                private int shard = -1;
                private Iterator<Entry<TopicPartition, PartitionState>> current = Collections.emptyIterator();

                @Override
                public boolean hasNext() {
                    while (!current.hasNext() && shard < SHARDS - 1) {
                        current = shards[++shard].entrySet().iterator();
                    }
                    return current.hasNext();
                }

                @Override
                public Entry<TopicPartition, PartitionState> next() {
                    if (!hasNext()) {
                        throw new NoSuchElementException();
                    }
                    return current.next();
                }
            };
        }
    }
}
