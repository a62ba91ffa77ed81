package io.zkafka.clients.admin;

import io.zkafka.common.Uuid;
import java.util.List;
import java.util.Objects;

/** A topic's name, id and partitions, in partition order. */
public final class TopicDescription {
    private final String name;
    private final boolean internal;
    private final List<TopicPartitionInfo> partitions;
    private final Uuid topicId;

    public TopicDescription(String name, boolean internal, List<TopicPartitionInfo> partitions) {
        this(name, internal, partitions, Uuid.ZERO);
    }

    public TopicDescription(String name, boolean internal, List<TopicPartitionInfo> partitions, Uuid topicId) {
        this.name = name;
        this.internal = internal;
        this.partitions = List.copyOf(partitions);
        this.topicId = Objects.requireNonNull(topicId, "topicId");
    }

    public String name() {
        return name;
    }

    /** The topic's id; {@link Uuid#ZERO} until the controller gave a topic written before ids one. */
    public Uuid topicId() {
        return topicId;
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
            && partitions.equals(other.partitions) && topicId.equals(other.topicId);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, internal, partitions, topicId);
    }

    @Override
    public String toString() {
        return "(name=" + name + ", internal=" + internal + ", partitions=" + partitions + ", topicId=" + topicId + ")";
    }
}
