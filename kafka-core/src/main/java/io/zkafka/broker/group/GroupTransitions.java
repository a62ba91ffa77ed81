package io.zkafka.broker.group;

import io.zkafka.common.message.JoinGroupRequest;
import io.zkafka.common.message.JoinGroupResponse;
import io.zkafka.common.message.SyncGroupRequest;
import io.zkafka.common.message.SyncGroupResponse;
import io.zkafka.common.protocol.Errors;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rebalance protocol once {@link GroupCoordinator} found a request valid: members join, which
 * starts a join phase (PreparingRebalance); the phase ends when every member rejoined or its
 * deadline passed (CompletingRebalance, or Empty without members); the leader's assignments are
 * written and make the group Stable; a member that leaves, misses its session timeout (or loses
 * its connection, {@link MemberLiveness}) or does not sync within its session timeout starts a new
 * join phase. A new member of a client that supports it gets its member id first
 * (MEMBER_ID_REQUIRED, KIP-394) and becomes a member only when it joins with it. Also the timers
 * that drive it (the join phase's check, the sync deadline, each member's removal, pending member
 * ids), all on the injected {@link CoordinatorScheduler}, and the write of the group's metadata
 * record.
 *
 * <p>Threads: every method runs under the group's lock, held by the caller (a request thread, a
 * timer on the coordinator thread, or the thread completing a write, which takes the lock itself).
 */
final class GroupTransitions {
    private static final Logger log = LoggerFactory.getLogger(GroupTransitions.class);

    private final int initialRebalanceDelayMs;
    private final CoordinatorScheduler scheduler;
    private final GroupLogWriter writer;
    private final GroupOwnership ownership;
    private final GroupMetrics metrics;
    private final MemberLiveness liveness;

    GroupTransitions(int initialRebalanceDelayMs, int reconnectGraceMs, CoordinatorScheduler scheduler,
                     GroupLogWriter writer, GroupOwnership ownership, GroupMetrics metrics) {
        this.initialRebalanceDelayMs = initialRebalanceDelayMs;
        this.scheduler = scheduler;
        this.writer = writer;
        this.ownership = ownership;
        this.metrics = metrics;
        this.liveness = new MemberLiveness(scheduler, reconnectGraceMs,
            (group, member, why) -> removeMember(group, member.memberId, why));
    }

    /** When members stop counting as alive: requests and lost connections. */
    MemberLiveness liveness() {
        return liveness;
    }

    // ---- the first step of a new member (KIP-394) ------------------------------------------------

    /**
     * A new dynamic member asked to join without a member id: it gets one with MEMBER_ID_REQUIRED
     * and is not a member yet; the group does not change. Only a join with that id makes it one; the
     * id is forgotten after the session timeout, so a client that never comes back costs nothing.
     */
    JoinGroupResponse requireMemberId(GroupMetadata group, JoinGroupRequest request, String clientId) {
        String memberId = MemberMetadata.newMemberId(clientId);
        group.addPendingMember(memberId, scheduler.schedule(request.sessionTimeoutMs(), () -> {
            synchronized (group.lock) {
                if (group.removePendingMember(memberId)) {
                    log.info("Pending member {} of group {} did not join within {} ms", memberId, group.groupId,
                        request.sessionTimeoutMs());
                }
            }
        }));
        return JoinGroupResponse.error(Errors.MEMBER_ID_REQUIRED, memberId);
    }

    // ---- joining ------------------------------------------------------------------------------

    /**
     * A member joins and waits for the join phase to end. A member rejoining under its member id
     * ({@code known}) may change its protocols and timeouts. A new one ({@code known} null) becomes a
     * member under the id it was given ({@code pendingId}, removed from the pending ids) or a new
     * one, sets the protocol type of a group without members, and stretches the initial delay of a
     * new group's first rebalance, up to the rebalance timeout.
     */
    CompletableFuture<JoinGroupResponse> join(GroupMetadata group, MemberMetadata known, String pendingId,
                                              JoinGroupRequest request, String clientId, String clientHost,
                                              CompletionStage<Void> connection) {
        MemberMetadata member = known;
        if (member != null) {
            member.update(request);
        } else {
            if (pendingId != null) {
                group.removePendingMember(pendingId);
            }
            member = pendingId != null ? MemberMetadata.joining(pendingId, request, clientId, clientHost)
                : MemberMetadata.joining(request, clientId, clientHost);
            if (!group.hasMembers()) {
                group.protocolType = request.protocolType();
            }
            group.add(member);
            if (group.is(GroupState.PREPARING_REBALANCE) && group.initialRebalance) {
                group.joinNotBeforeMs = Math.min(scheduler.milliseconds() + initialRebalanceDelayMs,
                    group.joinDeadlineMs);
            }
        }
        return awaitJoin(group, member, connection);
    }

