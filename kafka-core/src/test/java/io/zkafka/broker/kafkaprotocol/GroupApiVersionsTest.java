package io.zkafka.broker.kafkaprotocol;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkafka.common.message.JoinGroupRequest;
import io.zkafka.common.message.JoinGroupResponse;
import io.zkafka.common.message.LeaveGroupRequest;
import io.zkafka.common.message.OffsetFetchRequest;
import io.zkafka.common.message.OffsetFetchResponse;
import io.zkafka.common.protocol.Errors;
import java.nio.ByteBuffer;
import java.util.List;
import org.apache.kafka.common.message.JoinGroupRequestData;
import org.apache.kafka.common.message.JoinGroupRequestData.JoinGroupRequestProtocol;
import org.apache.kafka.common.message.JoinGroupRequestData.JoinGroupRequestProtocolCollection;
import org.apache.kafka.common.message.JoinGroupResponseData;
import org.apache.kafka.common.message.LeaveGroupRequestData;
import org.apache.kafka.common.message.OffsetFetchResponseData;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.MessageUtil;
import org.junit.jupiter.api.Test;

/**
 * The version mappings of the group translators: requests encoded with Kafka's classes at each
 * advertised version and read back as the listener reads them, answers written at each version.
 */
class GroupApiVersionsTest {

    @Test
    void joinGroupFromVersion4IsNativeVersion1AndVersion0UsesTheSessionTimeoutForTheRebalance() {
        for (short v = 0; v <= 8; v++) {
            assertEquals(v >= 4 ? JoinGroupRequest.MEMBER_ID_REQUIRED_VERSION : 0, JoinGroupApi.nativeVersion(v),
                "native version for Kafka's " + v);
            JoinGroupRequestData decoded = new JoinGroupRequestData(roundTrip(joinRequest(v), v), v);
            JoinGroupRequest nativeRequest = JoinGroupApi.toNative(decoded, v);
            assertEquals(v == 0 ? 6_000 : 45_000, nativeRequest.rebalanceTimeoutMs(), "version " + v);
            assertEquals(v >= 5 ? "instance-1" : null, nativeRequest.groupInstanceId(), "version " + v);
            assertEquals(List.of("range"), nativeRequest.protocols().stream().map(JoinGroupRequest.Protocol::name).toList());
        }
    }

    @Test
    void joinGroupAnswersAreWritableAtEveryVersionWithTheProtocolTypeFrom7() {
        JoinGroupResponse refused = JoinGroupResponse.error(Errors.MEMBER_ID_REQUIRED, "member-1");
        JoinGroupResponse joined = new JoinGroupResponse(Errors.NONE, 3, "consumer", "range", "member-1", "member-1",
            List.of(new JoinGroupResponse.Member("member-1", null, new byte[] {1, 2})));
        for (short v = 0; v <= 8; v++) {
            short version = v;
            JoinGroupResponseData error = JoinGroupApi.toKafka(refused, v);
            assertDoesNotThrow(() -> MessageUtil.toByteBuffer(error, version), "version " + v);
            if (v >= 7) {
                assertNull(error.protocolName());
            } else {
                assertEquals("", error.protocolName());
            }
            JoinGroupResponseData ok = JoinGroupApi.toKafka(joined, v);
            JoinGroupResponseData read = new JoinGroupResponseData(
                new ByteBufferAccessor(MessageUtil.toByteBuffer(ok, v)), v);
            assertEquals(v >= 7 ? "consumer" : null, read.protocolType(), "version " + v);
            assertEquals("range", read.protocolName());
            assertEquals(1, read.members().size());
        }
    }

    @Test
    void leaveGroupBelowVersion3NamesOneMemberAndFrom3ABatch() {
        for (short v = 0; v <= 5; v++) {
            LeaveGroupRequestData request = v < 3 ? new LeaveGroupRequestData().setGroupId("g").setMemberId("m1")
                : new LeaveGroupRequestData().setGroupId("g").setMembers(List.of(
                    new LeaveGroupRequestData.MemberIdentity().setMemberId("m1"),
                    new LeaveGroupRequestData.MemberIdentity().setMemberId("").setGroupInstanceId("i2")));
            LeaveGroupRequest nativeRequest = LeaveGroupApi.toNative(new LeaveGroupRequestData(roundTrip(request, v), v), v);
            List<LeaveGroupRequest.MemberIdentity> expected = v < 3
                ? List.of(new LeaveGroupRequest.MemberIdentity("m1", null))
                : List.of(new LeaveGroupRequest.MemberIdentity("m1", null), new LeaveGroupRequest.MemberIdentity("", "i2"));
            assertEquals(expected, nativeRequest.members(), "version " + v);
        }
    }

    @Test
    void offsetFetchPutsAGroupErrorOnEachPartitionInVersion1AndTopLevelFrom2() {
        List<OffsetFetchRequest.Topic> asked = List.of(new OffsetFetchRequest.Topic("t", List.of(0, 1)));
        OffsetFetchResponse notCoordinator = new OffsetFetchResponse(Errors.NOT_COORDINATOR, List.of());
        for (short v = 1; v <= 7; v++) {
            OffsetFetchResponseData answer = OffsetFetchApi.singleToKafka(notCoordinator, asked, v);
            OffsetFetchResponseData read = new OffsetFetchResponseData(
                new ByteBufferAccessor(MessageUtil.toByteBuffer(answer, v)), v);
            if (v == 1) {
                assertEquals(2, read.topics().get(0).partitions().size());
                read.topics().get(0).partitions().forEach(p -> {
                    assertEquals(Errors.NOT_COORDINATOR.code(), p.errorCode());
                    assertEquals(-1L, p.committedOffset());
                });
            } else {
                assertEquals(Errors.NOT_COORDINATOR.code(), read.errorCode(), "version " + v);
                assertTrue(read.topics().isEmpty());
            }
        }
        OffsetFetchResponse committed = new OffsetFetchResponse(Errors.NONE, List.of(new OffsetFetchResponse.Topic("t",
            List.of(new OffsetFetchResponse.Partition(0, 42L, 7, null, Errors.NONE)))));
        for (short v = 1; v <= 7; v++) {
            OffsetFetchResponseData read = new OffsetFetchResponseData(new ByteBufferAccessor(
                MessageUtil.toByteBuffer(OffsetFetchApi.singleToKafka(committed, asked, v), v)), v);
            OffsetFetchResponseData.OffsetFetchResponsePartition partition = read.topics().get(0).partitions().get(0);
            assertEquals(42L, partition.committedOffset());
            assertEquals(v >= 5 ? 7 : -1, partition.committedLeaderEpoch(), "version " + v);
        }
    }

    /** A static member's join; the instance id only from version 5, as Kafka's classes refuse it before. */
    private static JoinGroupRequestData joinRequest(short version) {
        JoinGroupRequestProtocolCollection protocols = new JoinGroupRequestProtocolCollection();
        protocols.add(new JoinGroupRequestProtocol().setName("range").setMetadata(new byte[] {0, 3}));
        return new JoinGroupRequestData().setGroupId("g").setSessionTimeoutMs(6_000).setRebalanceTimeoutMs(45_000)
            .setMemberId("").setGroupInstanceId(version >= 5 ? "instance-1" : null).setProtocolType("consumer")
            .setProtocols(protocols);
    }

    /** Encodes at {@code version} (fields the version lacks are dropped or refused by Kafka's classes). */
    private static ByteBufferAccessor roundTrip(org.apache.kafka.common.protocol.Message message, short version) {
        ByteBuffer buffer = MessageUtil.toByteBuffer(message, version);
        return new ByteBufferAccessor(buffer);
    }
}
