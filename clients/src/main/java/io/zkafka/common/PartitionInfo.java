package io.zkafka.common;

import java.util.List;

/**
 * What metadata says about one partition: its leader (null when it has none) and its replicas.
 * Immutable.
 */
public final class PartitionInfo {
    private final String topic;
    private final int partition;
    private final Node leader;
    private final List<Node> replicas;
    private final List<Node> inSyncReplicas;
    private final List<Node> offlineReplicas;

    public PartitionInfo(String topic, int partition, Node leader, List<Node> replicas, List<Node> inSyncReplicas,
                         List<Node> offlineReplicas) {
        this.topic = topic;
        this.partition = partition;
        this.leader = leader;
        this.replicas = List.copyOf(replicas);
        this.inSyncReplicas = List.copyOf(inSyncReplicas);
        this.offlineReplicas = List.copyOf(offlineReplicas);
    }

    public String topic() {
        return topic;
    }

    public int partition() {
        return partition;
    }

    /** The leader, or null when the partition has none right now. */
    public Node leader() {
        return leader;
    }

    public List<Node> replicas() {
        return replicas;
    }

    public List<Node> inSyncReplicas() {
        return inSyncReplicas;
    }

    public List<Node> offlineReplicas() {
        return offlineReplicas;
    }

    @Override
    public String toString() {
        return "Partition(topic = " + topic + ", partition = " + partition + ", leader = "
            + (leader == null ? "none" : leader.idString()) + ", replicas = " + ids(replicas) + ", isr = "
            + ids(inSyncReplicas) + ", offlineReplicas = " + ids(offlineReplicas) + ")";
    }

    private static String ids(List<Node> nodes) {
        StringBuilder out = new StringBuilder("[");
        for (int i = 0; i < nodes.size(); i++) {
            out.append(i == 0 ? "" : ",").append(nodes.get(i).id());
        }
        return out.append(']').toString();
    }
}
