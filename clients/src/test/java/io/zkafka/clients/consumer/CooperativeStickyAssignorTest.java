package io.zkafka.clients.consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkafka.clients.consumer.ConsumerPartitionAssignor.Subscription;
import io.zkafka.clients.consumer.internals.ConsumerProtocol;
import io.zkafka.common.TopicPartition;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerPartitionAssignor.GroupSubscription;
import org.apache.kafka.common.Cluster;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.PartitionInfo;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;

/**
 * Balance, stickiness and the two-step hand-over of {@link CooperativeStickyAssignor}, over seeded
 * random groups, and a comparison with Kafka 3.9's CooperativeStickyAssignor over two rounds (the
 * revoking one and its follow-up): the final balance must equal Kafka's and we must move no more
 * owned partitions than it does.
 */
class CooperativeStickyAssignorTest {
    /** Reseeded per repetition: JUnit makes a new instance for each, so a fixed seed would repeat one group. */
    private Random random = new Random(20261122L);
    private final CooperativeStickyAssignor assignor = new CooperativeStickyAssignor();

    /** A random group: topics with partition counts, members with subscriptions and random previous ownership. */
    private record Group(Map<String, Integer> partitionsPerTopic, Map<String, Subscription> subscriptions) {
    }

    @Test
    void shouldSplitEvenlyWithoutOwnership() {
        Map<String, List<TopicPartition>> result = assignor.assign(Map.of("t", 10),
            Map.of("a", List.of("t"), "b", List.of("t"), "c", List.of("t")));
        assertEquals(List.of(3, 3, 4), result.values().stream().map(List::size).sorted().toList());
        assertEveryPartitionOnce(result, 10);
    }

    @Test
    void shouldWithholdAMovingPartitionUntilItsOwnerRevokedIt() {
        List<TopicPartition> all = partitions("t", 4);
        Map<String, Subscription> first = new TreeMap<>(Map.of(
            "a", new Subscription(List.of("t"), all, 3),
            "b", new Subscription(List.of("t"), List.of(), -1)));
        Map<String, List<TopicPartition>> round1 = assignor.assignWithOwnership(Map.of("t", 4), first);
        assertEquals(2, round1.get("a").size(), "a keeps two");
        assertEquals(List.of(), round1.get("b"), "b waits until a revoked");

        Map<String, Subscription> second = new TreeMap<>(Map.of(
            "a", new Subscription(List.of("t"), round1.get("a"), 4),
            "b", new Subscription(List.of("t"), List.of(), 4)));
        Map<String, List<TopicPartition>> round2 = assignor.assignWithOwnership(Map.of("t", 4), second);
        assertEquals(round1.get("a"), round2.get("a"), "a's partitions do not move again");
        Set<TopicPartition> revoked = new HashSet<>(all);
        revoked.removeAll(round1.get("a"));
        assertEquals(revoked, new HashSet<>(round2.get("b")));
    }

    @Test
    void shouldGiveNobodyAPartitionTwoMembersClaimInTheSameGeneration() {
        TopicPartition t0 = new TopicPartition("t", 0);
        Map<String, List<TopicPartition>> result = assignor.assignWithOwnership(Map.of("t", 2), new TreeMap<>(Map.of(
            "a", new Subscription(List.of("t"), List.of(t0), 2),
            "b", new Subscription(List.of("t"), List.of(t0), 2))));
        assertTrue(result.values().stream().noneMatch(list -> list.contains(t0)), "contested partition withheld: "
            + result);
    }

    @RepeatedTest(60)
    void shouldStayBalancedAndNeverRevokeWhatDoesNotMove(RepetitionInfo repetition) {
        random = new Random(1_000L + repetition.getCurrentRepetition());
        Group group = randomGroup(random.nextBoolean());
        Map<String, List<TopicPartition>> round1 = assignor.assignWithOwnership(group.partitionsPerTopic(),
            group.subscriptions());
        Set<TopicPartition> seen = new HashSet<>();
        round1.forEach((member, partitions) -> partitions.forEach(tp ->
            assertTrue(seen.add(tp), tp + " given twice in " + round1)));
        group.subscriptions().forEach((member, subscription) -> round1.values().forEach(partitions -> {
            if (partitions != round1.get(member)) {
                assertTrue(Collections.disjoint(partitions, subscription.ownedPartitions()),
                    "a partition still owned by " + member + " was given to another member: " + round1);
            }
        }));
        Map<String, List<TopicPartition>> round2 = followUp(assignor, group, round1);
        round1.forEach((member, kept) -> assertTrue(round2.get(member).containsAll(kept),
            member + " lost partitions in the follow-up rebalance: " + kept + " -> " + round2.get(member)));
        assertEveryPartitionOnce(round2, totalSubscribed(group));
        assertNoImprovingMove(group, round2);
    }

