package io.zkafka.clients.producer.internals;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkafka.clients.internals.Cluster;
import io.zkafka.common.Node;
import io.zkafka.common.PartitionInfo;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;

class BuiltInPartitionerTest {
    private static final Node NODE = new Node(1, "127.0.0.1", 9092);

    static Cluster cluster(String topic, int partitions, Set<Integer> withoutLeader) {
        List<PartitionInfo> infos = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            Node leader = withoutLeader.contains(p) ? null : NODE;
            infos.add(new PartitionInfo(topic, p, leader, List.of(NODE), List.of(NODE), List.of()));
        }
        return Cluster.of("cluster", NODE, List.of(NODE), infos);
    }

    @Test
    void shouldHashEveryKeyExactlyAsKafkasMurmur2() {
        Random random = new Random(42);
        for (int i = 0; i < 20_000; i++) {
            byte[] key = new byte[random.nextInt(64)];
            random.nextBytes(key);
            assertEquals(Utils.murmur2(key), BuiltInPartitioner.murmur2(key), "murmur2 of " + key.length + " bytes");
        }
    }

    @Test
    void shouldPlaceKeysOnTheSamePartitionAsKafkasDefaultPartitioner() {
        Random random = new Random(7);
        for (int i = 0; i < 10_000; i++) {
            byte[] key = ("key-" + random.nextLong()).getBytes(StandardCharsets.UTF_8);
            int partitions = 1 + random.nextInt(200);
            int kafka = Utils.toPositive(Utils.murmur2(key)) % partitions;
            assertEquals(kafka, BuiltInPartitioner.partitionForKey(key, partitions));
        }
    }

    @Test
    void shouldStickToOnePartitionUntilItsBatchIsSent() {
        BuiltInPartitioner partitioner = new BuiltInPartitioner();
        Cluster cluster = cluster("t", 8, Set.of());
        int first = partitioner.stickyPartition("t", cluster);
        for (int i = 0; i < 100; i++) {
            assertEquals(first, partitioner.stickyPartition("t", cluster));
        }
        int next = partitioner.nextPartition("t", cluster, first);
        assertNotEquals(first, next);
        assertEquals(next, partitioner.stickyPartition("t", cluster));
        // a second thread reporting the same old partition does not move it again
        assertEquals(next, partitioner.nextPartition("t", cluster, first));
    }

    @Test
    void shouldSpreadStickyChoicesOverPartitionsWithALeaderOnly() {
        BuiltInPartitioner partitioner = new BuiltInPartitioner();
        Cluster cluster = cluster("t", 6, Set.of(1, 4));
        Set<Integer> seen = new HashSet<>();
        int current = partitioner.stickyPartition("t", cluster);
        seen.add(current);
        for (int i = 0; i < 500; i++) {
            current = partitioner.nextPartition("t", cluster, current);
            seen.add(current);
        }
        assertEquals(Set.of(0, 2, 3, 5), seen);
    }

    @Test
    void shouldKeepTheOnlyAvailablePartition() {
        BuiltInPartitioner partitioner = new BuiltInPartitioner();
        Cluster cluster = cluster("t", 3, Set.of(0, 2));
        int current = partitioner.stickyPartition("t", cluster);
        assertEquals(1, current);
        assertEquals(1, partitioner.nextPartition("t", cluster, current));
        assertTrue(partitioner.stickyPartition("t", cluster(("t"), 1, Set.of())) == 0);
    }
}