    /**
     * A static member rejoined without its member id (it restarted): it takes its old member's place
     * under a new member id and the old id is fenced. In a stable group with its subscription
     * unchanged it gets the current generation at once and syncs for its previous assignment: the
     * others see no rebalance. If it leads the group, a client at
     * {@link JoinGroupRequest#SKIP_ASSIGNMENT_VERSION} or later gets the member list with
     * skipAssignment (KIP-814: it follows the subscriptions but does not assign); an older one gets
     * no member list. Otherwise the group rebalances.
     */
    CompletableFuture<JoinGroupResponse> replaceStaticMember(GroupMetadata group, MemberMetadata old,
                                                             JoinGroupRequest request, int apiVersion, String clientId,
                                                             String clientHost, CompletionStage<Void> connection) {
        boolean unchanged = group.is(GroupState.STABLE) && StaticMembers.sameSubscription(group, old, request);
        MemberMetadata member = StaticMembers.replace(group, old, request, clientId, clientHost);
        old.cancelSessionExpiry();
        old.answerJoin(JoinGroupResponse.error(Errors.FENCED_INSTANCE_ID, old.memberId));
        old.answerSync(SyncGroupResponse.error(Errors.FENCED_INSTANCE_ID));
        log.info("Static member {} of group {} rejoined as {}; {} fenced{}", member.groupInstanceId, group.groupId,
            member.memberId, old.memberId, unchanged ? ", no rebalance" : "");
        if (unchanged) {
            liveness.heardFrom(group, member, connection);
            persist(group, null);
        }
        if (!unchanged) {
            return awaitJoin(group, member, connection);
        }
        boolean skipAssignment = member.memberId.equals(group.leaderId)
            && apiVersion >= JoinGroupRequest.SKIP_ASSIGNMENT_VERSION;
        return CompletableFuture.completedFuture(new JoinGroupResponse(Errors.NONE, group.generation,
            group.protocolType, group.protocol, group.leaderId, member.memberId,
            skipAssignment ? memberList(group) : List.of(), skipAssignment));
    }

    /** Parks the member's join until the join phase ends, starting one if needed. */
    private CompletableFuture<JoinGroupResponse> awaitJoin(GroupMetadata group, MemberMetadata member,
                                                           CompletionStage<Void> connection) {
        CompletableFuture<JoinGroupResponse> response = new CompletableFuture<>();
        member.answerJoin(JoinGroupResponse.error(Errors.REBALANCE_IN_PROGRESS, member.memberId));
        member.awaitingJoin = response;
        liveness.parked(group, member, connection);
        if (!group.is(GroupState.PREPARING_REBALANCE)) {
            prepareRebalance(group);
        }
        tryCompleteJoin(group);
        return response;
    }

    // ---- the join phase -----------------------------------------------------------------------

    /** Starts a join phase: members must rejoin by the largest rebalance timeout. */
    private void prepareRebalance(GroupMetadata group) {
        group.members().forEach(m -> m.answerSync(SyncGroupResponse.error(Errors.REBALANCE_IN_PROGRESS)));
        group.pendingSync.clear();
        long now = scheduler.milliseconds();
        group.initialRebalance = group.is(GroupState.EMPTY);
        group.transitionTo(GroupState.PREPARING_REBALANCE, now);
        group.joinDeadlineMs = now + Math.max(group.maxRebalanceTimeoutMs(), 0);
        group.joinNotBeforeMs = group.initialRebalance ? Math.min(now + initialRebalanceDelayMs, group.joinDeadlineMs)
            : now;
        scheduleJoinCheck(group);
        log.info("Preparing to rebalance group {} (generation {}, {} member(s))", group.groupId, group.generation,
            group.members().size());
    }

