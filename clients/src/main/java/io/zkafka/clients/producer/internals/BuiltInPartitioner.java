package io.zkafka.clients.producer.internals;

import io.zkafka.clients.internals.Cluster;
import io.zkafka.common.PartitionInfo;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Kafka's default partitioning. A keyed record goes to {@code (murmur2(key) & 0x7fffffff) %
 * partitions}, so a key lands where Kafka's producer would put it. A record without a key sticks
 * to one partition per topic until the batch it started there is sent; then a new batch chooses
 * another partition at random among those that have a leader (Kafka's sticky partitioning).
 *
 * <p>Thread-safe: the sticky choice per topic lives in a concurrent map, changed by compare-and-set.
 */
public final class BuiltInPartitioner {
    private final ConcurrentMap<String, Integer> stickyPartitions = new ConcurrentHashMap<>();

    /** The partition Kafka's default partitioner gives a serialized key. */
    public static int partitionForKey(byte[] keyBytes, int numPartitions) {
        return toPositive(murmur2(keyBytes)) % numPartitions;
    }

    public static int toPositive(int number) {
        return number & 0x7fffffff;
    }

    /** MurmurHash2, 32-bit, with Kafka's seed: the hash Kafka's partitioner applies to keys. */
    public static int murmur2(byte[] data) {
        int length = data.length;
        int seed = 0x9747b28c;
        final int m = 0x5bd1e995;
        final int r = 24;
        int h = seed ^ length;
        int length4 = length / 4;
        for (int i = 0; i < length4; i++) {
            int i4 = i * 4;
            int k = (data[i4] & 0xff) + ((data[i4 + 1] & 0xff) << 8) + ((data[i4 + 2] & 0xff) << 16)
                + ((data[i4 + 3] & 0xff) << 24);
            k *= m;
            k ^= k >>> r;
            k *= m;
            h *= m;
            h ^= k;
        }
        int tail = length4 * 4;
        switch (length % 4) {
            case 3:
                h ^= (data[tail + 2] & 0xff) << 16;
                // fall through
            case 2:
                h ^= (data[tail + 1] & 0xff) << 8;
                // fall through
            case 1:
                h ^= data[tail] & 0xff;
                h *= m;
                break;
            default:
                break;
        }
        h ^= h >>> 13;
        h *= m;
        h ^= h >>> 15;
        return h;
    }

    /** The partition a record without a key goes to now. */
    public int stickyPartition(String topic, Cluster cluster) {
        Integer partition = stickyPartitions.get(topic);
        if (partition != null && partition < partitionCount(topic, cluster)) {
            return partition;
        }
        return nextPartition(topic, cluster, partition == null ? -1 : partition);
    }

    /**
     * Called when the sticky partition's batch was sent and a new one would start: moves the topic
     * to another partition (once, however many threads ask) and returns the new choice.
     */
    public int nextPartition(String topic, Cluster cluster, int previousPartition) {
        Integer current = stickyPartitions.get(topic);
        if (current != null && current != previousPartition && current < partitionCount(topic, cluster)) {
            return current;
        }
        int chosen = choose(topic, cluster, previousPartition);
        if (current == null) {
            Integer raced = stickyPartitions.putIfAbsent(topic, chosen);
            return raced != null ? raced : chosen;
        }
        return stickyPartitions.replace(topic, current, chosen) ? chosen : stickyPartitions.get(topic);
    }

    private static int choose(String topic, Cluster cluster, int avoid) {
        List<PartitionInfo> available = cluster.availablePartitionsForTopic(topic);
        ThreadLocalRandom random = ThreadLocalRandom.current();
        if (available.size() == 1) {
            return available.get(0).partition();
        }
        if (available.isEmpty()) {
            int count = partitionCount(topic, cluster);
            return count <= 1 ? 0 : pickOther(random, count, avoid);
        }
        PartitionInfo first = available.get(random.nextInt(available.size()));
        if (first.partition() != avoid) {
            return first.partition();
        }
        int index = (available.indexOf(first) + 1 + random.nextInt(available.size() - 1)) % available.size();
        return available.get(index).partition();
    }

    private static int pickOther(ThreadLocalRandom random, int count, int avoid) {
        int pick = random.nextInt(count);
        return pick != avoid ? pick : (pick + 1 + random.nextInt(count - 1)) % count;
    }

    private static int partitionCount(String topic, Cluster cluster) {
        Integer count = cluster.partitionCountForTopic(topic);
        return count == null ? 0 : count;
    }
}
