package io.zkafka.broker.group;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.codahale.metrics.MetricRegistry;
import io.zkafka.clients.consumer.internals.ConsumerProtocol;
import io.zkafka.common.message.DeleteGroupsRequest;
import io.zkafka.common.message.DeleteGroupsResponse;
import io.zkafka.common.message.HeartbeatRequest;
import io.zkafka.common.message.JoinGroupRequest;
import io.zkafka.common.message.JoinGroupResponse;
import io.zkafka.common.message.LeaveGroupRequest;
import io.zkafka.common.message.OffsetCommitRequest;
import io.zkafka.common.message.OffsetCommitResponse;
import io.zkafka.common.message.OffsetFetchRequest;
import io.zkafka.common.message.OffsetFetchResponse;
import io.zkafka.common.message.SyncGroupRequest;
import io.zkafka.common.message.SyncGroupResponse;
import io.zkafka.common.protocol.Errors;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * A {@link GroupCoordinator} without a broker: a {@link ManualScheduler} for its clock and timers,
 * an {@link InMemoryGroupLog} for its writes, a {@link FixedOwnership} for its partitions, and the
 * requests of one consumer group {@value #GROUP} subscribing to {@code events}. Confined to the
 * test's thread; nothing runs unless the test advances the time.
 */
final class CoordinatorFixture {
    static final String GROUP = "g";
    static final long START_MS = 1_000_000;
    static final int INITIAL_DELAY_MS = 3_000;
    static final int SESSION_MS = 10_000;
    static final int REBALANCE_MS = 30_000;
    static final long RETENTION_MS = 60_000;
    static final long RETENTION_CHECK_MS = 10_000;
    static final int RECONNECT_GRACE_MS = 4_000;
    static final GroupCoordinator.Settings SETTINGS = new GroupCoordinator.Settings(INITIAL_DELAY_MS, 6_000,
        300_000, 5_000, 4096, RETENTION_MS, RETENTION_CHECK_MS, RECONNECT_GRACE_MS);

    final ManualScheduler time = new ManualScheduler(START_MS);
    final InMemoryGroupLog log = new InMemoryGroupLog();
    final FixedOwnership ownership = new FixedOwnership();
    final GroupCoordinator coordinator = new GroupCoordinator(SETTINGS, time, log, loading -> ownership,
        groupId -> 0, new MetricRegistry());

    static JoinGroupRequest joinRequest(String memberId, String instanceId, List<String> topics) {
        return new JoinGroupRequest(GROUP, SESSION_MS, REBALANCE_MS, memberId, instanceId,
            ConsumerProtocol.PROTOCOL_TYPE, List.of(new JoinGroupRequest.Protocol("range",
                ConsumerProtocol.subscription(topics))));
    }

    CompletableFuture<JoinGroupResponse> join(String memberId, String instanceId, List<String> topics) {
        return coordinator.join(joinRequest(memberId, instanceId, topics), "client", "/127.0.0.1");
    }

    /**
     * A join of a client that knows MEMBER_ID_REQUIRED (JoinGroup version 1) on {@code connection}:
     * a new dynamic member ("" for its member id) is answered with its id and must join again.
     */
    CompletableFuture<JoinGroupResponse> joinOn(CompletableFuture<Void> connection, String memberId,
                                                String instanceId) {
        return coordinator.join(joinRequest(memberId, instanceId, List.of("events")),
            JoinGroupRequest.MEMBER_ID_REQUIRED_VERSION, "client", "/127.0.0.1", connection);
    }

    /** Both steps of a new dynamic member's join on {@code connection}: its id first, then the join (held). */
    CompletableFuture<JoinGroupResponse> joinNewOn(CompletableFuture<Void> connection) {
        JoinGroupResponse required = answered(joinOn(connection, "", null));
        if (required.error() != Errors.MEMBER_ID_REQUIRED) {
            throw new AssertionError("expected MEMBER_ID_REQUIRED, got " + required.error());
        }
        return joinOn(connection, required.memberId(), null);
    }

    Errors heartbeatOn(CompletableFuture<Void> connection, String memberId, int generation) {
        return coordinator.heartbeat(new HeartbeatRequest(GROUP, generation, memberId, null), connection).error();
    }

    CompletableFuture<SyncGroupResponse> syncOn(CompletableFuture<Void> connection, String memberId, int generation,
                                                Map<String, byte[]> assignments) {
        List<SyncGroupRequest.Assignment> list = assignments.entrySet().stream()
            .map(e -> new SyncGroupRequest.Assignment(e.getKey(), e.getValue())).toList();
        return coordinator.sync(new SyncGroupRequest(GROUP, generation, memberId, null, ConsumerProtocol.PROTOCOL_TYPE,
            "range", list), connection);
    }

    /** A client connection for the requests above; completing it closes it, seen at the next {@code time.advance}. */
    static CompletableFuture<Void> connection() {
        return new CompletableFuture<>();
    }

    /** A dynamic member subscribing to {@code events} joins ("" for a new member). */
    CompletableFuture<JoinGroupResponse> join(String memberId) {
        return join(memberId, null, List.of("events"));
    }

    CompletableFuture<SyncGroupResponse> sync(String memberId, int generation, Map<String, byte[]> assignments) {
        List<SyncGroupRequest.Assignment> list = assignments.entrySet().stream()
            .map(e -> new SyncGroupRequest.Assignment(e.getKey(), e.getValue())).toList();
        return coordinator.sync(new SyncGroupRequest(GROUP, generation, memberId, null, ConsumerProtocol.PROTOCOL_TYPE,
            "range", list));
    }

    Errors heartbeat(String memberId, int generation) {
        return coordinator.heartbeat(new HeartbeatRequest(GROUP, generation, memberId, null)).error();
    }

    Errors leave(String memberId) {
        return coordinator.leave(new LeaveGroupRequest(GROUP, List.of(new LeaveGroupRequest.MemberIdentity(memberId,
            null)))).members().get(0).error();
    }

    /** Commits {@code offset} for events-0 (generation -1 and member "" commit without membership). */
    CompletableFuture<OffsetCommitResponse> commit(String memberId, int generation, long offset) {
        return coordinator.offsets().commit(new OffsetCommitRequest(GROUP, generation, memberId, null, List.of(
            new OffsetCommitRequest.Topic("events", List.of(new OffsetCommitRequest.Partition(0, offset, -1, ""))))));
    }

    /** The committed offset of events-0, or -1. */
    long committed() {
        OffsetFetchResponse response = coordinator.offsets().fetch(new OffsetFetchRequest(GROUP, List.of(
            new OffsetFetchRequest.Topic("events", List.of(0)))));
        return response.topics().get(0).partitions().get(0).offset();
    }

    CompletableFuture<DeleteGroupsResponse> delete() {
        return coordinator.administration().delete(new DeleteGroupsRequest(List.of(GROUP)));
    }

    /** The group as the coordinator holds it now, or null. */
    GroupMetadata group() {
        return coordinator.group(GROUP);
    }

    GroupState state() {
        return group().state();
    }

    /** The answer of a request that must have been answered by now. */
    static <T> T answered(CompletableFuture<T> response) {
        assertTrue(response.isDone(), "answered by now");
        return response.getNow(null);
    }

    /**
     * One member joins the new group, waits out the initial delay, and syncs its assignment (bytes
     * {1}) as leader: the group is Stable at generation 1. Returns the member id.
     */
    String stableMember() {
        CompletableFuture<JoinGroupResponse> joining = join("");
        time.advance(INITIAL_DELAY_MS);
        String memberId = answered(joining).memberId();
        answered(sync(memberId, 1, Map.of(memberId, new byte[] {1})));
        return memberId;
    }
}
