package io.zkafka.broker.kafkaprotocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkafka.common.message.DeleteGroupsResponse;
import io.zkafka.common.message.DescribeGroupsResponse;
import io.zkafka.common.message.JoinGroupRequest;
import io.zkafka.common.message.JoinGroupResponse;
import io.zkafka.common.message.LeaveGroupRequest;
import io.zkafka.common.message.LeaveGroupResponse;
import io.zkafka.common.message.ListGroupsResponse;
import io.zkafka.common.message.OffsetCommitResponse;
import io.zkafka.common.message.OffsetDeleteResponse;
import io.zkafka.common.message.OffsetFetchRequest;
import io.zkafka.common.message.OffsetFetchResponse;
import io.zkafka.common.message.OffsetForLeaderEpochResponse;
import io.zkafka.common.message.SyncGroupResponse;
import io.zkafka.common.protocol.Errors;
import java.nio.ByteBuffer;
import java.util.List;
import org.apache.kafka.common.message.JoinGroupRequestData;
import org.apache.kafka.common.message.JoinGroupRequestData.JoinGroupRequestProtocol;
import org.apache.kafka.common.message.JoinGroupRequestData.JoinGroupRequestProtocolCollection;
import org.apache.kafka.common.message.JoinGroupResponseData;
import org.apache.kafka.common.message.DescribeGroupsResponseData;
import org.apache.kafka.common.message.LeaveGroupRequestData;
import org.apache.kafka.common.message.LeaveGroupResponseData;
import org.apache.kafka.common.message.ListGroupsResponseData;
import org.apache.kafka.common.message.OffsetFetchResponseData;
import org.apache.kafka.common.message.OffsetForLeaderEpochResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
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
        for (short v = 0; v <= 9; v++) {
            int expected = v >= 9 ? JoinGroupRequest.SKIP_ASSIGNMENT_VERSION
                : v >= 4 ? JoinGroupRequest.MEMBER_ID_REQUIRED_VERSION : 0;
            assertEquals(expected, JoinGroupApi.nativeVersion(v), "native version for Kafka's " + v);
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
            List.of(new JoinGroupResponse.Member("member-1", null, new byte[] {1, 2})), true);
        for (short v = 0; v <= 9; v++) {
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
            assertEquals(v >= 9, read.skipAssignment(), "SkipAssignment from version 9");
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
    @Test
    void everyGroupAnswerEncodesAtEveryAdvertisedVersion() {
        SyncGroupResponse synced = new SyncGroupResponse(Errors.NONE, "consumer", "range", new byte[] {5});
        LeaveGroupResponse left = new LeaveGroupResponse(Errors.NONE, List.of(
            new LeaveGroupResponse.MemberResponse("m1", null, Errors.NONE),
            new LeaveGroupResponse.MemberResponse("", "i2", Errors.UNKNOWN_MEMBER_ID)));
        OffsetCommitResponse committed = new OffsetCommitResponse(List.of(new OffsetCommitResponse.Topic("t",
            List.of(new OffsetCommitResponse.Partition(0, Errors.NONE)))));
        OffsetFetchResponse fetched = new OffsetFetchResponse(Errors.NONE, List.of(new OffsetFetchResponse.Topic("t",
            List.of(new OffsetFetchResponse.Partition(0, 42L, 7, null, Errors.NONE)))));
        DescribeGroupsResponse described = new DescribeGroupsResponse(List.of(
            new DescribeGroupsResponse.DescribedGroup(Errors.NONE, "g", "Stable", "consumer", "range", List.of(
                new DescribeGroupsResponse.DescribedMember("m1", "i1", "client", "/127.0.0.1", new byte[] {1},
                    new byte[] {2}))),
            DescribeGroupsResponse.DescribedGroup.error("h", Errors.NOT_COORDINATOR)));
        ListGroupsResponse listed = new ListGroupsResponse(Errors.NONE, List.of(
            new ListGroupsResponse.ListedGroup("g", "consumer", "Stable"), new ListGroupsResponse.ListedGroup("o", "", "Empty")));
        DeleteGroupsResponse deleted = new DeleteGroupsResponse(List.of(
            new DeleteGroupsResponse.GroupResult("g", Errors.NONE), new DeleteGroupsResponse.GroupResult("h",
                Errors.NON_EMPTY_GROUP)));
        OffsetDeleteResponse offsetsDeleted = new OffsetDeleteResponse(Errors.NONE, List.of(new OffsetDeleteResponse.Topic(
            "t", List.of(new OffsetDeleteResponse.Partition(0, Errors.GROUP_SUBSCRIBED_TO_TOPIC)))));
        OffsetForLeaderEpochResponse epochs = new OffsetForLeaderEpochResponse(List.of(
            new OffsetForLeaderEpochResponse.EpochTopicResult("t", List.of(
                new OffsetForLeaderEpochResponse.EpochEndOffsetResult(0, Errors.NONE, 3, 99L),
                OffsetForLeaderEpochResponse.EpochEndOffsetResult.error(1, Errors.FENCED_LEADER_EPOCH)))));
        for (short v = 0; v <= 5; v++) {
            assertArrayEquals(new byte[] {5}, encoded(ApiKeys.SYNC_GROUP, v, SyncGroupApi.toKafka(synced)).assignment());
            LeaveGroupResponseData leave = encoded(ApiKeys.LEAVE_GROUP, v, LeaveGroupApi.toKafka(left, v));
            assertEquals(v >= 3 ? 2 : 0, leave.members().size(), "version " + v);
            DescribeGroupsResponseData describe = encoded(ApiKeys.DESCRIBE_GROUPS, v, DescribeGroupsApi.toKafka(described));
            assertEquals(v >= 4 ? "i1" : null, describe.groups().get(0).members().get(0).groupInstanceId());
            assertEquals(Errors.NOT_COORDINATOR.code(), describe.groups().get(1).errorCode());
        }
        for (short v = 0; v <= 4; v++) {
            ListGroupsResponseData list = encoded(ApiKeys.LIST_GROUPS, v, ListGroupsApi.toKafka(listed));
            assertEquals(v >= 4 ? "Stable" : "", list.groups().get(0).groupState(), "version " + v);
            OffsetForLeaderEpochResponseData.EpochEndOffset end = encoded(ApiKeys.OFFSET_FOR_LEADER_EPOCH, v,
                OffsetForLeaderEpochApi.toKafka(epochs)).topics().iterator().next().partitions().get(0);
            assertEquals(99L, end.endOffset());
            assertEquals(v >= 1 ? 3 : -1, end.leaderEpoch(), "version " + v);
        }
        for (short v = 0; v <= 2; v++) {
            assertEquals(Errors.NON_EMPTY_GROUP.code(), encoded(ApiKeys.DELETE_GROUPS, v, DeleteGroupsApi.toKafka(deleted))
                .results().find("h").errorCode());
        }
        assertEquals(Errors.GROUP_SUBSCRIBED_TO_TOPIC.code(), encoded(ApiKeys.OFFSET_DELETE, (short) 0,
            OffsetDeleteApi.toKafka(offsetsDeleted)).topics().find("t").partitions().find(0).errorCode());
        for (short v = 1; v <= 8; v++) {
            assertEquals(Errors.NONE.code(), encoded(ApiKeys.OFFSET_COMMIT, v, OffsetCommitApi.toKafka(committed))
                .topics().get(0).partitions().get(0).errorCode());
        }
        OffsetFetchResponseData batched = new OffsetFetchResponseData();
        batched.groups().add(OffsetFetchApi.groupToKafka("g", fetched));
        OffsetFetchResponseData.OffsetFetchResponsePartitions partition = encoded(ApiKeys.OFFSET_FETCH, (short) 8, batched)
            .groups().get(0).topics().get(0).partitions().get(0);
        assertEquals(42L, partition.committedOffset());
        assertEquals(7, partition.committedLeaderEpoch());
    }

    /** Writes {@code answer} at {@code version} with Kafka's classes and reads it back. */
    @SuppressWarnings("unchecked")
    private static <T extends ApiMessage> T encoded(ApiKeys key, short version, T answer) {
        ByteBuffer bytes = MessageUtil.toByteBuffer(answer, version);
        ApiMessage read = key.messageType.newResponse();
        read.read(new ByteBufferAccessor(bytes), version);
        return (T) read;
    }

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
