package io.zkafka.broker.group;

import static io.zkafka.broker.group.CoordinatorFixture.GROUP;
import static io.zkafka.broker.group.CoordinatorFixture.INITIAL_DELAY_MS;
import static io.zkafka.broker.group.CoordinatorFixture.RECONNECT_GRACE_MS;
import static io.zkafka.broker.group.CoordinatorFixture.SESSION_MS;
import static io.zkafka.broker.group.CoordinatorFixture.START_MS;
import static io.zkafka.broker.group.CoordinatorFixture.answered;
import static io.zkafka.broker.group.CoordinatorFixture.connection;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkafka.clients.consumer.internals.ConsumerProtocol;
import io.zkafka.common.message.HeartbeatRequest;
import io.zkafka.common.message.JoinGroupResponse;
import io.zkafka.common.message.OffsetCommitRequest;
import io.zkafka.common.message.SyncGroupResponse;
import io.zkafka.common.protocol.Errors;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * How long members count as alive, on the coordinator's injected clock: a member leaving while its
 * join is held, a member dying between join and sync, the two-step join (MEMBER_ID_REQUIRED), a
 * member's connection closing (dynamic and static), and groups loaded after a coordinator move
 * whose members never come back.
 */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class GroupLivenessTest {
    private final CoordinatorFixture f = new CoordinatorFixture();

    /** Two dynamic members on their own connections, Stable at generation 1; a is the leader. */
    private record Pair(String a, CompletableFuture<Void> aConnection, String b, CompletableFuture<Void> bConnection) {
    }

    private Pair stablePair() {
        CompletableFuture<Void> first = connection();
        CompletableFuture<Void> second = connection();
        CompletableFuture<JoinGroupResponse> a = f.joinNewOn(first);
        CompletableFuture<JoinGroupResponse> b = f.joinNewOn(second);
        f.time.advance(INITIAL_DELAY_MS);
        String leader = answered(a).leader();
        boolean aLeads = answered(a).memberId().equals(leader);
        String other = aLeads ? answered(b).memberId() : answered(a).memberId();
        CompletableFuture<Void> leaderConnection = aLeads ? first : second;
        CompletableFuture<Void> otherConnection = aLeads ? second : first;
        assertEquals(Errors.NONE, answered(f.syncOn(leaderConnection, leader, 1,
            Map.of(leader, new byte[] {1}, other, new byte[] {2}))).error());
        assertEquals(Errors.NONE, answered(f.syncOn(otherConnection, other, 1, Map.of())).error());
        assertEquals(GroupState.STABLE, f.state());
        return new Pair(leader, leaderConnection, other, otherConnection);
    }

    // ---- MEMBER_ID_REQUIRED --------------------------------------------------------------------

    @Test
    void shouldHandOutAMemberIdFirstAndMakeAMemberOnlyOfAJoinWithIt() {
        String stable = f.stableMember();
        CompletableFuture<Void> connection = connection();

        JoinGroupResponse required = answered(f.joinOn(connection, "", null));

        assertEquals(Errors.MEMBER_ID_REQUIRED, required.error());
        assertTrue(required.memberId().startsWith("client-"), required.memberId());
        assertEquals(GroupState.STABLE, f.state(), "the first step changes nothing");
        assertEquals(1, f.group().members().size());
        assertEquals(Errors.NONE, f.heartbeat(stable, 1));

        CompletableFuture<JoinGroupResponse> joining = f.joinOn(connection, required.memberId(), null);

        assertEquals(GroupState.PREPARING_REBALANCE, f.state());
        assertNotNull(f.group().member(required.memberId()), "a member under the id it was given");
        assertFalse(f.group().isPendingMember(required.memberId()));
        answered(f.join(stable));
        assertEquals(required.memberId(), answered(joining).memberId());
        assertEquals(2, answered(joining).generationId());
    }

    @Test
    void shouldRefuseAJoinWithAMemberIdNeverHandedOut() {
        f.stableMember();
        assertEquals(Errors.UNKNOWN_MEMBER_ID, answered(f.joinOn(connection(), "client-made-up", null)).error());
        assertEquals(GroupState.STABLE, f.state());
    }

    @Test
    void shouldForgetAPendingMemberIdAfterTheSessionTimeout() {
        String stable = f.stableMember();
        String memberId = answered(f.joinOn(connection(), "", null)).memberId();
        advanceWhileHeartbeating(SESSION_MS - 1, stable, 1);
        assertTrue(f.group().isPendingMember(memberId));
        f.time.advance(1);

        assertFalse(f.group().isPendingMember(memberId), "a client that never joins with its id costs nothing");
        assertEquals(Errors.UNKNOWN_MEMBER_ID, answered(f.joinOn(connection(), memberId, null)).error());
        assertEquals(GroupState.STABLE, f.state());
    }

    @Test
    void shouldKeepANewGroupWithAPendingMemberIdThroughTheRetentionCheck() {
        f.time.advance(CoordinatorFixture.RETENTION_CHECK_MS / 2);
        String memberId = answered(f.joinOn(connection(), "", null)).memberId();
        f.time.advance(CoordinatorFixture.RETENTION_CHECK_MS / 2); // the check: an Empty group without offsets

        assertNotNull(f.group(), "the group of a member id on its way is not dead");
        CompletableFuture<JoinGroupResponse> joining = f.joinOn(connection(), memberId, null);
        f.time.advance(INITIAL_DELAY_MS);
        assertEquals(memberId, answered(joining).memberId());
        assertEquals(Errors.NONE, answered(joining).error());
    }

    @Test
    void shouldForgetAPendingMemberIdThatLeaves() {
        String memberId = answered(f.joinOn(connection(), "", null)).memberId();

        assertEquals(Errors.NONE, f.leave(memberId));

        assertFalse(f.group().isPendingMember(memberId));
        assertEquals(0, f.group().pendingMemberCount());
    }

    @Test
    void shouldJoinAStaticMemberAndAVersion0ClientInOneStep() {
        CompletableFuture<JoinGroupResponse> staticJoin = f.joinOn(connection(), "", "instance-a");
        assertFalse(staticJoin.isDone(), "a static member is held as a member at once, not sent back for an id");
        CompletableFuture<JoinGroupResponse> old = f.join("");
        assertFalse(old.isDone(), "so is a version 0 client's new member");
        assertEquals(2, f.group().members().size());
        assertEquals(0, f.group().pendingMemberCount());
    }

    // ---- leaving while the join is held ---------------------------------------------------------

    @Test
    void shouldRemoveAMemberThatLeavesWhileItsJoinIsHeldAndCompleteTheOthersJoin() {
        Pair pair = stablePair();
        CompletableFuture<JoinGroupResponse> newcomer = f.joinNewOn(connection());
        String newcomerId = f.group().members().stream().map(m -> m.memberId)
            .filter(id -> !id.equals(pair.a()) && !id.equals(pair.b())).findFirst().orElseThrow();
        CompletableFuture<JoinGroupResponse> aRejoins = f.joinOn(pair.aConnection(), pair.a(), null);
        assertFalse(aRejoins.isDone(), "b has not rejoined");

        assertEquals(Errors.NONE, f.leave(newcomerId));

        assertEquals(Errors.UNKNOWN_MEMBER_ID, answered(newcomer).error(), "its held join is answered");
        assertNull(f.group().member(newcomerId));
        CompletableFuture<JoinGroupResponse> bRejoins = f.joinOn(pair.bConnection(), pair.b(), null);
        assertEquals(2, answered(aRejoins).generationId());
        assertEquals(2, answered(aRejoins).members().size(), "the generation forms without the one that left");
        assertEquals(Errors.NONE, answered(bRejoins).error());
    }

    // ---- dying between join and sync --------------------------------------------------------------

    @Test
    void shouldRemoveAMemberThatDoesNotSyncWithinItsSessionTimeoutAndRebalance() {
        Pair pair = stablePair();
        CompletableFuture<JoinGroupResponse> aRejoins = f.join(pair.a());
        CompletableFuture<JoinGroupResponse> bRejoins = f.join(pair.b());
        assertEquals(2, answered(aRejoins).generationId());
        assertEquals(GroupState.COMPLETING_REBALANCE, f.state());
        f.log.hold();
        CompletableFuture<SyncGroupResponse> aSyncs = f.sync(pair.a(), 2, Map.of(pair.a(), new byte[] {1},
            pair.b(), new byte[] {2}));
        f.log.completeNext(Errors.NONE);
        assertEquals(GroupState.STABLE, f.state());
        assertEquals(Errors.NONE, answered(aSyncs).error());
        // b got its join answer and died: it never syncs, and a heartbeats on
        for (int elapsed = 0; elapsed + 3_000 < SESSION_MS; elapsed += 3_000) {
            f.time.advance(3_000);
            assertEquals(Errors.NONE, f.heartbeat(pair.a(), 2));
        }
        assertNotNull(f.group().member(pair.b()));
        f.time.advance(SESSION_MS - 9_000);

        assertNull(f.group().member(pair.b()), "b did not sync generation 2 within its session timeout");
        assertEquals(GroupState.PREPARING_REBALANCE, f.state());
        assertEquals(Errors.REBALANCE_IN_PROGRESS, f.heartbeat(pair.a(), 2));
        assertEquals(Errors.NONE, answered(bRejoins).error());
    }

    @Test
    void shouldRemoveAMemberThatHeartbeatsButNeverSyncs() {
        String first = f.stableMember();
        CompletableFuture<JoinGroupResponse> newcomer = f.join("");
        answered(f.join(first));
        String newcomerId = answered(newcomer).memberId();
        assertEquals(first, answered(newcomer).leader());
        for (int elapsed = 0; elapsed < SESSION_MS; elapsed += 2_000) {
            assertEquals(Errors.NONE, f.heartbeat(newcomerId, 2), "alive, but never syncing");
            assertEquals(GroupState.COMPLETING_REBALANCE, f.state(), "the leader never synced either");
            f.time.advance(2_000);
        }

        assertNull(f.group().member(newcomerId));
        assertNull(f.group().member(first));
        assertEquals(GroupState.EMPTY, f.state(), "nobody synced generation 2: both removed");
    }

    // ---- the connection fast path -----------------------------------------------------------------

    @Test
    void shouldRemoveADynamicMemberWhoseConnectionClosedAfterTheGraceNotTheSession() {
        Pair pair = stablePair();
        long closedAt = f.time.milliseconds();

        pair.bConnection().complete(null);
        f.time.advance(RECONNECT_GRACE_MS - 1);
        assertNotNull(f.group().member(pair.b()), "the grace is not over");
        assertEquals(Errors.NONE, f.heartbeat(pair.a(), 1));
        f.time.advance(1);

        assertNull(f.group().member(pair.b()));
        assertEquals(closedAt + RECONNECT_GRACE_MS, f.time.milliseconds());
        assertEquals(GroupState.PREPARING_REBALANCE, f.state());
    }

    @Test
    void shouldKeepAMemberThatHeartbeatsOnANewConnectionWithinTheGrace() {
        Pair pair = stablePair();
        pair.bConnection().complete(null);
        f.time.advance(RECONNECT_GRACE_MS - 1);

        CompletableFuture<Void> reconnected = connection();
        assertEquals(Errors.NONE, f.heartbeatOn(reconnected, pair.b(), 1));
        advanceWhileHeartbeating(SESSION_MS - 1, pair.a(), 1);

        assertNotNull(f.group().member(pair.b()), "the heartbeat on the new connection restored its whole session");
        assertEquals(GroupState.STABLE, f.state());
        f.time.advance(1);
        assertNull(f.group().member(pair.b()), "and the session runs from that heartbeat");
    }

    @Test
    void shouldIgnoreTheCloseOfAConnectionTheMemberNoLongerUses() {
        Pair pair = stablePair();
        CompletableFuture<Void> newer = connection();
        assertEquals(Errors.NONE, f.heartbeatOn(newer, pair.b(), 1));

        pair.bConnection().complete(null);
        f.time.advance(RECONNECT_GRACE_MS);

        assertNotNull(f.group().member(pair.b()), "its latest request came on another connection");
    }

    @Test
    void shouldNotCountAMemberWhoseConnectionClosedDuringItsHeldJoinAsRejoined() {
        Pair pair = stablePair();
        CompletableFuture<JoinGroupResponse> newcomer = f.joinNewOn(connection());
        CompletableFuture<JoinGroupResponse> bRejoins = f.joinOn(pair.bConnection(), pair.b(), null);
        pair.bConnection().complete(null); // b's process died while its join was held
        f.time.advance(0);
        assertTrue(bRejoins.isDone(), "the held join was dropped: nobody reads its answer");

        CompletableFuture<JoinGroupResponse> aRejoins = f.joinOn(pair.aConnection(), pair.a(), null);
        assertFalse(aRejoins.isDone(), "b must come back first, or its grace end");
        f.time.advance(RECONNECT_GRACE_MS);

        assertNull(f.group().member(pair.b()));
        assertEquals(2, answered(aRejoins).generationId());
        assertEquals(2, answered(aRejoins).members().size(), "a and the newcomer");
        assertEquals(Errors.NONE, answered(newcomer).error());
    }

    @Test
    void shouldKeepAStaticMemberWhoseConnectionClosedForItsWholeSession() {
        CompletableFuture<Void> staticConnection = connection();
        CompletableFuture<JoinGroupResponse> joining = f.joinOn(staticConnection, "", "instance-a");
        f.time.advance(INITIAL_DELAY_MS);
        String member = answered(joining).memberId();
        answered(f.syncOn(staticConnection, member, 1, Map.of(member, new byte[] {7})));

        staticConnection.complete(null);
        f.time.advance(SESSION_MS - 1);

        assertNotNull(f.group().member(member), "a static member keeps its place for its session timeout");
        assertEquals(GroupState.STABLE, f.state());
        f.time.advance(1);
        assertNull(f.group().member(member));
    }

    @Test
    void shouldCountACommitAsASignOfLife() {
        Pair pair = stablePair();
        f.time.advance(SESSION_MS - 1_000);
        assertEquals(Errors.NONE, f.heartbeat(pair.a(), 1));

        answered(f.coordinator.offsets().commit(new OffsetCommitRequest(GROUP, 1, pair.b(), null, List.of(
            new OffsetCommitRequest.Topic("events", List.of(new OffsetCommitRequest.Partition(0, 5, -1, ""))))),
            pair.bConnection()));
        f.time.advance(SESSION_MS - 1);

        assertNotNull(f.group().member(pair.b()), "the commit restarted b's session");
    }

    /** Moves the time forward a second at a time, {@code member} heartbeating after each. */
    private void advanceWhileHeartbeating(long ms, String member, int generation) {
        for (long left = ms; left > 0; left -= Math.min(left, 1_000)) {
            f.time.advance(Math.min(left, 1_000));
            f.heartbeat(member, generation);
        }
    }

    // ---- groups loaded after a coordinator move -----------------------------------------------------

    private static GroupRecords.MemberValue loadedMember(String memberId, String instanceId, int sessionMs) {
        return new GroupRecords.MemberValue(memberId, instanceId, "client", "/127.0.0.1", 30_000, sessionMs,
            ConsumerProtocol.subscription(List.of("events")), new byte[] {3});
    }

    private void load(GroupRecords.MemberValue... members) {
        GroupLoader.LoadedGroup loaded = new GroupLoader.LoadedGroup();
        loaded.metadata = new GroupRecords.GroupValue(ConsumerProtocol.PROTOCOL_TYPE, 5, "range", members[0].memberId(),
            START_MS - 9_000, List.of(members));
        f.coordinator.adoptLoaded(0, Map.of(GROUP, loaded));
    }

    @Test
    void shouldRemoveLoadedMembersThatNeverReachTheNewCoordinatorAfterTheGrace() {
        load(loadedMember("gone-1", null, 30_000), loadedMember("gone-2", null, 30_000));
        assertEquals(GroupState.STABLE, f.state());

        f.time.advance(RECONNECT_GRACE_MS - 1);
        assertEquals(2, f.group().members().size());
        f.time.advance(1);

        assertEquals(GroupState.EMPTY, f.state(), "neither came back: not the 30 s session timeout, the grace");
        assertEquals(List.of(), f.log.last().groupValue().members());
    }

    @Test
    void shouldEndTheRebalanceOfALoadedGroupOnceTheMembersStillAliveRejoined() {
        load(loadedMember("alive", null, 30_000), loadedMember("gone", null, 30_000));
        CompletableFuture<Void> aliveConnection = connection();
        assertEquals(Errors.NONE, f.heartbeatOn(aliveConnection, "alive", 5), "the live member reached it");
        CompletableFuture<JoinGroupResponse> newcomer = f.joinNewOn(connection());
        CompletableFuture<JoinGroupResponse> aliveRejoins = f.joinOn(aliveConnection, "alive", null);
        assertFalse(aliveRejoins.isDone());

        f.time.advance(RECONNECT_GRACE_MS);

        assertEquals(6, answered(aliveRejoins).generationId(), "formed once the member that never came was dropped");
        assertEquals(2, answered(aliveRejoins).members().size());
        assertEquals(Errors.NONE, answered(newcomer).error());
    }

    @Test
    void shouldGiveALoadedStaticMemberItsWholeSessionTimeout() {
        load(loadedMember("static", "instance-a", 30_000));
        f.time.advance(30_000 - 1);
        assertNotNull(f.group().member("static"));
        assertEquals(Errors.NONE, f.coordinator.heartbeat(new HeartbeatRequest(GROUP, 5, "static", "instance-a"))
            .error());
    }

    @Test
    void shouldRemoveALoadedMemberRecordedAsDepartedAtOnce() {
        load(loadedMember("alive", null, 30_000), loadedMember("left", null, 0));

        f.time.advance(0);

        assertNull(f.group().member("left"));
        assertNotNull(f.group().member("alive"));
        assertEquals(GroupState.PREPARING_REBALANCE, f.state(), "the rest rebalance without waiting for it");
    }

    // ---- departures recorded in the log --------------------------------------------------------------

    @Test
    void shouldRecordADepartureInTheMetadataWrittenLast() {
        Pair pair = stablePair();
        GroupRecords.GroupValue before = f.log.last().groupValue();

        assertEquals(Errors.NONE, f.leave(pair.b()));

        GroupRecords.GroupValue after = f.log.last().groupValue();
        assertEquals(before.generation(), after.generation());
        assertEquals(before.members().stream().map(GroupRecords.MemberValue::memberId).toList(),
            after.members().stream().map(GroupRecords.MemberValue::memberId).toList(), "the same members");
        for (GroupRecords.MemberValue m : after.members()) {
            assertEquals(m.memberId().equals(pair.b()) ? 0 : SESSION_MS, m.sessionTimeoutMs(), m.memberId());
        }
    }

    @Test
    void shouldNotRewriteAnOlderGenerationOnceANewOneFormed() {
        Pair pair = stablePair();
        CompletableFuture<JoinGroupResponse> aRejoins = f.join(pair.a());
        answered(f.join(pair.b()));
        answered(aRejoins);
        assertEquals(GroupState.COMPLETING_REBALANCE, f.state());
        int appends = f.log.appends().size();

        f.time.advance(SESSION_MS); // nobody syncs generation 2: both removed

        assertEquals(GroupState.EMPTY, f.state());
        assertEquals(appends + 1, f.log.appends().size(), "only the Empty group is written");
        assertEquals(List.of(), f.log.last().groupValue().members());
    }
}
