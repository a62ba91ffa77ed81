package io.zkafka.clients.consumer;

import io.zkafka.clients.consumer.ConsumerPartitionAssignor.Subscription;
import io.zkafka.common.TopicPartition;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A balanced assignment that keeps each member's owned partitions where balance allows, in three
 * steps:
 * <ol>
 *   <li>Valid ownership: a member keeps a claim only on an existing partition of a topic it
 *   subscribes to, and only if its generation is the newest among the members; a partition claimed
 *   twice in that generation is kept by neither.</li>
 *   <li>With equal subscriptions (the common case) each member keeps at most its quota: with P
 *   partitions and M members, {@code P / M}, and {@code P % M} of them one more, the extra slots
 *   going to the first members (by id) that own enough. That sheds the fewest partitions possible.</li>
 *   <li>Unowned partitions go one by one to the eligible member holding fewest (ties by member id);
 *   then, while a member holds two more than another member that could take one of its partitions,
 *   one moves, preferring partitions the giver did not own before. The moves are bounded by
 *   partitions x members.</li>
 * </ol>
 * Not thread-safe; one instance per assignment.
 */
final class StickyBalancer {
    private final Map<String, Subscription> subscriptions = new TreeMap<>();
    private final Map<String, Set<String>> topicsByMember = new HashMap<>();
    private final List<TopicPartition> allPartitions = new ArrayList<>();
    private final Map<String, List<TopicPartition>> assignment = new TreeMap<>();
    private final Map<String, Set<TopicPartition>> previouslyOwned = new HashMap<>();

    StickyBalancer(Map<String, Integer> partitionsPerTopic, Map<String, Subscription> subscriptions) {
        this.subscriptions.putAll(subscriptions);
        Set<String> topics = new java.util.TreeSet<>();
        this.subscriptions.forEach((member, subscription) -> {
            topicsByMember.put(member, new HashSet<>(subscription.topics()));
            topics.addAll(subscription.topics());
            assignment.put(member, new ArrayList<>());
        });
        for (String topic : topics) {
            Integer count = partitionsPerTopic.get(topic);
            for (int p = 0; count != null && p < count; p++) {
                allPartitions.add(new TopicPartition(topic, p));
            }
        }
    }

    /** Member id -> partitions, every member present; callers own the lists. */
    Map<String, List<TopicPartition>> balance() {
        if (subscriptions.isEmpty()) {
            return Map.of();
        }
        keepValidOwnership();
        if (allSubscriptionsEqual()) {
            trimToQuota();
        }
        Set<TopicPartition> taken = new HashSet<>();
        assignment.values().forEach(taken::addAll);
        for (TopicPartition tp : allPartitions) {
            if (!taken.contains(tp)) {
                String member = leastLoadedEligible(tp);
                if (member != null) {
                    assignment.get(member).add(tp);
                }
            }
        }
        moveTowardsBalance();
        Map<String, List<TopicPartition>> result = new LinkedHashMap<>();
        assignment.forEach((member, partitions) -> result.put(member, new ArrayList<>(partitions)));
        return result;
    }

    private void keepValidOwnership() {
        Set<TopicPartition> existing = new HashSet<>(allPartitions);
        int newestGeneration = subscriptions.values().stream().filter(s -> !s.ownedPartitions().isEmpty())
            .mapToInt(Subscription::generationId).max().orElse(-1);
        Map<TopicPartition, String> owner = new HashMap<>();
        Set<TopicPartition> contested = new HashSet<>();
        subscriptions.forEach((member, subscription) -> {
            if (subscription.generationId() < newestGeneration) {
                return; // owned in an older generation: its partitions may have moved since
            }
            for (TopicPartition tp : subscription.ownedPartitions()) {
                if (!existing.contains(tp) || !topicsByMember.get(member).contains(tp.topic())) {
                    continue;
                }
                String previous = owner.putIfAbsent(tp, member);
                if (previous != null && !previous.equals(member)) {
                    contested.add(tp);
                }
            }
        });
        owner.forEach((tp, member) -> {
            if (!contested.contains(tp)) {
                assignment.get(member).add(tp);
                previouslyOwned.computeIfAbsent(member, m -> new HashSet<>()).add(tp);
            }
        });
        assignment.values().forEach(list -> list.sort(PARTITION_ORDER));
    }

    private boolean allSubscriptionsEqual() {
        Set<String> first = topicsByMember.values().iterator().next();
        return topicsByMember.values().stream().allMatch(first::equals);
    }

    private void trimToQuota() {
        int members = assignment.size();
        int minQuota = allPartitions.size() / members;
        int extraSlots = allPartitions.size() % members;
        for (List<TopicPartition> owned : assignment.values()) {
            int keep = Math.min(owned.size(), minQuota);
            if (extraSlots > 0 && owned.size() > minQuota) {
                keep = minQuota + 1;
                extraSlots--;
            }
            owned.subList(keep, owned.size()).clear();
        }
    }

    private String leastLoadedEligible(TopicPartition tp) {
        String best = null;
        for (Map.Entry<String, List<TopicPartition>> entry : assignment.entrySet()) {
            if (topicsByMember.get(entry.getKey()).contains(tp.topic())
                    && (best == null || entry.getValue().size() < assignment.get(best).size())) {
                best = entry.getKey();
            }
        }
        return best;
    }

    private void moveTowardsBalance() {
        int bound = allPartitions.size() * Math.max(1, assignment.size());
        for (int moves = 0; moves < bound; moves++) {
            if (!moveOne()) {
                return;
            }
        }
    }

    /** Moves one partition from a member to one holding at least two fewer that subscribes to its topic. */
    private boolean moveOne() {
        List<String> byLoad = new ArrayList<>(assignment.keySet());
        byLoad.sort(Comparator.comparingInt((String m) -> assignment.get(m).size()).reversed()
            .thenComparing(Comparator.naturalOrder()));
        for (String giver : byLoad) {
            List<TopicPartition> given = new ArrayList<>(assignment.get(giver));
            Set<TopicPartition> owned = previouslyOwned.getOrDefault(giver, Set.of());
            given.sort(Comparator.comparing((TopicPartition tp) -> owned.contains(tp)).thenComparing(PARTITION_ORDER));
            for (TopicPartition tp : given) {
                String taker = leastLoadedEligible(tp);
                if (taker != null && assignment.get(taker).size() + 1 < assignment.get(giver).size()) {
                    assignment.get(giver).remove(tp);
                    assignment.get(taker).add(tp);
                    return true;
                }
            }
        }
        return false;
    }

    private static final Comparator<TopicPartition> PARTITION_ORDER =
        Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition);
}
