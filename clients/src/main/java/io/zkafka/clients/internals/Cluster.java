package io.zkafka.clients.internals;

import io.zkafka.common.Node;
import io.zkafka.common.PartitionInfo;
import io.zkafka.common.TopicPartition;
import io.zkafka.common.message.BrokerNode;
import io.zkafka.common.message.MetadataResponse;
import io.zkafka.common.protocol.Errors;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One immutable snapshot of what metadata said: live brokers, the controller, and per topic its
 * partitions and their leaders. Topics the broker answered with an error are kept apart
 * ({@link #topicError}). Immutable, so any thread may read it.
 */
public final class Cluster {
    private static final Cluster EMPTY = new Cluster(null, null, Map.of(), Map.of(), Map.of());

    private final String clusterId;
    private final Node controller;
    private final Map<Integer, Node> nodesById;
    private final Map<String, List<PartitionInfo>> partitionsByTopic;
    private final Map<String, List<PartitionInfo>> availablePartitionsByTopic;
    private final Map<TopicPartition, PartitionInfo> partitionsByTopicPartition;
    private final Map<Integer, List<TopicPartition>> partitionsByLeader;
    private final Map<String, Errors> topicErrors;

    private Cluster(String clusterId, Node controller, Map<Integer, Node> nodesById,
                    Map<String, List<PartitionInfo>> partitionsByTopic, Map<String, Errors> topicErrors) {
        this.clusterId = clusterId;
        this.controller = controller;
        this.nodesById = nodesById;
        this.partitionsByTopic = partitionsByTopic;
        this.topicErrors = topicErrors;
        Map<String, List<PartitionInfo>> available = new HashMap<>();
        Map<TopicPartition, PartitionInfo> byTopicPartition = new HashMap<>();
        Map<Integer, List<TopicPartition>> byLeader = new HashMap<>();
        partitionsByTopic.forEach((topic, partitions) -> {
            List<PartitionInfo> withLeader = new ArrayList<>();
            for (PartitionInfo partition : partitions) {
                TopicPartition topicPartition = new TopicPartition(topic, partition.partition());
                byTopicPartition.put(topicPartition, partition);
                if (partition.leader() != null) {
                    withLeader.add(partition);
                    byLeader.computeIfAbsent(partition.leader().id(), id -> new ArrayList<>()).add(topicPartition);
                }
            }
            available.put(topic, List.copyOf(withLeader));
        });
        this.availablePartitionsByTopic = Collections.unmodifiableMap(available);
        this.partitionsByTopicPartition = Collections.unmodifiableMap(byTopicPartition);
        byLeader.replaceAll((id, list) -> List.copyOf(list));
        this.partitionsByLeader = Collections.unmodifiableMap(byLeader);
    }

    /** A cluster nothing is known about yet. */
    public static Cluster empty() {
        return EMPTY;
    }

    /** A cluster of the given brokers and partitions (partitions listed per topic, in partition order). */
    public static Cluster of(String clusterId, Node controller, List<Node> nodes, List<PartitionInfo> partitions) {
        Map<Integer, Node> nodesById = new HashMap<>();
        nodes.forEach(node -> nodesById.put(node.id(), node));
        Map<String, List<PartitionInfo>> byTopic = new HashMap<>();
        for (PartitionInfo partition : partitions) {
            byTopic.computeIfAbsent(partition.topic(), t -> new ArrayList<>()).add(partition);
        }
        byTopic.replaceAll((topic, list) -> {
            list.sort((a, b) -> Integer.compare(a.partition(), b.partition()));
            return List.copyOf(list);
        });
        return new Cluster(clusterId, controller, Map.copyOf(nodesById), Map.copyOf(byTopic), Map.of());
    }

    /** The snapshot a metadata response describes. A leader that is not a live broker counts as none. */
    public static Cluster from(MetadataResponse response) {
        Map<Integer, Node> nodesById = new HashMap<>();
        for (BrokerNode broker : response.brokers()) {
            nodesById.put(broker.id(), new Node(broker.id(), broker.host(), broker.port(), broker.rack()));
        }
        Map<String, List<PartitionInfo>> byTopic = new HashMap<>();
        Map<String, Errors> errors = new HashMap<>();
        for (MetadataResponse.TopicMetadata topic : response.topics()) {
            if (topic.error() != Errors.NONE) {
                errors.put(topic.name(), topic.error());
                continue;
            }
            List<PartitionInfo> partitions = new ArrayList<>(topic.partitions().size());
            for (MetadataResponse.PartitionMetadata p : topic.partitions()) {
                partitions.add(new PartitionInfo(topic.name(), p.partition(), nodesById.get(p.leader()),
                    nodes(nodesById, p.replicas(), p.partition()), nodes(nodesById, p.isr(), p.partition()),
                    nodes(nodesById, p.offlineReplicas(), p.partition())));
            }
            partitions.sort((a, b) -> Integer.compare(a.partition(), b.partition()));
            byTopic.put(topic.name(), List.copyOf(partitions));
        }
        Node controller = nodesById.get(response.controllerId());
        return new Cluster(response.clusterId(), controller, Map.copyOf(nodesById), Map.copyOf(byTopic),
            Map.copyOf(errors));
    }

    /** Replica ids as nodes; a replica on a broker that is not live keeps its id with no address. */
    private static List<Node> nodes(Map<Integer, Node> nodesById, List<Integer> ids, int partition) {
        if (ids == null) {
            return List.of();
        }
        List<Node> nodes = new ArrayList<>(ids.size());
        for (int id : ids) {
            Node node = nodesById.get(id);
            nodes.add(node != null ? node : new Node(id, "", -1, null));
        }
        return nodes;
    }

    public String clusterId() {
        return clusterId;
    }

    /** The controller, or null when metadata did not name a live one. */
    public Node controller() {
        return controller;
    }

    public Node nodeById(int id) {
        return nodesById.get(id);
    }

    public List<Node> nodes() {
        return List.copyOf(nodesById.values());
    }

    public boolean isEmpty() {
        return nodesById.isEmpty();
    }

    /** Every partition of the topic, in partition order; empty when the topic is not known. */
    public List<PartitionInfo> partitionsForTopic(String topic) {
        return partitionsByTopic.getOrDefault(topic, List.of());
    }

    /** The partitions of the topic that have a leader right now. */
    public List<PartitionInfo> availablePartitionsForTopic(String topic) {
        return availablePartitionsByTopic.getOrDefault(topic, List.of());
    }

    /** The number of partitions, or null when the topic is not known. */
    public Integer partitionCountForTopic(String topic) {
        List<PartitionInfo> partitions = partitionsByTopic.get(topic);
        return partitions == null ? null : partitions.size();
    }

    public PartitionInfo partition(TopicPartition partition) {
        return partitionsByTopicPartition.get(partition);
    }

    /** The partition's leader, or null when the partition or its leader is unknown. */
    public Node leaderFor(TopicPartition partition) {
        PartitionInfo info = partitionsByTopicPartition.get(partition);
        return info == null ? null : info.leader();
    }

    /** The partitions the broker leads. */
    public List<TopicPartition> partitionsForLeader(int nodeId) {
        return partitionsByLeader.getOrDefault(nodeId, List.of());
    }

    public Set<String> topics() {
        return partitionsByTopic.keySet();
    }

    /** The error metadata gave for the topic (unknown, invalid name, ...), or null. */
    public Errors topicError(String topic) {
        return topicErrors.get(topic);
    }

    @Override
    public String toString() {
        return "Cluster(id=" + clusterId + ", nodes=" + nodesById.values() + ", controller=" + controller
            + ", topics=" + partitionsByTopic.keySet() + ")";
    }
}
