package io.zkafka.metadata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkafka.common.TopicPartition;
import io.zkafka.coordination.LeaderAndIsr;
import io.zkafka.coordination.PartitionState;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PartitionStateMapTest {
    private static PartitionState state(String topic, int partition, int leaderEpoch) {
        return new PartitionState(new TopicPartition(topic, partition),
            new LeaderAndIsr(1, leaderEpoch, List.of(1), 1), leaderEpoch);
    }

    private static List<PartitionState> topic(String name, int partitions, int leaderEpoch) {
        List<PartitionState> states = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            states.add(state(name, p, leaderEpoch));
        }
        return states;
    }

    @Test
    void shouldBehaveAsAMapOfItsStatesAndCountThemPerTopic() {
        PartitionStateMap map = PartitionStateMap.EMPTY.with(topic("a", 1_000, 0)).with(topic("b", 3, 0));
        Map<TopicPartition, PartitionState> plain = new HashMap<>();
        topic("a", 1_000, 0).forEach(s -> plain.put(s.partition(), s));
        topic("b", 3, 0).forEach(s -> plain.put(s.partition(), s));

        assertEquals(1_003, map.size());
        assertEquals(plain, map);
        assertEquals(plain, new HashMap<>(map), "iteration yields every entry once");
        assertEquals(1_000, map.countOf("a"));
        assertEquals(3, map.countOf("b"));
        assertEquals(0, map.countOf("c"));
        assertEquals(state("a", 517, 0), map.get(new TopicPartition("a", 517)));
        assertNull(map.get(new TopicPartition("a", 1_000)));
        assertNull(map.get(null));
        assertFalse(map.containsKey(new TopicPartition("c", 0)));
        assertThrows(UnsupportedOperationException.class, () -> map.put(new TopicPartition("c", 0), state("c", 0, 0)));
    }

    @Test
    void shouldReplaceStatesWithoutCountingThemTwiceAndLeaveTheOlderMapAsItWas() {
        PartitionStateMap before = PartitionStateMap.EMPTY.with(topic("a", 100, 0));
        PartitionStateMap after = before.with(List.of(state("a", 7, 1), state("a", 7, 2), state("c", 0, 0)));

        assertEquals(101, after.size());
        assertEquals(100, after.countOf("a"));
        assertEquals(1, after.countOf("c"));
        assertEquals(2, after.get(new TopicPartition("a", 7)).leaderAndIsr().leaderEpoch(), "the later state wins");
        assertEquals(0, before.get(new TopicPartition("a", 7)).leaderAndIsr().leaderEpoch());
        assertEquals(100, before.size());
        assertSame(after, after.with(List.of()));
    }

    @Test
    void shouldDropATopicsStates() {
        PartitionStateMap map = PartitionStateMap.EMPTY.with(topic("a", 300, 0)).with(topic("b", 5, 0));
        PartitionStateMap withoutA = map.withoutTopic("a");

        assertEquals(5, withoutA.size());
        assertEquals(0, withoutA.countOf("a"));
        assertTrue(withoutA.keySet().stream().allMatch(tp -> tp.topic().equals("b")));
        assertEquals(305, map.size(), "the original is unchanged");
        assertSame(withoutA, withoutA.withoutTopic("a"));
    }

    @Test
    void shouldSpreadEachShardsKeysOverItsMapsBuckets() {
        // a shard picked by the hash's low bits held keys whose HashMap buckets (the same low bits) were all one
        Map<Integer, java.util.Set<Integer>> bucketsByShard = new HashMap<>();
        for (int t = 0; t < 100; t++) {
            for (int p = 0; p < 100; p++) {
                TopicPartition tp = new TopicPartition(String.format("scale-%03d", t), p);
                int hash = tp.hashCode();
                int bucketOfSixtyFour = (hash ^ (hash >>> 16)) & 63;
                bucketsByShard.computeIfAbsent(PartitionStateMap.shardOf(tp), s -> new java.util.HashSet<>())
                    .add(bucketOfSixtyFour);
            }
        }
        assertEquals(256, bucketsByShard.size(), "every shard used");
        bucketsByShard.forEach((shard, buckets) -> assertTrue(buckets.size() >= 8,
            "shard " + shard + " keeps its ~40 keys in " + buckets.size() + " of 64 buckets"));
    }
}
