package io.zkafka.clients.admin;

import java.util.List;
import java.util.Objects;

/** A topic's name and partitions, in partition order. */
public final class TopicDescription {
    private final String name;
    private final boolean internal;
    private final List<TopicPartitionInfo> partitions;

    public TopicDescription(String name, boolean internal, List<TopicPartitionInfo> partitions) {
        this.name = name;
        this.internal = internal;
        this.partitions = List.copyOf(partitions);
    }

    public String name() {
        return name;
    }

    public boolean isInternal() {
        return internal;
    }

    public List<TopicPartitionInfo> partitions() {
        return partitions;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TopicDescription other && name.equals(other.name) && internal == other.internal
            && partitions.equals(other.partitions);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, internal, partitions);
    }

    @Override
    public String toString() {
        return "(name=" + name + ", internal=" + internal + ", partitions=" + partitions + ")";
    }
}
