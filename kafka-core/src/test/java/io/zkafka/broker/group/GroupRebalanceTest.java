package io.zkafka.broker.group;

import static io.zkafka.broker.group.CoordinatorFixture.INITIAL_DELAY_MS;
import static io.zkafka.broker.group.CoordinatorFixture.REBALANCE_MS;
import static io.zkafka.broker.group.CoordinatorFixture.SESSION_MS;
import static io.zkafka.broker.group.CoordinatorFixture.answered;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.zkafka.clients.consumer.internals.ConsumerProtocol;
import io.zkafka.common.message.HeartbeatRequest;
import io.zkafka.common.message.JoinGroupRequest;
import io.zkafka.common.message.JoinGroupResponse;
import io.zkafka.common.message.SyncGroupRequest;
import io.zkafka.common.message.SyncGroupResponse;
import io.zkafka.common.protocol.Errors;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Join, sync, heartbeat and leave on one group, with the coordinator's clock and timers driven by
 * the test: when a join phase ends, when a session expires, when the initial delay is over.
 */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class GroupRebalanceTest {
    private final CoordinatorFixture f = new CoordinatorFixture();

    @Test
    void shouldHoldTheFirstJoinForTheInitialRebalanceDelay() {
        CompletableFuture<JoinGroupResponse> joining = f.join("");
        assertEquals(GroupState.PREPARING_REBALANCE, f.state());

        f.time.advance(INITIAL_DELAY_MS - 1);
        assertFalse(joining.isDone(), "the initial delay is not over");
        f.time.advance(1);

        JoinGroupResponse joined = answered(joining);
        assertEquals(Errors.NONE, joined.error());
        assertEquals(1, joined.generationId());
        assertEquals(joined.memberId(), joined.leader(), "the only member leads");
        assertEquals(List.of(joined.memberId()), joined.members().stream().map(JoinGroupResponse.Member::memberId).toList());
        assertEquals("range", joined.protocolName());
        assertEquals(GroupState.COMPLETING_REBALANCE, f.state());
    }

    @Test
    void shouldStretchTheInitialDelayForEachNewMember() {
        CompletableFuture<JoinGroupResponse> first = f.join("");
        f.time.advance(2_000);
        CompletableFuture<JoinGroupResponse> second = f.join("");

        f.time.advance(INITIAL_DELAY_MS - 1);
        assertFalse(first.isDone(), "the second member's arrival pushed the end of the delay to 2000 + delay");
        f.time.advance(1);

        assertEquals(1, answered(first).generationId());
        assertEquals(2, answered(first).members().size(), "the leader sees both members");
        assertEquals(answered(first).leader(), answered(second).leader());
        assertEquals(List.of(), answered(second).members(), "only the leader gets the member list");
    }

    @Test
    void shouldNotStretchTheInitialDelayBeyondTheRebalanceTimeout() {
        List<CompletableFuture<JoinGroupResponse>> joins = new ArrayList<>();
        joins.add(f.join(""));
        for (int elapsed = 2_500; elapsed < REBALANCE_MS; elapsed += 2_500) {
            f.time.advance(2_500);
            joins.add(f.join(""));
        }
        f.time.advance(REBALANCE_MS - 27_500 - 1);
        assertFalse(joins.get(0).isDone(), "members keep arriving within the delay");
        f.time.advance(1);

        assertEquals(12, answered(joins.get(0)).members().size(), "the phase ends at the rebalance timeout");
        joins.forEach(j -> assertEquals(Errors.NONE, answered(j).error()));
    }

    @Test
    void shouldMakeTheGroupStableOnlyOnceTheLeadersAssignmentsAreWritten() {
        CompletableFuture<JoinGroupResponse> joining = f.join("");
        f.time.advance(INITIAL_DELAY_MS);
        String member = answered(joining).memberId();
        f.log.hold();

        CompletableFuture<SyncGroupResponse> syncing = f.sync(member, 1, Map.of(member, new byte[] {4, 2}));
        assertFalse(syncing.isDone(), "the assignments are not written yet");
        assertEquals(GroupState.COMPLETING_REBALANCE, f.state());
        GroupRecords.GroupValue written = f.log.last().groupValue();
        assertEquals(1, written.generation());
        assertArrayEquals(new byte[] {4, 2}, written.members().get(0).assignment());
        assertEquals(FixedOwnership.EPOCH, f.log.last().leaderEpoch(), "written at the epoch the group was loaded at");

        f.log.completeNext(Errors.NONE);
        assertEquals(Errors.NONE, answered(syncing).error());
        assertArrayEquals(new byte[] {4, 2}, answered(syncing).assignment());
        assertEquals(GroupState.STABLE, f.state());
    }

    @Test
    void shouldRefuseASyncNamingAnotherProtocolThanTheGroups() {
        CompletableFuture<JoinGroupResponse> joining = f.join("");
        f.time.advance(INITIAL_DELAY_MS);
        JoinGroupResponse joined = answered(joining);
        String member = joined.memberId();
        List<SyncGroupRequest.Assignment> none = List.of();
        assertEquals(Errors.INCONSISTENT_GROUP_PROTOCOL, answered(f.coordinator.sync(new SyncGroupRequest(
            CoordinatorFixture.GROUP, 1, member, null, ConsumerProtocol.PROTOCOL_TYPE, "roundrobin", none))).error());
        assertEquals(Errors.INCONSISTENT_GROUP_PROTOCOL, answered(f.coordinator.sync(new SyncGroupRequest(
            CoordinatorFixture.GROUP, 1, member, null, "connect", joined.protocolName(), none))).error());
        assertEquals(GroupState.COMPLETING_REBALANCE, f.state(), "a refused sync changes nothing");

        CompletableFuture<SyncGroupResponse> unsaid = f.coordinator.sync(new SyncGroupRequest(CoordinatorFixture.GROUP,
            1, member, null, null, null, List.of(new SyncGroupRequest.Assignment(member, new byte[] {1}))));
        assertEquals(Errors.NONE, answered(unsaid).error(), "an older client's sync names neither");
        assertEquals(GroupState.STABLE, f.state());
    }

    @Test
    void shouldFailTheSyncAndRebalanceWhenTheAssignmentsCannotBeWritten() {
        CompletableFuture<JoinGroupResponse> joining = f.join("");
        f.time.advance(INITIAL_DELAY_MS);
        String member = answered(joining).memberId();
        f.log.hold();
        CompletableFuture<SyncGroupResponse> syncing = f.sync(member, 1, Map.of(member, new byte[] {1}));

        f.log.completeNext(Errors.COORDINATOR_NOT_AVAILABLE);

        assertEquals(Errors.COORDINATOR_NOT_AVAILABLE, answered(syncing).error());
        assertEquals(GroupState.PREPARING_REBALANCE, f.state());
        assertEquals(Errors.REBALANCE_IN_PROGRESS, f.heartbeat(member, 1));
    }

    @Test
    void shouldRebalanceAStableGroupWhenAMemberJoinsAndCompleteOnceEveryoneRejoined() {
        String first = f.stableMember();
        CompletableFuture<JoinGroupResponse> newcomer = f.join("");
        assertEquals(GroupState.PREPARING_REBALANCE, f.state());
        assertEquals(Errors.REBALANCE_IN_PROGRESS, f.heartbeat(first, 1), "the heartbeat tells the member to rejoin");
        assertEquals(Errors.REBALANCE_IN_PROGRESS, answered(f.sync(first, 1, Map.of())).error());
        assertFalse(newcomer.isDone(), "the first member has not rejoined");

        CompletableFuture<JoinGroupResponse> rejoined = f.join(first);

        assertEquals(2, answered(newcomer).generationId(), "no initial delay for a group that had members");
        assertEquals(first, answered(rejoined).leader(), "the leader stays");
        assertEquals(2, answered(rejoined).members().size());
        assertEquals(Errors.ILLEGAL_GENERATION, f.heartbeat(first, 1));
        assertEquals(Errors.NONE, f.heartbeat(first, 2));
    }

    @Test
    void shouldDropAMemberThatDoesNotRejoinWithinTheRebalanceTimeout() {
        String stuck = f.stableMember();
        CompletableFuture<JoinGroupResponse> newcomer = f.join("");
        for (int elapsed = 0; elapsed + 3_000 < REBALANCE_MS; elapsed += 3_000) {
            f.time.advance(3_000);
            assertEquals(Errors.REBALANCE_IN_PROGRESS, f.heartbeat(stuck, 1), "alive, but busy and not rejoining");
        }
        f.time.advance(REBALANCE_MS - 27_000 - 1);
        assertFalse(newcomer.isDone());
        f.time.advance(1);

        assertEquals(2, answered(newcomer).generationId());
        assertEquals(List.of(answered(newcomer).memberId()),
            answered(newcomer).members().stream().map(JoinGroupResponse.Member::memberId).toList());
        assertEquals(Errors.UNKNOWN_MEMBER_ID, f.heartbeat(stuck, 1));
    }

    @Test
    void shouldExpireASilentMemberAtItsSessionTimeout() {
        String member = f.stableMember();
        f.time.advance(4_000);
        assertEquals(Errors.NONE, f.heartbeat(member, 1));
        long lastHeartbeat = f.time.milliseconds();

        f.time.advance(SESSION_MS - 1);
        assertEquals(GroupState.STABLE, f.state(), "the heartbeat restarted the session");
        f.time.advance(1);

        assertNull(f.group().member(member));
        assertEquals(GroupState.EMPTY, f.state(), "the last member left: the join phase ends at once, empty");
        assertEquals(lastHeartbeat + SESSION_MS, f.group().emptySinceMs());
        GroupRecords.GroupValue written = f.log.last().groupValue();
        assertEquals(List.of(), written.members());
        assertEquals(lastHeartbeat + SESSION_MS, written.stateTimestamp(), "the Empty moment is written for retention");
        assertEquals(Errors.UNKNOWN_MEMBER_ID, f.heartbeat(member, 1));
    }

    @Test
    void shouldNotExpireAMemberWhileItsJoinIsHeld() {
        CompletableFuture<JoinGroupResponse> a = f.join("");
        CompletableFuture<JoinGroupResponse> b = f.join("");
        f.time.advance(INITIAL_DELAY_MS);
        String leader = answered(a).leader();
        String slow = answered(a).memberId().equals(leader) ? answered(b).memberId() : answered(a).memberId();
        answered(f.sync(leader, 1, Map.of()));
        CompletableFuture<JoinGroupResponse> newcomer = f.join("");
        CompletableFuture<JoinGroupResponse> rejoined = f.join(leader);
        for (int elapsed = 0; elapsed < 24_000; elapsed += 3_000) { // over twice the session, within the rebalance timeout
            f.time.advance(3_000);
            assertEquals(Errors.REBALANCE_IN_PROGRESS, f.heartbeat(slow, 1), "alive, not rejoining yet");
        }
        assertFalse(rejoined.isDone());

        f.join(slow);

        assertEquals(2, answered(rejoined).generationId());
        assertEquals(3, answered(rejoined).members().size(), "the member waiting in its join for 24 s is still in");
        assertEquals(Errors.NONE, answered(newcomer).error());
    }

    @Test
    void shouldRemoveALeavingMemberAtOnceAndRebalanceTheOthers() {
        CompletableFuture<JoinGroupResponse> a = f.join("");
        CompletableFuture<JoinGroupResponse> b = f.join("");
        f.time.advance(INITIAL_DELAY_MS);
        String leader = answered(a).leader();
        String other = answered(a).memberId().equals(leader) ? answered(b).memberId() : answered(a).memberId();
        answered(f.sync(leader, 1, Map.of(leader, new byte[] {1}, other, new byte[] {2})));
        assertEquals(GroupState.STABLE, f.state());

        assertEquals(Errors.NONE, f.leave(other));

        assertNull(f.group().member(other));
        assertEquals(GroupState.PREPARING_REBALANCE, f.state());
        assertEquals(Errors.UNKNOWN_MEMBER_ID, f.leave(other), "it left already");
        JoinGroupResponse alone = answered(f.join(leader));
        assertEquals(2, alone.generationId());
        assertEquals(1, alone.members().size());
    }

    @Test
    void shouldReplaceARestartedStaticMemberWithoutARebalance() {
        CompletableFuture<JoinGroupResponse> staticJoin = f.join("", "instance-a", List.of("events"));
        CompletableFuture<JoinGroupResponse> dynamicJoin = f.join("");
        f.time.advance(INITIAL_DELAY_MS);
        String old = answered(staticJoin).memberId();
        String dynamic = answered(dynamicJoin).memberId();
        String leader = answered(staticJoin).leader();
        answered(f.sync(leader, 1, Map.of(old, new byte[] {7}, dynamic, new byte[] {8})));

        JoinGroupResponse restarted = answered(f.join("", "instance-a", List.of("events")));

        assertEquals(Errors.NONE, restarted.error());
        assertEquals(1, restarted.generationId(), "the current generation: no rebalance");
        assertNotEquals(old, restarted.memberId());
        assertEquals(List.of(), restarted.members());
        assertEquals(GroupState.STABLE, f.state());
        assertEquals(Errors.NONE, f.heartbeat(dynamic, 1), "the other member sees no rebalance");
        assertEquals(Errors.FENCED_INSTANCE_ID, f.coordinator.heartbeat(
            new HeartbeatRequest(CoordinatorFixture.GROUP, 1, old, "instance-a")).error());
        assertArrayEquals(new byte[] {7}, answered(f.sync(restarted.memberId(), 1, Map.of())).assignment(),
            "the replacement syncs for the old assignment");
        List<String> written = f.log.last().groupValue().members().stream().map(GroupRecords.MemberValue::memberId)
            .toList();
        assertEquals(List.of(dynamic, restarted.memberId()), written, "the replacement is written");
    }

    @Test
    void shouldGiveARestartedStaticLeaderTheMembersToSkipAssigningFromVersion2() {
        CompletableFuture<JoinGroupResponse> staticJoin = f.join("", "instance-a", List.of("events"));
        f.time.advance(INITIAL_DELAY_MS);
        String old = answered(staticJoin).memberId();
        assertEquals(old, answered(staticJoin).leader());
        answered(f.sync(old, 1, Map.of(old, new byte[] {7})));
        CompletableFuture<JoinGroupResponse> dynamicJoin = f.join("");
        JoinGroupResponse rejoined = answered(f.join(old, "instance-a", List.of("events")));
        String dynamic = answered(dynamicJoin).memberId();
        answered(f.sync(old, rejoined.generationId(), Map.of(old, new byte[] {7}, dynamic, new byte[] {8})));
        assertEquals(GroupState.STABLE, f.state());
        int generation = rejoined.generationId();

        JoinGroupResponse v2 = answered(f.coordinator.join(CoordinatorFixture.joinRequest("", "instance-a",
            List.of("events")), JoinGroupRequest.SKIP_ASSIGNMENT_VERSION, "client", "/127.0.0.1", null));
        assertEquals(Errors.NONE, v2.error());
        assertEquals(generation, v2.generationId(), "no rebalance");
        assertEquals(v2.memberId(), v2.leader(), "the replacement leads");
        assertEquals(true, v2.skipAssignment());
        assertEquals(Set.of(v2.memberId(), dynamic), v2.members().stream().map(JoinGroupResponse.Member::memberId)
            .collect(Collectors.toSet()), "the leader follows every member's subscription");

        JoinGroupResponse v1 = answered(f.coordinator.join(CoordinatorFixture.joinRequest("", "instance-a",
            List.of("events")), JoinGroupRequest.MEMBER_ID_REQUIRED_VERSION, "client", "/127.0.0.1", null));
        assertEquals(generation, v1.generationId());
        assertEquals(v1.memberId(), v1.leader());
        assertEquals(false, v1.skipAssignment());
        assertEquals(List.of(), v1.members(), "before version 2 the leader gets no member list");
        assertArrayEquals(new byte[] {7}, answered(f.sync(v1.memberId(), generation, Map.of())).assignment());
    }

    @Test
    void shouldRebalanceWhenARestartedStaticMemberChangedItsSubscription() {
        CompletableFuture<JoinGroupResponse> staticJoin = f.join("", "instance-a", List.of("events"));
        f.time.advance(INITIAL_DELAY_MS);
        String old = answered(staticJoin).memberId();
        answered(f.sync(old, 1, Map.of(old, new byte[] {7})));

        CompletableFuture<JoinGroupResponse> restarted = f.join("", "instance-a", List.of("events", "orders"));

        JoinGroupResponse joined = answered(restarted); // the only member: the phase ends at once
        assertEquals(2, joined.generationId());
        assertEquals(joined.memberId(), joined.leader(), "the replacement took over the leadership");
        assertEquals(List.of("events", "orders"), ConsumerProtocol.readSubscription(joined.members().get(0).metadata()));
    }

    @Test
    void shouldRefuseAJoinWhoseProtocolsDoNotFitTheGroup() {
        f.stableMember();
        JoinGroupResponse refused = answered(f.coordinator.join(new JoinGroupRequest(
            CoordinatorFixture.GROUP, SESSION_MS, REBALANCE_MS, "", null, ConsumerProtocol.PROTOCOL_TYPE,
            List.of(new JoinGroupRequest.Protocol("roundrobin", new byte[0]))),
            "client", "/127.0.0.1"));
        assertEquals(Errors.INCONSISTENT_GROUP_PROTOCOL, refused.error());
        assertEquals(GroupState.STABLE, f.state(), "a refused join changes nothing");
    }

    @Test
    void shouldRefuseASessionTimeoutOutsideTheBrokersBounds() {
        JoinGroupResponse refused = answered(f.coordinator.join(new JoinGroupRequest(
            CoordinatorFixture.GROUP, 1_000, REBALANCE_MS, "", null, ConsumerProtocol.PROTOCOL_TYPE, List.of()),
            "client", "/127.0.0.1"));
        assertEquals(Errors.INVALID_SESSION_TIMEOUT, refused.error());
        assertNull(f.group(), "no group is created for a refused join");
    }
}
