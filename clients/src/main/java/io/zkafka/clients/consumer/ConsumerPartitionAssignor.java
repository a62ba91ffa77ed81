package io.zkafka.clients.consumer;

import io.zkafka.common.TopicPartition;
import java.util.List;
import java.util.Map;

/**
 * Computes a group's assignment on its leader. Eager: every member gives up everything before the
 * rejoin, so an assignor only splits partitions, it never needs the previous owners.
 */
public interface ConsumerPartitionAssignor {

    /** The protocol name sent in JoinGroup (Kafka's: "range", "roundrobin"). */
    String name();

    /**
     * @param partitionsPerTopic partition count of every topic some member subscribes to (missing topics absent)
     * @param subscriptions member id -> subscribed topics, members in a stable order
     * @return member id -> partitions, every member present (possibly with none)
     */
    Map<String, List<TopicPartition>> assign(Map<String, Integer> partitionsPerTopic,
                                             Map<String, List<String>> subscriptions);
}
