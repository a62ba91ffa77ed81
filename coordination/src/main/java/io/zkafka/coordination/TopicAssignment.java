package io.zkafka.coordination;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A topic's replica assignment as stored in {@code /brokers/topics/<topic>}: partition number to
 * the ordered replica broker ids (the first is the preferred leader), and the znode version.
 * Immutable.
 */
public record TopicAssignment(String topic, Map<Integer, List<Integer>> partitions, int zkVersion) {
    public TopicAssignment {
        Objects.requireNonNull(topic, "topic");
        TreeMap<Integer, List<Integer>> copy = new TreeMap<>();
        partitions.forEach((p, replicas) -> copy.put(p, List.copyOf(replicas)));
        partitions = Collections.unmodifiableMap(copy);
    }

    public int partitionCount() {
        return partitions.size();
    }

    public List<Integer> replicas(int partition) {
        List<Integer> replicas = partitions.get(partition);
        if (replicas == null) {
            throw new IllegalArgumentException("topic " + topic + " has no partition " + partition);
        }
        return replicas;
    }
}
