package io.zkafka.common.message;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static io.zkafka.common.message.MessageRoundTrip.bytes;
import static io.zkafka.common.message.MessageRoundTrip.request;
import static io.zkafka.common.message.MessageRoundTrip.response;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.zkafka.common.protocol.ApiKeys;
import io.zkafka.common.protocol.Errors;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every group and offset message survives the codec with each field intact, and carries Kafka's api key. */
class GroupMessagesRoundTripTest {
    @Test
    void shouldUseKafkasApiKeys() {
        assertEquals(8, ApiKeys.OFFSET_COMMIT.id);
        assertEquals(9, ApiKeys.OFFSET_FETCH.id);
        assertEquals(10, ApiKeys.FIND_COORDINATOR.id);
        assertEquals(11, ApiKeys.JOIN_GROUP.id);
        assertEquals(12, ApiKeys.HEARTBEAT.id);
        assertEquals(13, ApiKeys.LEAVE_GROUP.id);
        assertEquals(14, ApiKeys.SYNC_GROUP.id);
    }

    @Test
    void shouldRoundTripFindCoordinator() {
        FindCoordinatorRequest request = new FindCoordinatorRequest("g1", FindCoordinatorRequest.GROUP_KEY_TYPE);
        assertEquals(request, request(request));
        FindCoordinatorResponse response = new FindCoordinatorResponse(Errors.NONE, null, 3, "127.0.0.1", 9094);
        assertEquals(response, response(response));
        FindCoordinatorResponse error = FindCoordinatorResponse.error(Errors.COORDINATOR_NOT_AVAILABLE, "loading");
        assertEquals(error, response(error));
    }

    @Test
    void shouldRoundTripJoinGroupWithProtocolMetadata() {
        JoinGroupRequest request = new JoinGroupRequest("g1", 10_000, 300_000, "", null, "consumer",
            List.of(new JoinGroupRequest.Protocol("range", bytes("sub-a")),
                new JoinGroupRequest.Protocol("roundrobin", bytes("sub-b"))));
        JoinGroupRequest read = request(request);
        assertEquals(List.of("g1", 10_000, 300_000, "", "consumer"), List.of(read.groupId(), read.sessionTimeoutMs(),
            read.rebalanceTimeoutMs(), read.memberId(), read.protocolType()));
        assertEquals(null, read.groupInstanceId());
        assertEquals("roundrobin", read.protocols().get(1).name());
        assertArrayEquals(bytes("sub-b"), read.protocols().get(1).metadata());

        JoinGroupResponse response = new JoinGroupResponse(Errors.NONE, 4, "consumer", "range", "m-1", "m-2",
            List.of(new JoinGroupResponse.Member("m-1", null, bytes("x")),
                new JoinGroupResponse.Member("m-2", "i-2", bytes("y"))));
        JoinGroupResponse back = response(response);
        assertEquals(List.of(4, "consumer", "range", "m-1", "m-2"), List.of(back.generationId(), back.protocolType(),
            back.protocolName(), back.leader(), back.memberId()));
        assertEquals("i-2", back.members().get(1).groupInstanceId());
        assertArrayEquals(bytes("y"), back.members().get(1).metadata());

        JoinGroupResponse skipping = new JoinGroupResponse(Errors.NONE, 4, "consumer", "range", "m-1", "m-1",
            response.members(), true);
        assertEquals(true, response(skipping, JoinGroupRequest.SKIP_ASSIGNMENT_VERSION).skipAssignment(),
            "version 2 carries skipAssignment");
        assertEquals(false, response(skipping, JoinGroupRequest.MEMBER_ID_REQUIRED_VERSION).skipAssignment(),
            "version 1 has no skipAssignment");
    }

    @Test
    void shouldRoundTripHeartbeatAndLeave() {
        HeartbeatRequest heartbeat = new HeartbeatRequest("g1", 7, "m-1", null);
        assertEquals(heartbeat, request(heartbeat));
        assertEquals(new HeartbeatResponse(Errors.REBALANCE_IN_PROGRESS),
            response(new HeartbeatResponse(Errors.REBALANCE_IN_PROGRESS)));
        LeaveGroupRequest leave = new LeaveGroupRequest("g1", List.of(new LeaveGroupRequest.MemberIdentity("m-1", null)));
        assertEquals(leave, request(leave));
        LeaveGroupResponse left = new LeaveGroupResponse(Errors.NONE,
            List.of(new LeaveGroupResponse.MemberResponse("m-1", null, Errors.UNKNOWN_MEMBER_ID)));
        assertEquals(left, response(left));
    }

    @Test
    void shouldRoundTripSyncGroupAssignments() {
        SyncGroupRequest request = new SyncGroupRequest("g1", 3, "m-1", null, "consumer", "range",
            List.of(new SyncGroupRequest.Assignment("m-1", bytes("a1")), new SyncGroupRequest.Assignment("m-2",
                bytes("a2"))));
        SyncGroupRequest read = request(request);
        assertEquals(3, read.generationId());
        assertEquals("m-2", read.assignments().get(1).memberId());
        assertArrayEquals(bytes("a2"), read.assignments().get(1).assignment());
        SyncGroupResponse back = response(new SyncGroupResponse(Errors.NONE, "consumer", "range", bytes("mine")));
        assertEquals(Errors.NONE, back.error());
        assertEquals("range", back.protocolName());
        assertArrayEquals(bytes("mine"), back.assignment());
    }

    @Test
    void shouldRoundTripOffsetCommitAndFetch() {
        OffsetCommitRequest commit = new OffsetCommitRequest("g1", 2, "m-1", null, List.of(new OffsetCommitRequest.Topic(
            "orders", List.of(new OffsetCommitRequest.Partition(0, 42L, 5, "meta"),
                new OffsetCommitRequest.Partition(3, 7L, -1, null)))));
        assertEquals(commit, request(commit));
        OffsetCommitResponse committed = new OffsetCommitResponse(List.of(new OffsetCommitResponse.Topic("orders",
            List.of(new OffsetCommitResponse.Partition(0, Errors.NONE),
                new OffsetCommitResponse.Partition(3, Errors.ILLEGAL_GENERATION)))));
        assertEquals(committed, response(committed));

        OffsetFetchRequest fetch = new OffsetFetchRequest("g1", List.of(new OffsetFetchRequest.Topic("orders",
            List.of(0, 3))));
        assertEquals(fetch, request(fetch));
        OffsetFetchRequest all = new OffsetFetchRequest("g1", null);
        assertEquals(all, request(all));
        OffsetFetchResponse fetched = new OffsetFetchResponse(Errors.NONE, List.of(new OffsetFetchResponse.Topic(
            "orders", List.of(new OffsetFetchResponse.Partition(0, 42L, 5, "meta", Errors.NONE),
                new OffsetFetchResponse.Partition(3, OffsetFetchResponse.NO_OFFSET, -1, "", Errors.NONE)))));
        assertEquals(fetched, response(fetched));
    }
}
