package io.zkafka.coordination;

import io.zkafka.common.TopicPartition;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Everything a broker needs to rebuild its view of the cluster, read in one pass: live brokers,
 * every topic's assignment, partition states and config overrides, and pending topic deletions.
 * Immutable.
 */
public record ClusterSnapshot(Map<Integer, BrokerInfo> liveBrokers, Map<String, TopicSnapshot> topics,
                              Set<String> pendingDeletions) {
    /** One topic: its assignment, the state of each partition that has one, and its config overrides. */
    public record TopicSnapshot(TopicAssignment assignment, Map<Integer, PartitionState> partitionStates,
                                TopicConfig config) {
        public TopicSnapshot {
            partitionStates = Map.copyOf(partitionStates);
        }
    }

    public ClusterSnapshot {
        liveBrokers = Map.copyOf(liveBrokers);
        topics = Map.copyOf(topics);
        pendingDeletions = Set.copyOf(pendingDeletions);
    }

    public Optional<PartitionState> partitionState(TopicPartition tp) {
        TopicSnapshot topic = topics.get(tp.topic());
        return topic == null ? Optional.empty() : Optional.ofNullable(topic.partitionStates().get(tp.partition()));
    }
}
