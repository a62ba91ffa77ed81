package io.zkafka.broker.group;

import static io.zkafka.broker.group.CoordinatorFixture.GROUP;
import static io.zkafka.broker.group.CoordinatorFixture.INITIAL_DELAY_MS;
import static io.zkafka.broker.group.CoordinatorFixture.RETENTION_CHECK_MS;
import static io.zkafka.broker.group.CoordinatorFixture.RETENTION_MS;
import static io.zkafka.broker.group.CoordinatorFixture.START_MS;
import static io.zkafka.broker.group.CoordinatorFixture.answered;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkafka.clients.consumer.internals.ConsumerProtocol;
import io.zkafka.common.TopicPartition;
import io.zkafka.common.message.JoinGroupResponse;
import io.zkafka.common.message.OffsetCommitResponse;
import io.zkafka.common.message.SyncGroupResponse;
import io.zkafka.common.protocol.Errors;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A group's offsets and its life beyond the rebalance, with the coordinator's clock driven by the
 * test: commits answered once written, retention counting from the injected time, deletion (Dead
 * for good, a new group if it must be put back), and the loading and unloading of its partition.
 */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class GroupLifecycleTest {
    private final CoordinatorFixture f = new CoordinatorFixture();

    @Test
    void shouldShowAMembersCommitOnlyOnceWrittenAndRefuseItWhileCompletingRebalance() {
        CompletableFuture<JoinGroupResponse> joining = f.join("");
        f.time.advance(INITIAL_DELAY_MS);
        String member = answered(joining).memberId();
        assertEquals(Errors.REBALANCE_IN_PROGRESS, error(f.commit(member, 1, 10)), "no assignment yet");
        answered(f.sync(member, 1, Map.of()));
        f.log.hold();

        CompletableFuture<OffsetCommitResponse> committing = f.commit(member, 1, 42);
        assertFalse(committing.isDone());
        assertEquals(-1, f.committed(), "not visible before it is written");
        f.log.completeNext(Errors.NONE);

        assertEquals(Errors.NONE, error(committing));
        assertEquals(42, f.committed());
        assertEquals(Errors.ILLEGAL_GENERATION, error(f.commit(member, 0, 43)));
        assertEquals(Errors.UNKNOWN_MEMBER_ID, error(f.commit("", -1, 43)), "the group has members");
    }

    @Test
    void shouldExpireAnEmptyGroupsOffsetsRetentionAfterItBecameEmpty() {
        String member = f.stableMember();
        assertEquals(Errors.NONE, error(f.commit(member, 1, 42)));
        f.time.advance(5_000);
        assertEquals(Errors.NONE, f.leave(member));
        long emptySince = f.time.milliseconds();
        assertEquals(emptySince, f.group().emptySinceMs());

        f.time.advance(RETENTION_MS - 1);
        assertEquals(42, f.committed(), "every check so far came before the retention ended");
        f.time.advance(RETENTION_CHECK_MS);

        assertNull(f.group(), "the group died and was forgotten");
        assertEquals(-1, f.committed());
        assertEquals(Set.of(new GroupRecords.Key(GROUP, "events", 0), new GroupRecords.Key(GROUP, null, -1)),
            Set.copyOf(f.log.last().tombstones()), "tombstones for the offset and the group metadata");
    }

    @Test
    void shouldCountAStandaloneCommitsRetentionFromTheCommit() {
        f.time.advance(RETENTION_CHECK_MS / 2);
        assertEquals(Errors.NONE, error(f.commit("", -1, 42)));

        f.time.advance(RETENTION_MS - 1);
        assertEquals(42, f.committed());
        f.time.advance(RETENTION_CHECK_MS);

        assertEquals(-1, f.committed());
        assertEquals(List.of(new GroupRecords.Key(GROUP, "events", 0)), f.log.last().tombstones(),
            "a group that never had members wrote no metadata to delete");
    }

    @Test
    void shouldDeleteAnEmptyGroupWithTombstonesAndStartANewOneOnTheNextCommit() {
        assertEquals(Errors.NONE, error(f.commit("", -1, 42)));
        GroupMetadata deleted = f.group();

        assertEquals(Errors.NONE, answered(f.delete()).results().get(0).error());

        assertTrue(deleted.is(GroupState.DEAD));
        assertNull(f.group());
        assertEquals(Set.of(new GroupRecords.Key(GROUP, "events", 0), new GroupRecords.Key(GROUP, null, -1)),
            Set.copyOf(f.log.last().tombstones()));
        assertEquals(Errors.NONE, error(f.commit("", -1, 7)));
        assertNotSame(deleted, f.group(), "Dead is final: the id gets a new group");
        assertEquals(GroupState.EMPTY, f.state());
    }

    @Test
    void shouldRefuseToDeleteAGroupWithMembers() {
        f.stableMember();
        assertEquals(Errors.NON_EMPTY_GROUP, answered(f.delete()).results().get(0).error());
        assertEquals(GroupState.STABLE, f.state());
    }

    @Test
    void shouldPutBackAGroupWhoseDeletionCouldNotBeWrittenAsANewEmptyGroup() {
        assertEquals(Errors.NONE, error(f.commit("", -1, 42)));
        GroupMetadata deleted = f.group();
        f.log.hold();

        CompletableFuture<?> deleting = f.delete();
        assertNull(f.group(), "forgotten while the tombstones are written");
        assertEquals(-1, f.committed());
        f.log.completeNext(Errors.COORDINATOR_NOT_AVAILABLE);

        assertTrue(deleting.isDone());
        assertTrue(deleted.is(GroupState.DEAD), "the deleted object stays Dead");
        GroupMetadata restored = f.group();
        assertNotNull(restored);
        assertNotSame(deleted, restored);
        assertEquals(GroupState.EMPTY, restored.state());
        assertEquals(42, f.committed(), "the offsets are back, as they are still in the log");
    }

    @Test
    void shouldAnswerWaitingMembersNotCoordinatorWhenThePartitionIsUnloaded() {
        CompletableFuture<JoinGroupResponse> waitingJoin = f.join("");
        f.time.advance(INITIAL_DELAY_MS);
        String member = answered(waitingJoin).memberId();
        f.log.hold();
        CompletableFuture<SyncGroupResponse> waitingSync = f.sync(member, 1, Map.of(member, new byte[] {1}));
        CompletableFuture<JoinGroupResponse> newcomer = f.join("");
        GroupMetadata unloaded = f.group();

        f.ownership.answer(Errors.NOT_COORDINATOR);
        f.coordinator.unloadGroups(0);

        assertEquals(Errors.REBALANCE_IN_PROGRESS, answered(waitingSync).error(), "the newcomer's join began a rebalance");
        assertEquals(Errors.NOT_COORDINATOR, answered(newcomer).error());
        assertTrue(unloaded.is(GroupState.DEAD));
        assertNull(f.group());
        assertEquals(1, f.time.pending(), "only the retention check is left: no join or session timer");
        f.log.completeNext(Errors.NOT_COORDINATOR); // the assignments' write ends after the unload: ignored
        assertTrue(unloaded.is(GroupState.DEAD));
        assertEquals(Errors.NOT_COORDINATOR, f.heartbeat(member, 1));
    }

    @Test
    void shouldAnswerAMemberWaitingInSyncNotCoordinatorWhenThePartitionIsUnloaded() {
        CompletableFuture<JoinGroupResponse> joining = f.join("");
        f.time.advance(INITIAL_DELAY_MS);
        String member = answered(joining).memberId();
        f.log.hold();
        CompletableFuture<SyncGroupResponse> syncing = f.sync(member, 1, Map.of(member, new byte[] {1}));

        f.coordinator.unloadGroups(0);
        f.log.completeNext(Errors.NONE); // written after all: the group is Dead and stays so

        assertEquals(Errors.NOT_COORDINATOR, answered(syncing).error());
    }

    @Test
    void shouldStartALoadedStaticMembersSessionWithItsOwnTimeoutAtLoad() {
        GroupLoader.LoadedGroup loaded = new GroupLoader.LoadedGroup();
        loaded.metadata = new GroupRecords.GroupValue(ConsumerProtocol.PROTOCOL_TYPE, 5, "range", "m-1", START_MS - 9_000,
            List.of(new GroupRecords.MemberValue("m-1", "instance-1", "client", "/127.0.0.1", 30_000, 20_000,
                ConsumerProtocol.subscription(List.of("events")), new byte[] {3})));
        loaded.offsets.put(new TopicPartition("events", 0), new GroupMetadata.CommittedOffset(42, -1, "", START_MS, 0));

        f.coordinator.adoptLoaded(0, Map.of(GROUP, loaded));

        assertEquals(GroupState.STABLE, f.state());
        assertEquals(42, f.committed());
        assertEquals(3, f.group().member("m-1").assignment[0], "its assignment survived the move");
        f.time.advance(20_000 - 1);
        assertNotNull(f.group().member("m-1"), "its session started at load, with its own 20 s timeout");
        f.time.advance(1);
        assertNull(f.group().member("m-1"));
        assertEquals(GroupState.EMPTY, f.state());
    }

    @Test
    void shouldGiveALoadedDynamicMemberItsSessionTimeoutWhenShorterThanTheReconnectGrace() {
        GroupLoader.LoadedGroup loaded = new GroupLoader.LoadedGroup();
        int shortSessionMs = CoordinatorFixture.RECONNECT_GRACE_MS - 1_000;
        loaded.metadata = new GroupRecords.GroupValue(ConsumerProtocol.PROTOCOL_TYPE, 5, "range", "m-1", START_MS - 9_000,
            List.of(new GroupRecords.MemberValue("m-1", null, "client", "/127.0.0.1", 30_000, shortSessionMs,
                ConsumerProtocol.subscription(List.of("events")), new byte[] {3})));

        f.coordinator.adoptLoaded(0, Map.of(GROUP, loaded));

        f.time.advance(shortSessionMs - 1);
        assertNotNull(f.group().member("m-1"));
        f.time.advance(1);
        assertNull(f.group().member("m-1"), "min(session timeout, reconnect grace)");
    }

    private static Errors error(CompletableFuture<OffsetCommitResponse> response) {
        return answered(response).topics().get(0).partitions().get(0).error();
    }
}
