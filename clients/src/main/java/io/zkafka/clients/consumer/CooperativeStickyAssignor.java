package io.zkafka.clients.consumer;

import io.zkafka.common.TopicPartition;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Kafka's cooperative sticky assignment: a balanced split that leaves each member what it owns
 * wherever balance allows ({@link StickyBalancer}), then withholds every partition that changes
 * owner. The member that owned such a partition finds it missing from its assignment, revokes just
 * that partition and rejoins; in the follow-up rebalance nobody owns it any more and it goes to its
 * new member. No partition is ever assigned to two members at once, and partitions that do not move
 * are never revoked.
 */
public final class CooperativeStickyAssignor implements ConsumerPartitionAssignor {
    public static final String NAME = "cooperative-sticky";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<RebalanceProtocol> supportedProtocols() {
        return List.of(RebalanceProtocol.EAGER, RebalanceProtocol.COOPERATIVE);
    }

    @Override
    public Map<String, List<TopicPartition>> assign(Map<String, Integer> partitionsPerTopic,
                                                    Map<String, List<String>> subscriptions) {
        Map<String, Subscription> withoutOwnership = new LinkedHashMap<>();
        subscriptions.forEach((member, topics) -> withoutOwnership.put(member, new Subscription(topics)));
        return assignWithOwnership(partitionsPerTopic, withoutOwnership);
    }

    @Override
    public Map<String, List<TopicPartition>> assignWithOwnership(Map<String, Integer> partitionsPerTopic,
                                                                 Map<String, Subscription> subscriptions) {
        Map<String, List<TopicPartition>> target = new StickyBalancer(partitionsPerTopic, subscriptions).balance();
        Map<TopicPartition, Set<String>> owners = new HashMap<>();
        subscriptions.forEach((member, subscription) -> subscription.ownedPartitions().forEach(tp ->
            owners.computeIfAbsent(tp, t -> new HashSet<>()).add(member)));
        Map<String, List<TopicPartition>> withheld = new LinkedHashMap<>();
        target.forEach((member, partitions) -> {
            List<TopicPartition> now = new ArrayList<>();
            for (TopicPartition tp : partitions) {
                Set<String> owner = owners.getOrDefault(tp, Set.of());
                if (owner.isEmpty() || owner.equals(Set.of(member))) {
                    now.add(tp);
                }
            }
            withheld.put(member, now);
        });
        return withheld;
    }
}
