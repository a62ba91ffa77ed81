package io.zkafka.coordination;

import io.zkafka.common.Uuid;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A topic's replica assignment as stored in {@code /brokers/topics/<topic>}: partition number to
 * the ordered replica broker ids (the first is the preferred leader), the znode version, and the
 * topic's id ({@link Uuid#ZERO} for a topic written before ids, until the controller gives it one).
 * Immutable.
 */
public record TopicAssignment(String topic, Map<Integer, List<Integer>> partitions, int zkVersion, Uuid topicId) {
    public TopicAssignment {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(topicId, "topicId");
        TreeMap<Integer, List<Integer>> copy = new TreeMap<>();
        partitions.forEach((p, replicas) -> copy.put(p, List.copyOf(replicas)));
        partitions = Collections.unmodifiableMap(copy);
    }

    /** An assignment without an id (tests, and topics written before ids). */
    public TopicAssignment(String topic, Map<Integer, List<Integer>> partitions, int zkVersion) {
        this(topic, partitions, zkVersion, Uuid.ZERO);
    }

    /** The same topic and id with other partitions, to be written over {@code zkVersion}. */
    public TopicAssignment withPartitions(Map<Integer, List<Integer>> newPartitions) {
        return new TopicAssignment(topic, newPartitions, zkVersion, topicId);
    }

    public boolean hasTopicId() {
        return !topicId.equals(Uuid.ZERO);
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