    /** Checks the join phase again when the initial delay ends, or else at its deadline. */
    private void scheduleJoinCheck(GroupMetadata group) {
        long now = scheduler.milliseconds();
        long at = now < group.joinNotBeforeMs ? group.joinNotBeforeMs : group.joinDeadlineMs;
        group.setStateTimer(scheduler.schedule(Math.max(0, at - now), () -> {
            synchronized (group.lock) {
                tryCompleteJoin(group);
                if (group.is(GroupState.PREPARING_REBALANCE)) {
                    scheduleJoinCheck(group); // the initial delay was stretched meanwhile
                }
            }
        }));
    }

    /** Ends the join phase once every member rejoined (after the initial delay) or the deadline passed. */
    private void tryCompleteJoin(GroupMetadata group) {
        long now = scheduler.milliseconds();
        boolean everyoneRejoined = now >= group.joinNotBeforeMs && group.allMembersJoined();
        if (group.is(GroupState.PREPARING_REBALANCE) && (everyoneRejoined || now >= group.joinDeadlineMs)) {
            completeJoin(group, now);
        }
    }

    /**
     * Drops the members that did not rejoin and moves to the next generation: Empty (written) when
     * none is left, else CompletingRebalance.
     */
    private void completeJoin(GroupMetadata group, long now) {
        for (MemberMetadata late : group.membersNotRejoined()) {
            late.cancelSessionExpiry();
            group.remove(late);
            log.info("Member {} of group {} did not rejoin in time and leaves", late.memberId, group.groupId);
        }
        group.generation++;
        if (group.hasMembers()) {
            formGeneration(group, now);
        } else {
            group.protocol = null;
            group.leaderId = null;
            group.transitionTo(GroupState.EMPTY, now);
            persist(group, null);
        }
    }

    /**
     * The members of the new generation get a protocol and a leader (the old one if still a member)
     * and their join answers, the leader's with the members' subscriptions: CompletingRebalance.
     * Each must sync within its session timeout ({@link #scheduleSyncDeadline}).
     */
    private void formGeneration(GroupMetadata group, long now) {
        group.protocol = group.selectProtocol();
        if (group.leaderId == null || group.member(group.leaderId) == null) {
            group.leaderId = group.members().iterator().next().memberId;
        }
        group.transitionTo(GroupState.COMPLETING_REBALANCE, now);
        group.pendingSync.clear();
        group.members().forEach(m -> group.pendingSync.add(m.memberId));
        group.syncDeadlineMs = now + group.maxSessionTimeoutMs();
        scheduleSyncDeadline(group);
        metrics.rebalanced();
        List<JoinGroupResponse.Member> all = memberList(group);
        for (MemberMetadata m : group.members()) {
            boolean leader = m.memberId.equals(group.leaderId);
            m.assignment = new byte[0];
            liveness.restartSession(group, m);
            m.answerJoin(new JoinGroupResponse(Errors.NONE, group.generation, group.protocolType, group.protocol,
                group.leaderId, m.memberId, leader ? all : List.of()));
        }
        log.info("Group {} formed generation {} with {} member(s), protocol {}, leader {}", group.groupId,
            group.generation, group.members().size(), group.protocol, group.leaderId);
    }

    /** Every member with its subscription in the group's protocol, as the leader's join answer lists them. */
    private static List<JoinGroupResponse.Member> memberList(GroupMetadata group) {
        List<JoinGroupResponse.Member> all = new ArrayList<>();
        for (MemberMetadata m : group.members()) {
            all.add(new JoinGroupResponse.Member(m.memberId, m.groupInstanceId, m.metadata(group.protocol)));
        }
        return all;
    }

    /**
     * Removes, at the sync deadline, the members of this generation that have not synced by then (a
     * member that died between join and sync must not hold the group: without the leader's sync no
     * one gets an assignment), which starts a new join phase. Kept across the move to Stable.
     */
    private void scheduleSyncDeadline(GroupMetadata group) {
        int generation = group.generation;
        long delayMs = Math.max(0, group.syncDeadlineMs - scheduler.milliseconds());
        group.setStateTimer(scheduler.schedule(delayMs, () -> {
            synchronized (group.lock) {
                if (group.generation != generation || !(group.is(GroupState.COMPLETING_REBALANCE)
                        || group.is(GroupState.STABLE))) {
                    return;
                }
                for (String memberId : List.copyOf(group.pendingSync)) {
                    removeMember(group, memberId, "did not sync generation " + generation + " in time");
                }
            }
        }));
    }

