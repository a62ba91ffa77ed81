package io.zkafka.clients.admin;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A topic to create: a partition count and replication factor (the broker's defaults when empty), or an explicit assignment, and configs. */
public final class NewTopic {
    private final String name;
    private final Optional<Integer> numPartitions;
    private final Optional<Short> replicationFactor;
    private final Map<Integer, List<Integer>> replicasAssignments;
    private Map<String, String> configs = Map.of();

    public NewTopic(String name, int numPartitions, short replicationFactor) {
        this(name, Optional.of(numPartitions), Optional.of(replicationFactor));
    }

    public NewTopic(String name, Optional<Integer> numPartitions, Optional<Short> replicationFactor) {
        this.name = name;
        this.numPartitions = numPartitions;
        this.replicationFactor = replicationFactor;
        this.replicasAssignments = null;
    }

    /** A topic with an explicit assignment: partition number to the broker ids of its replicas. */
    public NewTopic(String name, Map<Integer, List<Integer>> replicasAssignments) {
        this.name = name;
        this.numPartitions = Optional.empty();
        this.replicationFactor = Optional.empty();
        this.replicasAssignments = Map.copyOf(replicasAssignments);
    }

    public String name() {
        return name;
    }

    /** -1 when the broker's default applies. */
    public int numPartitions() {
        return numPartitions.orElse(-1);
    }

    /** -1 when the broker's default applies. */
    public short replicationFactor() {
        return replicationFactor.orElse((short) -1);
    }

    public Map<Integer, List<Integer>> replicasAssignments() {
        return replicasAssignments;
    }

    public NewTopic configs(Map<String, String> configs) {
        this.configs = configs == null ? Map.of() : new HashMap<>(configs);
        return this;
    }

    public Map<String, String> configs() {
        return configs;
    }

    @Override
    public String toString() {
        return "(name=" + name + ", numPartitions=" + numPartitions.map(String::valueOf).orElse("default")
            + ", replicationFactor=" + replicationFactor.map(String::valueOf).orElse("default")
            + ", replicasAssignments=" + replicasAssignments + ", configs=" + configs + ")";
    }
}