    @RepeatedTest(40)
    void shouldBalanceAsKafkaDoesAndMoveNoMoreOwnedPartitions(RepetitionInfo repetition) {
        random = new Random(2_000L + repetition.getCurrentRepetition());
        Group group = randomGroup(true);
        Map<String, List<TopicPartition>> ours = followUp(assignor, group,
            assignor.assignWithOwnership(group.partitionsPerTopic(), group.subscriptions()));
        Map<String, List<TopicPartition>> kafka = kafkaTwoRounds(group);
        assertEquals(spread(kafka), spread(ours), "balance (most minus fewest) differs from Kafka's");
        assertTrue(moved(group, ours) <= moved(group, kafka), "moved " + moved(group, ours) + " owned partitions, "
            + "Kafka " + moved(group, kafka) + " in " + group);
    }

    @Test
    void shouldRoundTripSubscriptionsWithOwnershipThroughKafkasConsumerProtocol() {
        Subscription ours = new Subscription(List.of("a", "b"), List.of(new TopicPartition("a", 1),
            new TopicPartition("b", 0), new TopicPartition("a", 3)), 7);
        var kafka = org.apache.kafka.clients.consumer.internals.ConsumerProtocol.deserializeSubscription(
            ByteBuffer.wrap(ConsumerProtocol.subscription(ours)));
        assertEquals(List.of("a", "b"), kafka.topics());
        assertEquals(Optional.of(7), kafka.generationId());
        assertEquals(List.of("a-1", "a-3", "b-0"), kafka.ownedPartitions().stream().map(Object::toString).sorted()
            .toList());

        ByteBuffer written = org.apache.kafka.clients.consumer.internals.ConsumerProtocol.serializeSubscription(
            new org.apache.kafka.clients.consumer.ConsumerPartitionAssignor.Subscription(List.of("x"), null,
                List.of(new org.apache.kafka.common.TopicPartition("x", 2)), 5, Optional.of("rack-1")));
        byte[] bytes = new byte[written.remaining()];
        written.get(bytes);
        Subscription read = ConsumerProtocol.readFullSubscription(bytes);
        assertEquals(new Subscription(List.of("x"), List.of(new TopicPartition("x", 2)), 5), read);
    }

    // ---- helpers --------------------------------------------------------------------------------

    private Group randomGroup(boolean equalSubscriptions) {
        Map<String, Integer> partitionsPerTopic = new TreeMap<>();
        int topics = 1 + random.nextInt(3);
        for (int t = 0; t < topics; t++) {
            partitionsPerTopic.put("t" + t, 1 + random.nextInt(16));
        }
        List<String> allTopics = new ArrayList<>(partitionsPerTopic.keySet());
        int members = 1 + random.nextInt(7);
        Map<String, List<String>> topicsOf = new TreeMap<>();
        for (int m = 0; m < members; m++) {
            List<String> chosen = new ArrayList<>();
            for (String topic : allTopics) {
                if (equalSubscriptions || random.nextInt(3) > 0) {
                    chosen.add(topic);
                }
            }
            if (chosen.isEmpty()) {
                chosen.add(allTopics.get(0));
            }
            topicsOf.put("m" + m, chosen);
        }
        // previous owners: each subscribed partition owned by a random subscriber, or nobody
        Map<String, List<TopicPartition>> owned = new TreeMap<>();
        topicsOf.keySet().forEach(m -> owned.put(m, new ArrayList<>()));
        partitionsPerTopic.forEach((topic, count) -> {
            List<String> subscribers = topicsOf.entrySet().stream().filter(e -> e.getValue().contains(topic))
                .map(Map.Entry::getKey).toList();
            for (int p = 0; p < count; p++) {
                if (random.nextInt(4) > 0) {
                    owned.get(subscribers.get(random.nextInt(subscribers.size()))).add(new TopicPartition(topic, p));
                }
            }
        });
        Map<String, Subscription> subscriptions = new TreeMap<>();
        topicsOf.forEach((member, chosen) -> {
            boolean fresh = random.nextInt(4) == 0;
            subscriptions.put(member, fresh ? new Subscription(chosen, List.of(), -1)
                : new Subscription(chosen, owned.get(member), 5));
        });
        return new Group(partitionsPerTopic, subscriptions);
    }