    // ---- syncing ------------------------------------------------------------------------------

    /**
     * A member of the current generation syncs: answered at once when the group is Stable (its
     * assignment) or rebalancing again (REBALANCE_IN_PROGRESS); in CompletingRebalance it waits, and
     * the leader's sync carries everyone's assignments.
     */
    CompletableFuture<SyncGroupResponse> sync(GroupMetadata group, MemberMetadata member,
                                              List<SyncGroupRequest.Assignment> assignments,
                                              CompletionStage<Void> connection) {
        liveness.heardFrom(group, member, connection);
        group.pendingSync.remove(member.memberId);
        switch (group.state()) {
            case COMPLETING_REBALANCE:
                CompletableFuture<SyncGroupResponse> response = new CompletableFuture<>();
                member.answerSync(SyncGroupResponse.error(Errors.REBALANCE_IN_PROGRESS));
                member.awaitingSync = response;
                if (member.memberId.equals(group.leaderId)) {
                    writeAssignments(group, assignments);
                }
                return response;
            case STABLE:
                return CompletableFuture.completedFuture(syncAnswer(group, member));
            case PREPARING_REBALANCE:
                return CompletableFuture.completedFuture(SyncGroupResponse.error(Errors.REBALANCE_IN_PROGRESS));
            default:
                return CompletableFuture.completedFuture(SyncGroupResponse.error(Errors.UNKNOWN_MEMBER_ID));
        }
    }

    /**
     * The leader's sync: records every member's assignment, writes the group, and once written makes
     * the group Stable and answers the members waiting in sync (or, if the write failed, fails them
     * and starts over).
     */
    private void writeAssignments(GroupMetadata group, List<SyncGroupRequest.Assignment> assignments) {
        Map<String, byte[]> byMember = new HashMap<>();
        if (assignments != null) {
            assignments.forEach(a -> byMember.put(a.memberId(), a.assignment()));
        }
        group.members().forEach(m -> m.assignment = byMember.getOrDefault(m.memberId, new byte[0]));
        int generation = group.generation;
        persist(group, result -> {
            synchronized (group.lock) {
                if (group.generation != generation || !group.is(GroupState.COMPLETING_REBALANCE)) {
                    return;
                }
                if (result == Errors.NONE) {
                    group.transitionTo(GroupState.STABLE, scheduler.milliseconds());
                    if (!group.pendingSync.isEmpty()) {
                        scheduleSyncDeadline(group); // the move called the state's timer off
                    }
                    group.members().forEach(m -> m.answerSync(syncAnswer(group, m)));
                    log.info("Group {} is stable at generation {}", group.groupId, generation);
                } else {
                    Errors answer = result == Errors.NOT_COORDINATOR ? Errors.NOT_COORDINATOR
                        : Errors.COORDINATOR_NOT_AVAILABLE;
                    group.members().forEach(m -> m.answerSync(SyncGroupResponse.error(answer)));
                    prepareRebalance(group);
                }
            }
        });
    }

    private static SyncGroupResponse syncAnswer(GroupMetadata group, MemberMetadata member) {
        return new SyncGroupResponse(Errors.NONE, group.protocolType, group.protocol, member.assignment);
    }

    // ---- leaving and session expiry -------------------------------------------------------------

    /** Removes a member at once, answering whatever it waits for, and rebalances the others. */
    boolean removeMember(GroupMetadata group, String memberId, String why) {
        MemberMetadata member = group.member(memberId);
        if (member == null) {
            return false;
        }
        log.info("Member {} of group {} {}", memberId, group.groupId, why);
        group.remove(member);
        recordDeparture(group, member);
        member.cancelSessionExpiry();
        member.answerJoin(JoinGroupResponse.error(Errors.UNKNOWN_MEMBER_ID, memberId));
        member.answerSync(SyncGroupResponse.error(Errors.UNKNOWN_MEMBER_ID));
        if (group.is(GroupState.STABLE) || group.is(GroupState.COMPLETING_REBALANCE)) {
            prepareRebalance(group);
        }
        tryCompleteJoin(group);
        return true;
    }

