package io.zkafka.broker.group;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkafka.clients.consumer.ConsumerPartitionAssignor.Subscription;
import io.zkafka.clients.consumer.internals.ConsumerProtocol;
import io.zkafka.common.TopicPartition;
import io.zkafka.common.message.JoinGroupRequest;
import io.zkafka.common.protocol.Errors;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The static membership rules on one group, without a broker. */
class StaticMembersTest {
    private final GroupMetadata group = new GroupMetadata("g", 0);

    private static JoinGroupRequest join(String instanceId, List<String> topics, List<TopicPartition> owned) {
        return new JoinGroupRequest("g", 10_000, 30_000, "", instanceId, ConsumerProtocol.PROTOCOL_TYPE, List.of(
            new JoinGroupRequest.Protocol("range", ConsumerProtocol.subscription(new Subscription(topics, owned, 3)))));
    }

    private MemberMetadata member(String memberId, String instanceId, List<String> topics, List<TopicPartition> owned) {
        MemberMetadata member = new MemberMetadata(memberId, instanceId, "client", "/127.0.0.1", 10_000, 30_000,
            join(instanceId, topics, owned).protocols());
        group.add(member);
        return member;
    }

    @Test
    void shouldFenceEveryMemberIdButTheHolders() {
        member("m-1", "i-1", List.of("t"), List.of());
        assertEquals(Errors.NONE, StaticMembers.fencingError(group, "m-1", "i-1"));
        assertEquals(Errors.FENCED_INSTANCE_ID, StaticMembers.fencingError(group, "m-0", "i-1"));
        assertEquals(Errors.NONE, StaticMembers.fencingError(group, "m-9", null), "dynamic members are never fenced");
        assertEquals(Errors.NONE, StaticMembers.fencingError(group, "m-9", "i-2"), "an unknown instance is not held");
    }

    @Test
    void shouldHandTheAssignmentAndLeadershipToTheReplacement() {
        MemberMetadata old = member("m-1", "i-1", List.of("t"), List.of());
        old.assignment = new byte[] {7};
        group.leaderId = "m-1";
        MemberMetadata replacement = StaticMembers.replace(group, old, join("i-1", List.of("t"), List.of()), "client",
            "/127.0.0.2");
        assertSame(replacement, group.staticMember("i-1"));
        assertArrayEquals(new byte[] {7}, replacement.assignment);
        assertEquals(replacement.memberId, group.leaderId);
        assertNull(group.member("m-1"));
        assertEquals(Errors.FENCED_INSTANCE_ID, StaticMembers.fencingError(group, "m-1", "i-1"));
        group.remove(old);
        assertSame(replacement, group.staticMember("i-1"), "removing the old member keeps the new mapping");
        group.remove(replacement);
        assertNull(group.staticMember("i-1"));
    }

    @Test
    void shouldCompareSubscriptionsByTopicsOnly() {
        group.protocolType = ConsumerProtocol.PROTOCOL_TYPE;
        group.protocol = "range";
        MemberMetadata old = member("m-1", "i-1", List.of("a", "b"), List.of(new TopicPartition("a", 0)));
        assertTrue(StaticMembers.sameSubscription(group, old, join("i-1", List.of("a", "b"), List.of())),
            "owned partitions and generation differ after a restart");
        assertFalse(StaticMembers.sameSubscription(group, old, join("i-1", List.of("a"), List.of())));
        group.protocol = "roundrobin";
        assertFalse(StaticMembers.sameSubscription(group, old, join("i-1", List.of("a", "b"), List.of())),
            "the group's protocol is not offered");
    }
}
