package io.zkafka.clients.consumer.internals;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkafka.clients.consumer.ConsumerPartitionAssignor.Subscription;
import io.zkafka.clients.consumer.CooperativeStickyAssignor;
import io.zkafka.clients.consumer.RangeAssignor;
import io.zkafka.common.TopicPartition;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** When the leader marks a follow-up rebalance: exactly when an owner's new assignment lacks what it owned. */
class GroupJoinerTest {
    private static final Map<String, Integer> TOPICS = Map.of("t", 6);

    @Test
    void shouldMarkAFollowUpWhenACooperativeAssignmentWithholdsAnOwnedPartition() {
        Map<String, Subscription> group = new LinkedHashMap<>();
        group.put("a", new Subscription(List.of("t"), partitions(0, 1, 2), 3));
        group.put("b", new Subscription(List.of("t"), partitions(3, 4, 5), 3));
        group.put("c", new Subscription(List.of("t")));
        Map<String, List<TopicPartition>> assignment = new CooperativeStickyAssignor().assignWithOwnership(TOPICS, group);
        assertTrue(assignment.get("c").isEmpty(), "the newcomer waits for the follow-up: " + assignment);
        assertTrue(GroupJoiner.withholdsOwnedPartitions(group, assignment));
    }

    @Test
    void shouldNotMarkAFollowUpWhenEveryOwnerKeepsWhatItOwned() {
        Map<String, Subscription> group = new LinkedHashMap<>();
        group.put("a", new Subscription(List.of("t"), partitions(0, 1, 2), 3));
        group.put("b", new Subscription(List.of("t"), List.of(), 3));
        Map<String, List<TopicPartition>> assignment = new CooperativeStickyAssignor().assignWithOwnership(TOPICS, group);
        assertFalse(GroupJoiner.withholdsOwnedPartitions(group, assignment), "only unowned partitions moved: "
            + assignment);
    }

    @Test
    void shouldNeverMarkAFollowUpUnderTheEagerProtocol() {
        Map<String, Subscription> group = new LinkedHashMap<>();
        group.put("a", new Subscription(List.of("t")));
        group.put("b", new Subscription(List.of("t")));
        group.put("c", new Subscription(List.of("t")));
        assertFalse(GroupJoiner.withholdsOwnedPartitions(group, new RangeAssignor().assignWithOwnership(TOPICS, group)),
            "eager members own nothing when they join");
    }

    private static List<TopicPartition> partitions(int... numbers) {
        List<TopicPartition> out = new ArrayList<>();
        for (int p : numbers) {
            out.add(new TopicPartition("t", p));
        }
        return out;
    }
}