    // ---- loading and unloading ------------------------------------------------------------------

    /**
     * A group just loaded from its offsets partition: its members must reach this coordinator, static
     * ones within their session timeout, dynamic ones within the reconnect grace ({@link MemberLiveness}).
     */
    void startSessions(GroupMetadata group) {
        liveness.loaded(group);
    }

    /** A group whose offsets partition is no longer led here: Dead, its waiting members told NOT_COORDINATOR. */
    void unload(GroupMetadata group) {
        group.transitionTo(GroupState.DEAD, scheduler.milliseconds());
        group.clearPendingMembers();
        for (MemberMetadata member : group.members()) {
            member.cancelSessionExpiry();
            member.answerJoin(JoinGroupResponse.error(Errors.NOT_COORDINATOR, member.memberId));
            member.answerSync(SyncGroupResponse.error(Errors.NOT_COORDINATOR));
        }
    }

    // ---- the metadata record --------------------------------------------------------------------

    /**
     * A member left the group (it left, expired, or did not sync) while others stay: the metadata
     * last appended is appended again with that member's session timeout set to 0, when it still
     * names the member as alive and describes the current generation. Nothing else changes in it;
     * a coordinator that loads it after a move then removes the member at once, which rebalances
     * the rest, instead of waiting for a member known to be gone (it would otherwise get the
     * reconnect grace). Without that mark, the log would name every member of the last generation
     * written until the next one is. A metadata record of an older generation is never appended
     * again, nor one while the next generation's assignments are not written yet: those could land
     * after a newer record.
     */
    private void recordDeparture(GroupMetadata group, MemberMetadata member) {
        GroupRecords.GroupValue recorded = group.recorded;
        if (!group.hasMembers() || recorded == null || recorded.generation() != group.generation
                || group.is(GroupState.COMPLETING_REBALANCE)) {
            return;
        }
        List<GroupRecords.MemberValue> members = new ArrayList<>();
        boolean marked = false;
        for (GroupRecords.MemberValue m : recorded.members()) {
            boolean departing = m.memberId().equals(member.memberId) && m.sessionTimeoutMs() > 0;
            marked |= departing;
            members.add(departing ? new GroupRecords.MemberValue(m.memberId(), m.groupInstanceId(), m.clientId(),
                m.clientHost(), m.rebalanceTimeoutMs(), 0, m.subscription(), m.assignment()) : m);
        }
        if (marked) {
            append(group, new GroupRecords.GroupValue(recorded.protocolType(), recorded.generation(),
                recorded.protocol(), recorded.leader(), recorded.stateTimestamp(), members), null);
        }
    }

    /** Writes the group's metadata; {@code done} (if any) gets the outcome. */
    void persist(GroupMetadata group, Consumer<Errors> done) {
        List<GroupRecords.MemberValue> members = new ArrayList<>();
        for (MemberMetadata m : group.members()) {
            members.add(new GroupRecords.MemberValue(m.memberId, m.groupInstanceId, m.clientId, m.clientHost,
                m.rebalanceTimeoutMs, m.sessionTimeoutMs, m.metadata(group.protocol), m.assignment));
        }
        append(group, new GroupRecords.GroupValue(group.protocolType, group.generation, group.protocol,
            group.leaderId, stateTimestamp(group), members), done);
    }

    /** Appends a metadata value of the group and remembers it as the one recorded last. */
    private void append(GroupMetadata group, GroupRecords.GroupValue metadata, Consumer<Errors> done) {
        group.recorded = metadata;
        byte[] value = GroupRecords.groupValue(metadata);
        writer.append(group.offsetsPartition, ownership.loadedEpoch(group.offsetsPartition), List.of(
                new GroupLogWriter.Entry(GroupRecords.groupMetadataKey(group.groupId), value)))
            .thenAccept(result -> {
                if (result.error() != Errors.NONE) {
                    log.warn("Writing the metadata of group {} failed: {}", group.groupId, result.error());
                }
                if (done != null) {
                    done.accept(result.error());
                }
            });
    }

    /** When the group entered its state, as far as retention needs it: the Empty moment, else now. */
    private long stateTimestamp(GroupMetadata group) {
        return group.emptySinceMs() >= 0 ? group.emptySinceMs() : scheduler.milliseconds();
    }
}
