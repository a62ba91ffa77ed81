package io.zkafka.clients.admin;

/** The total partition count a topic should grow to (partitions are only ever added). */
public final class NewPartitions {
    private final int totalCount;

    private NewPartitions(int totalCount) {
        this.totalCount = totalCount;
    }

    public static NewPartitions increaseTo(int totalCount) {
        return new NewPartitions(totalCount);
    }

    public int totalCount() {
        return totalCount;
    }

    @Override
    public String toString() {
        return "(totalCount=" + totalCount + ")";
    }
}
