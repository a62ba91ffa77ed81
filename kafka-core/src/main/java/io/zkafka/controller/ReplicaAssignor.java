package io.zkafka.controller;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Places replicas of new partitions on live brokers, spread evenly: partition {@code p}'s first
 * replica goes to broker {@code (start + p) mod n}, its followers follow at a shift that also
 * changes every {@code n} partitions, so leaders and followers both spread. {@code start} differs
 * per topic, so small topics do not all land on the first broker. Stateless.
 */
public final class ReplicaAssignor {
    private ReplicaAssignor() {
    }

    /**
     * @param brokerIds live broker ids, sorted
     * @param firstPartition the first partition id to assign (0 for a new topic)
     * @param start where the first replica of partition 0 goes, e.g. a per-topic random number
     */
    public static Map<Integer, List<Integer>> assign(List<Integer> brokerIds, int firstPartition, int partitions,
                                                     int replicationFactor, int start) {
        int n = brokerIds.size();
        if (replicationFactor < 1 || replicationFactor > n) {
            throw new IllegalArgumentException("Replication factor " + replicationFactor + " is larger than the "
                + n + " live broker(s)");
        }
        Map<Integer, List<Integer>> assignment = new HashMap<>();
        int startIndex = Math.floorMod(start, n);
        int shift = Math.floorMod(start / n, Math.max(n - 1, 1));
        for (int i = 0; i < partitions; i++) {
            int p = firstPartition + i;
            int first = (startIndex + p) % n;
            int rotation = shift + p / n;
            List<Integer> replicas = new ArrayList<>(replicationFactor);
            replicas.add(brokerIds.get(first));
            for (int r = 1; r < replicationFactor; r++) {
                int followerShift = 1 + (rotation + r - 1) % (n - 1);
                replicas.add(brokerIds.get((first + followerShift) % n));
            }
            assignment.put(p, List.copyOf(replicas));
        }
        return assignment;
    }
}
