package io.zkafka.broker.group;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.zkafka.clients.consumer.internals.ConsumerProtocol;
import io.zkafka.common.TopicPartition;
import io.zkafka.common.message.JoinGroupRequest;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which offsets retention removes, by group state, with Kafka's rules. */
class OffsetExpirationTest {
    private static final long RETENTION = 1_000;
    private static final TopicPartition EVENTS = new TopicPartition("events", 0);
    private static final TopicPartition OTHER = new TopicPartition("other", 0);

    @Test
    void shouldExpireOffsetsOfAnEmptyGroupRetentionAfterItBecameEmpty() {
        GroupMetadata group = consumerGroup(GroupState.EMPTY);
        commit(group, EVENTS, 1_000);
        commit(group, OTHER, 2_000);

        assertEquals(Set.of(), OffsetExpiration.expiredOffsets(group, 5_999, RETENTION));
        assertEquals(Set.of(EVENTS, OTHER), OffsetExpiration.expiredOffsets(group, 6_000, RETENTION));
    }

    @Test
    void shouldGiveACommitMadeAfterTheGroupEmptiedItsFullRetention() {
        GroupMetadata group = consumerGroup(GroupState.EMPTY);
        commit(group, EVENTS, 1_000);
        commit(group, OTHER, 8_000);

        assertEquals(Set.of(EVENTS), OffsetExpiration.expiredOffsets(group, 8_500, RETENTION));
    }

    @Test
    void shouldExpireStandaloneCommitsRetentionAfterEachCommit() {
        GroupMetadata group = new GroupMetadata("standalone", 0);
        commit(group, EVENTS, 1_000);
        commit(group, OTHER, 3_000);

        assertEquals(Set.of(EVENTS), OffsetExpiration.expiredOffsets(group, 2_000, RETENTION));
        assertEquals(Set.of(EVENTS, OTHER), OffsetExpiration.expiredOffsets(group, 4_000, RETENTION));
    }

    @Test
    void shouldExpireOnlyUnsubscribedTopicsOfAStableConsumerGroup() {
        GroupMetadata group = consumerGroup(GroupState.STABLE);
        commit(group, EVENTS, 1_000);
        commit(group, OTHER, 1_000);

        assertEquals(Set.of(OTHER), OffsetExpiration.expiredOffsets(group, 100_000, RETENTION));
    }

    @Test
    void shouldKeepEverythingWhileTheGroupRebalances() {
        GroupMetadata group = consumerGroup(GroupState.PREPARING_REBALANCE);
        commit(group, OTHER, 1_000);

        assertEquals(Set.of(), OffsetExpiration.expiredOffsets(group, 100_000, RETENTION));
        group.transitionTo(GroupState.COMPLETING_REBALANCE, 2_000);
        assertEquals(Set.of(), OffsetExpiration.expiredOffsets(group, 100_000, RETENTION));
    }

    @Test
    void shouldKeepOffsetsWithACommitInFlight() {
        GroupMetadata group = new GroupMetadata("standalone", 0);
        commit(group, EVENTS, 1_000);
        commit(group, OTHER, 1_000);
        group.pendingCommits.put(OTHER, 1);

        assertEquals(Set.of(EVENTS), OffsetExpiration.expiredOffsets(group, 100_000, RETENTION));
    }

    @Test
    void shouldKeepAStableGroupsOffsetsWhenASubscriptionIsUnreadable() {
        GroupMetadata group = consumerGroup(GroupState.STABLE);
        group.add(new MemberMetadata("bad", null, "c", "h", 10_000, 10_000,
            List.of(new JoinGroupRequest.Protocol("range", new byte[] {0, 0, 0}))));
        commit(group, OTHER, 1_000);

        assertEquals(Set.of(), OffsetExpiration.expiredOffsets(group, 100_000, RETENTION));
    }

    /**
     * A consumer group in {@code state} (Empty since 5000, or with one member subscribing to
     * "events"), reached through the moves a group makes.
     */
    private static GroupMetadata consumerGroup(GroupState state) {
        GroupMetadata group = new GroupMetadata("g", 0, GroupState.EMPTY, 5_000);
        group.protocolType = ConsumerProtocol.PROTOCOL_TYPE;
        group.protocol = "range";
        List<GroupState> path = List.of(GroupState.PREPARING_REBALANCE, GroupState.COMPLETING_REBALANCE,
            GroupState.STABLE);
        for (GroupState next : path.subList(0, path.indexOf(state) + 1)) {
            group.transitionTo(next, 6_000);
        }
        if (state != GroupState.EMPTY) {
            group.add(new MemberMetadata("m1", null, "c", "h", 10_000, 10_000,
                List.of(new JoinGroupRequest.Protocol("range", ConsumerProtocol.subscription(List.of("events"))))));
        }
        return group;
    }

    private static void commit(GroupMetadata group, TopicPartition tp, long timestamp) {
        group.offsets.put(tp, new GroupMetadata.CommittedOffset(10, -1, "", timestamp, group.offsets.size()));
    }
}
