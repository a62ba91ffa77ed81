package io.zkafka.common.replica;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Places replicas of new partitions on live brokers, spread evenly: partition {@code p}'s first
 * replica (its preferred leader) goes to broker {@code (start + p) mod n} of an ordered broker list,
 * its followers follow at a shift that also changes every {@code n} partitions, so leaders and
 * followers both spread. {@code start} differs per topic, so small topics do not all land on the
 * first broker.
 *
 * <p>When every broker has a rack, the list alternates racks (rack a's first broker, rack b's
 * first, ..., then each rack's second), so consecutive leaders sit on different racks, and a
 * follower is taken only from a rack without a replica of the partition until every rack has one.
 * When only some brokers have a rack the placement ignores racks. Stateless.
 */
public final class ReplicaAssignor {
    private ReplicaAssignor() {
    }

    /** Rack-unaware placement over {@code brokerIds}, sorted. */
    public static Map<Integer, List<Integer>> assign(List<Integer> brokerIds, int firstPartition, int partitions,
                                                     int replicationFactor, int start) {
        return assign(brokerIds, Map.of(), firstPartition, partitions, replicationFactor, start);
    }

    /**
     * @param brokerIds live broker ids, sorted
     * @param racks rack per broker id; a broker without an entry (or with null) has none
     * @param firstPartition the first partition id to assign (0 for a new topic)
     * @param start where the first replica of partition 0 goes, e.g. a per-topic random number
     */
    public static Map<Integer, List<Integer>> assign(List<Integer> brokerIds, Map<Integer, String> racks,
                                                     int firstPartition, int partitions, int replicationFactor,
                                                     int start) {
        int n = brokerIds.size();
        if (replicationFactor < 1 || replicationFactor > n) {
            throw new IllegalArgumentException("Replication factor " + replicationFactor + " is larger than the "
                + n + " live broker(s)");
        }
        boolean rackAware = brokerIds.stream().allMatch(id -> racks.get(id) != null);
        List<Integer> ordered = rackAware ? rackAlternated(brokerIds, racks) : brokerIds;
        int rackCount = rackAware ? new HashSet<>(racks.values()).size() : n;
        Map<Integer, List<Integer>> assignment = new HashMap<>();
        int startIndex = Math.floorMod(start, n);
        int shift = Math.floorMod(start / n, Math.max(n - 1, 1));
        for (int i = 0; i < partitions; i++) {
            int p = firstPartition + i;
            int first = (startIndex + p) % n;
            int followerShift = n == 1 ? 0 : 1 + (shift + p / n) % (n - 1);
            List<Integer> replicas = new ArrayList<>(replicationFactor);
            Set<String> racksUsed = new HashSet<>();
            replicas.add(ordered.get(first));
            racksUsed.add(rackOf(ordered.get(first), rackAware, racks));
            for (int k = 0; k < 2 * n && replicas.size() < replicationFactor; k++) {
                int candidate = ordered.get((first + followerShift + k) % n);
                String rack = rackOf(candidate, rackAware, racks);
                if (replicas.contains(candidate) || (racksUsed.size() < rackCount && racksUsed.contains(rack))) {
                    continue;
                }
                replicas.add(candidate);
                racksUsed.add(rack);
            }
            assignment.put(p, List.copyOf(replicas));
        }
        return assignment;
    }

    private static String rackOf(int broker, boolean rackAware, Map<Integer, String> racks) {
        return rackAware ? racks.get(broker) : String.valueOf(broker);
    }

    /** Brokers ordered so that racks alternate: each rack's first broker, then each rack's second, ... */
    static List<Integer> rackAlternated(List<Integer> brokerIds, Map<Integer, String> racks) {
        Map<String, List<Integer>> byRack = new TreeMap<>();
        for (int id : brokerIds) {
            byRack.computeIfAbsent(racks.get(id), r -> new ArrayList<>()).add(id);
        }
        List<Integer> ordered = new ArrayList<>(brokerIds.size());
        for (int round = 0; ordered.size() < brokerIds.size(); round++) {
            for (List<Integer> rackBrokers : byRack.values()) {
                if (round < rackBrokers.size()) {
                    ordered.add(rackBrokers.get(round));
                }
            }
        }
        return ordered;
    }
}
