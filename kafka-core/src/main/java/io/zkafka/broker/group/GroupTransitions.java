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
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rebalance protocol once {@link GroupCoordinator} found a request valid: members join, which
 * starts a join phase (PreparingRebalance); the phase ends when every member rejoined or its
 * deadline passed (CompletingRebalance, or Empty without members); the leader's assignments are
 * written and make the group Stable; a member that leaves or misses its session timeout starts a
 * new join phase. Also the timers that drive it (the join phase's check, each member's session
 * expiry), all on the injected {@link CoordinatorScheduler}, and the write of the group's metadata
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

    GroupTransitions(int initialRebalanceDelayMs, CoordinatorScheduler scheduler, GroupLogWriter writer,
                     GroupOwnership ownership, GroupMetrics metrics) {
        this.initialRebalanceDelayMs = initialRebalanceDelayMs;
        this.scheduler = scheduler;
        this.writer = writer;
        this.ownership = ownership;
        this.metrics = metrics;
    }

    // ---- joining ------------------------------------------------------------------------------

    /**
     * A member joins and waits for the join phase to end. A member rejoining under its member id
     * ({@code known}) may change its protocols and timeouts. A new one ({@code known} null) gets a
     * member id, sets the protocol type of a group without members, and stretches the initial delay
     * of a new group's first rebalance, up to the rebalance timeout.
     */
    CompletableFuture<JoinGroupResponse> join(GroupMetadata group, MemberMetadata known, JoinGroupRequest request,
                                              String clientId, String clientHost) {
        MemberMetadata member = known;
        if (member != null) {
            member.update(request);
        } else {
            member = MemberMetadata.joining(request, clientId, clientHost);
            if (!group.hasMembers()) {
                group.protocolType = request.protocolType();
            }
            group.add(member);
            if (group.is(GroupState.PREPARING_REBALANCE) && group.initialRebalance) {
                group.joinNotBeforeMs = Math.min(scheduler.milliseconds() + initialRebalanceDelayMs,
                    group.joinDeadlineMs);
            }
        }
        return awaitJoin(group, member);
    }

    /**
     * A static member rejoined without its member id (it restarted): it takes its old member's place
     * under a new member id and the old id is fenced. In a stable group with its subscription
     * unchanged it gets the current generation at once, led by nobody (no member list), and syncs for
     * its previous assignment: the others see no rebalance. Otherwise the group rebalances.
     */
    CompletableFuture<JoinGroupResponse> replaceStaticMember(GroupMetadata group, MemberMetadata old,
                                                             JoinGroupRequest request, String clientId,
                                                             String clientHost) {
        boolean unchanged = group.is(GroupState.STABLE) && StaticMembers.sameSubscription(group, old, request);
        MemberMetadata member = StaticMembers.replace(group, old, request, clientId, clientHost);
        old.cancelSessionExpiry();
        old.answerJoin(JoinGroupResponse.error(Errors.FENCED_INSTANCE_ID, old.memberId));
        old.answerSync(SyncGroupResponse.error(Errors.FENCED_INSTANCE_ID));
        log.info("Static member {} of group {} rejoined as {}; {} fenced{}", member.groupInstanceId, group.groupId,
            member.memberId, old.memberId, unchanged ? ", no rebalance" : "");
        if (unchanged) {
            scheduleSessionExpiry(group, member);
            persist(group, null);
        }
        return unchanged ? CompletableFuture.completedFuture(new JoinGroupResponse(Errors.NONE, group.generation,
            group.protocolType, group.protocol, group.leaderId, member.memberId, List.of()))
            : awaitJoin(group, member);
    }

    /** Parks the member's join until the join phase ends, starting one if needed. */
    private CompletableFuture<JoinGroupResponse> awaitJoin(GroupMetadata group, MemberMetadata member) {
        CompletableFuture<JoinGroupResponse> response = new CompletableFuture<>();
        member.answerJoin(JoinGroupResponse.error(Errors.REBALANCE_IN_PROGRESS, member.memberId));
        member.awaitingJoin = response;
        member.cancelSessionExpiry();
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
     */
    private void formGeneration(GroupMetadata group, long now) {
        group.protocol = group.selectProtocol();
        if (group.leaderId == null || group.member(group.leaderId) == null) {
            group.leaderId = group.members().iterator().next().memberId;
        }
        group.transitionTo(GroupState.COMPLETING_REBALANCE, now);
        metrics.rebalanced();
        List<JoinGroupResponse.Member> all = new ArrayList<>();
        for (MemberMetadata m : group.members()) {
            all.add(new JoinGroupResponse.Member(m.memberId, m.groupInstanceId, m.metadata(group.protocol)));
        }
        for (MemberMetadata m : group.members()) {
            boolean leader = m.memberId.equals(group.leaderId);
            m.assignment = new byte[0];
            scheduleSessionExpiry(group, m);
            m.answerJoin(new JoinGroupResponse(Errors.NONE, group.generation, group.protocolType, group.protocol,
                group.leaderId, m.memberId, leader ? all : List.of()));
        }
        log.info("Group {} formed generation {} with {} member(s), protocol {}, leader {}", group.groupId,
            group.generation, group.members().size(), group.protocol, group.leaderId);
    }

    // ---- syncing ------------------------------------------------------------------------------

    /**
     * A member of the current generation syncs: answered at once when the group is Stable (its
     * assignment) or rebalancing again (REBALANCE_IN_PROGRESS); in CompletingRebalance it waits, and
     * the leader's sync carries everyone's assignments.
     */
    CompletableFuture<SyncGroupResponse> sync(GroupMetadata group, MemberMetadata member,
                                              List<SyncGroupRequest.Assignment> assignments) {
        scheduleSessionExpiry(group, member);
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
        member.cancelSessionExpiry();
        member.answerJoin(JoinGroupResponse.error(Errors.UNKNOWN_MEMBER_ID, memberId));
        member.answerSync(SyncGroupResponse.error(Errors.UNKNOWN_MEMBER_ID));
        if (group.is(GroupState.STABLE) || group.is(GroupState.COMPLETING_REBALANCE)) {
            prepareRebalance(group);
        }
        tryCompleteJoin(group);
        return true;
    }

    /**
     * (Re)starts the member's session: it is removed unless a heartbeat, join or sync comes within
     * its session timeout. A member waiting in a join has no session timer meanwhile.
     */
    void scheduleSessionExpiry(GroupMetadata group, MemberMetadata member) {
        member.cancelSessionExpiry();
        member.sessionExpiry = scheduler.schedule(member.sessionTimeoutMs, () -> {
            synchronized (group.lock) {
                if (group.member(member.memberId) == member && member.awaitingJoin == null) {
                    removeMember(group, member.memberId, "expired after " + member.sessionTimeoutMs + " ms without a heartbeat");
                }
            }
        });
    }

    // ---- loading and unloading ------------------------------------------------------------------

    /** A group just loaded from its offsets partition: its members' sessions start now. */
    void startSessions(GroupMetadata group) {
        group.members().forEach(member -> scheduleSessionExpiry(group, member));
    }

    /** A group whose offsets partition is no longer led here: Dead, its waiting members told NOT_COORDINATOR. */
    void unload(GroupMetadata group) {
        group.transitionTo(GroupState.DEAD, scheduler.milliseconds());
        for (MemberMetadata member : group.members()) {
            member.cancelSessionExpiry();
            member.answerJoin(JoinGroupResponse.error(Errors.NOT_COORDINATOR, member.memberId));
            member.answerSync(SyncGroupResponse.error(Errors.NOT_COORDINATOR));
        }
    }

    // ---- the metadata record --------------------------------------------------------------------

    /** Writes the group's metadata; {@code done} (if any) gets the outcome. */
    void persist(GroupMetadata group, Consumer<Errors> done) {
        List<GroupRecords.MemberValue> members = new ArrayList<>();
        for (MemberMetadata m : group.members()) {
            members.add(new GroupRecords.MemberValue(m.memberId, m.groupInstanceId, m.clientId, m.clientHost,
                m.rebalanceTimeoutMs, m.sessionTimeoutMs, m.metadata(group.protocol), m.assignment));
        }
        byte[] value = GroupRecords.groupValue(new GroupRecords.GroupValue(group.protocolType, group.generation,
            group.protocol, group.leaderId, stateTimestamp(group), members));
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
