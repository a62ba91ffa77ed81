package io.zkafka.clients.admin;

import io.zkafka.common.Node;
import java.util.List;
import java.util.Objects;

/** One partition of a described topic: its leader (null when it has none), replicas and in-sync replicas. */
public final class TopicPartitionInfo {
    private final int partition;
    private final Node leader;
    private final List<Node> replicas;
    private final List<Node> isr;

    public TopicPartitionInfo(int partition, Node leader, List<Node> replicas, List<Node> isr) {
        this.partition = partition;
        this.leader = leader;
        this.replicas = List.copyOf(replicas);
        this.isr = List.copyOf(isr);
    }

    public int partition() {
        return partition;
    }

    public Node leader() {
        return leader;
    }

    public List<Node> replicas() {
        return replicas;
    }

    public List<Node> isr() {
        return isr;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TopicPartitionInfo other && partition == other.partition
            && Objects.equals(leader, other.leader) && replicas.equals(other.replicas) && isr.equals(other.isr);
    }

    @Override
    public int hashCode() {
        return Objects.hash(partition, leader, replicas, isr);
    }

    @Override
    public String toString() {
        return "(partition=" + partition + ", leader=" + leader + ", replicas=" + replicas + ", isr=" + isr + ")";
    }
}
