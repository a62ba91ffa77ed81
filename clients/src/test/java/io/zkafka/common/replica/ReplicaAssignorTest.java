package io.zkafka.common.replica;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReplicaAssignorTest {

    private static Map<Integer, Integer> count(Map<Integer, List<Integer>> assignment, boolean leadersOnly) {
        Map<Integer, Integer> counts = new HashMap<>();
        assignment.values().forEach(replicas -> {
            for (int broker : leadersOnly ? replicas.subList(0, 1) : replicas) {
                counts.merge(broker, 1, Integer::sum);
            }
        });
        return counts;
    }

    @Test
    void shouldSpreadLeadersAndFollowersEvenlyWithoutRacks() {
        List<Integer> brokers = List.of(1, 2, 3, 4);
        for (int start = 0; start < 50; start++) {
            Map<Integer, List<Integer>> assignment = ReplicaAssignor.assign(brokers, 0, 12, 3, start);
            assertEquals(12, assignment.size());
            assignment.values().forEach(replicas -> assertEquals(3, new HashSet<>(replicas).size(), replicas::toString));
            assertEquals(Map.of(1, 3, 2, 3, 3, 3, 4, 3), count(assignment, true), "leaders, start " + start);
            assertEquals(Map.of(1, 9, 2, 9, 3, 9, 4, 9), count(assignment, false), "replicas, start " + start);
        }
    }

    @Test
    void shouldPlaceEveryReplicaOfAPartitionOnADifferentRack() {
        List<Integer> brokers = List.of(1, 2, 3, 4, 5, 6);
        Map<Integer, String> racks = Map.of(1, "a", 2, "a", 3, "b", 4, "b", 5, "c", 6, "c");
        for (int start = 0; start < 50; start++) {
            Map<Integer, List<Integer>> assignment = ReplicaAssignor.assign(brokers, racks, 0, 12, 3, start);
            for (List<Integer> replicas : assignment.values()) {
                assertEquals(3, new HashSet<>(replicas.stream().map(racks::get).toList()).size(),
                    "racks of " + replicas + ", start " + start);
            }
            assertEquals(Map.of(1, 2, 2, 2, 3, 2, 4, 2, 5, 2, 6, 2), count(assignment, true), "leaders, start " + start);
            assertEquals(Map.of(1, 6, 2, 6, 3, 6, 4, 6, 5, 6, 6, 6), count(assignment, false), "replicas, start " + start);
        }
    }

    @Test
    void shouldUseEveryRackBeforeDoublingUpWhenTheFactorExceedsTheRackCount() {
        List<Integer> brokers = List.of(1, 2, 3, 4);
        Map<Integer, String> racks = Map.of(1, "a", 2, "a", 3, "b", 4, "b");
        Map<Integer, List<Integer>> assignment = ReplicaAssignor.assign(brokers, racks, 0, 8, 3, 7);
        for (List<Integer> replicas : assignment.values()) {
            assertEquals(3, new HashSet<>(replicas).size());
            assertEquals(2, new HashSet<>(replicas.stream().map(racks::get).toList()).size(), replicas.toString());
        }
    }

    @Test
    void shouldAlternateRacksInBrokerOrder() {
        assertEquals(List.of(1, 3, 5, 2, 4, 6), ReplicaAssignor.rackAlternated(List.of(1, 2, 3, 4, 5, 6),
            Map.of(1, "a", 2, "a", 3, "b", 4, "b", 5, "c", 6, "c")));
        assertEquals(List.of(1, 4, 2, 3), ReplicaAssignor.rackAlternated(List.of(1, 2, 3, 4),
            Map.of(1, "a", 2, "a", 3, "a", 4, "b")));
    }

    @Test
    void shouldIgnoreRacksWhenOnlySomeBrokersHaveOne() {
        Map<Integer, List<Integer>> assignment = ReplicaAssignor.assign(List.of(1, 2, 3), Map.of(1, "a"), 0, 3, 3, 0);
        assignment.values().forEach(replicas -> assertEquals(3, new HashSet<>(replicas).size()));
        assertEquals(Map.of(1, 1, 2, 1, 3, 1), count(assignment, true));
    }

    @Test
    void shouldContinuePartitionNumbersWhenAddingPartitions() {
        Map<Integer, List<Integer>> added = ReplicaAssignor.assign(List.of(1, 2, 3), 4, 2, 2, 0);
        assertEquals(List.of(4, 5), added.keySet().stream().sorted().toList());
    }

    @Test
    void shouldRefuseAFactorAboveTheBrokerCount() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> ReplicaAssignor.assign(List.of(1, 2), 0, 1, 3, 0));
        assertTrue(e.getMessage().contains("Replication factor 3"), e.getMessage());
    }
}
