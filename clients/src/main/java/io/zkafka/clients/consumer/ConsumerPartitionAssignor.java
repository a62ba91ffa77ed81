package io.zkafka.clients.consumer;

import io.zkafka.common.TopicPartition;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Computes a group's assignment on its leader. An eager assignor only splits partitions (every
 * member gave up everything before the rejoin); a cooperative one also sees what each member owns
 * and withholds partitions that change owner until their owner has revoked them.
 */
public interface ConsumerPartitionAssignor {

    /** How members hand partitions over during a rebalance. */
    enum RebalanceProtocol {
        /** Everyone revokes everything before rejoining. */
        EAGER,
        /** Members keep what does not move; a moving partition is revoked first, reassigned in a follow-up rebalance. */
        COOPERATIVE
    }

    /**
     * One member's subscription as the leader sees it.
     *
     * @param topics the subscribed topics
     * @param ownedPartitions what the member owned when it joined (empty under the eager protocol)
     * @param generationId the generation in which it got them, -1 when unknown
     */
    record Subscription(List<String> topics, List<TopicPartition> ownedPartitions, int generationId) {
        public Subscription {
            topics = List.copyOf(topics);
            ownedPartitions = List.copyOf(ownedPartitions);
        }

        public Subscription(List<String> topics) {
            this(topics, List.of(), -1);
        }
    }

    /** The protocol name sent in JoinGroup (Kafka's: "range", "roundrobin", "cooperative-sticky"). */
    String name();

    /** The rebalance protocols this assignor works with, most preferred last (Kafka's order). */
    default List<RebalanceProtocol> supportedProtocols() {
        return List.of(RebalanceProtocol.EAGER);
    }

    /**
     * @param partitionsPerTopic partition count of every topic some member subscribes to (missing topics absent)
     * @param subscriptions member id -> subscribed topics, members in a stable order
     * @return member id -> partitions, every member present (possibly with none)
     */
    Map<String, List<TopicPartition>> assign(Map<String, Integer> partitionsPerTopic,
                                             Map<String, List<String>> subscriptions);

    /** As {@link #assign(Map, Map)}, with what each member owns; eager assignors ignore ownership. */
    default Map<String, List<TopicPartition>> assignWithOwnership(Map<String, Integer> partitionsPerTopic,
                                                                  Map<String, Subscription> subscriptions) {
        Map<String, List<String>> topics = new LinkedHashMap<>();
        subscriptions.forEach((member, subscription) -> topics.put(member, subscription.topics()));
        return assign(partitionsPerTopic, topics);
    }
}