    /** The follow-up rebalance: each member owns what the first round gave it. */
    private static Map<String, List<TopicPartition>> followUp(ConsumerPartitionAssignor assignor, Group group,
                                                              Map<String, List<TopicPartition>> round1) {
        Map<String, Subscription> next = new TreeMap<>();
        group.subscriptions().forEach((member, s) -> next.put(member, new Subscription(s.topics(), round1.get(member),
            6)));
        return assignor.assignWithOwnership(group.partitionsPerTopic(), next);
    }

    private static Map<String, List<TopicPartition>> kafkaTwoRounds(Group group) {
        var kafka = new org.apache.kafka.clients.consumer.CooperativeStickyAssignor();
        Node node = new Node(0, "h", 1);
        List<PartitionInfo> infos = new ArrayList<>();
        group.partitionsPerTopic().forEach((topic, count) -> {
            for (int p = 0; p < count; p++) {
                infos.add(new PartitionInfo(topic, p, node, new Node[] {node}, new Node[] {node}));
            }
        });
        Cluster cluster = new Cluster("c", List.of(node), infos, Set.of(), Set.of());
        Map<String, List<TopicPartition>> round = Map.of();
        for (int r = 0; r < 2; r++) {
            Map<String, org.apache.kafka.clients.consumer.ConsumerPartitionAssignor.Subscription> subs = new HashMap<>();
            final Map<String, List<TopicPartition>> previous = round;
            final int generation = 5 + r;
            group.subscriptions().forEach((member, s) -> {
                List<TopicPartition> owned = previous.isEmpty() ? s.ownedPartitions() : previous.get(member);
                int gen = previous.isEmpty() ? s.generationId() : generation;
                subs.put(member, new org.apache.kafka.clients.consumer.ConsumerPartitionAssignor.Subscription(
                    s.topics(), null, owned.stream().map(tp -> new org.apache.kafka.common.TopicPartition(tp.topic(),
                        tp.partition())).toList(), gen, Optional.empty()));
            });
            Map<String, List<TopicPartition>> next = new TreeMap<>();
            kafka.assign(cluster, new GroupSubscription(subs)).groupAssignment().forEach((member, a) ->
                next.put(member, a.partitions().stream().map(tp -> new TopicPartition(tp.topic(), tp.partition()))
                    .toList()));
            round = next;
        }
        return round;
    }

    private static int spread(Map<String, List<TopicPartition>> assignment) {
        int max = assignment.values().stream().mapToInt(List::size).max().orElse(0);
        int min = assignment.values().stream().mapToInt(List::size).min().orElse(0);
        return max - min;
    }

    /** Owned partitions (valid claims) that ended with another member. */
    private static int moved(Group group, Map<String, List<TopicPartition>> result) {
        int moved = 0;
        for (Map.Entry<String, Subscription> e : group.subscriptions().entrySet()) {
            for (TopicPartition tp : e.getValue().ownedPartitions()) {
                if (!result.get(e.getKey()).contains(tp)) {
                    moved++;
                }
            }
        }
        return moved;
    }

    private static int totalSubscribed(Group group) {
        Set<String> topics = new HashSet<>();
        group.subscriptions().values().forEach(s -> topics.addAll(s.topics()));
        return topics.stream().mapToInt(t -> group.partitionsPerTopic().get(t)).sum();
    }

    private static void assertEveryPartitionOnce(Map<String, List<TopicPartition>> assignment, int total) {
        Set<TopicPartition> seen = new HashSet<>();
        assignment.values().forEach(list -> list.forEach(tp -> assertTrue(seen.add(tp), tp + " twice: " + assignment)));
        assertEquals(total, seen.size(), "partitions assigned: " + assignment);
    }

    /** Balanced in Kafka's sense: no partition could go to a subscriber holding two fewer. */
    private static void assertNoImprovingMove(Group group, Map<String, List<TopicPartition>> assignment) {
        assignment.forEach((giver, partitions) -> partitions.forEach(tp -> group.subscriptions().forEach((taker, s) ->
            assertTrue(!s.topics().contains(tp.topic()) || assignment.get(taker).size() + 1 >= partitions.size(),
                tp + " could move from " + giver + " to " + taker + ": " + assignment))));
    }

    private static List<TopicPartition> partitions(String topic, int count) {
        List<TopicPartition> list = new ArrayList<>();
        for (int p = 0; p < count; p++) {
            list.add(new TopicPartition(topic, p));
        }
        return list;
    }
}
