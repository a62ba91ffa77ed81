package io.zkafka.clients.admin;

import java.util.List;

/**
 * The total partition count a topic should grow to (partitions are only ever added), and optionally
 * the replicas of each new partition (the first its preferred leader); without, the controller
 * places them.
 */
public final class NewPartitions {
    private final int totalCount;
    private final List<List<Integer>> newAssignments;

    private NewPartitions(int totalCount, List<List<Integer>> newAssignments) {
        this.totalCount = totalCount;
        this.newAssignments = newAssignments;
    }

    public static NewPartitions increaseTo(int totalCount) {
        return new NewPartitions(totalCount, null);
    }

    /** Grows to {@code totalCount} with one replica list per new partition, in partition order. */
    public static NewPartitions increaseTo(int totalCount, List<List<Integer>> newAssignments) {
        return new NewPartitions(totalCount, newAssignments.stream().map(List::copyOf).toList());
    }

    public int totalCount() {
        return totalCount;
    }

    /** The new partitions' replicas, or null when the controller places them. */
    public List<List<Integer>> assignments() {
        return newAssignments;
    }

    @Override
    public String toString() {
        return "(totalCount=" + totalCount + ", newAssignments=" + newAssignments + ")";
    }
}
