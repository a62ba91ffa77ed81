package io.zkafka.broker.group;

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
 * How a group moves between its states once a request was found valid: a join phase starts
 * (PreparingRebalance), completes when every member rejoined or its deadline passed
 * (CompletingRebalance, or Empty), the leader's sync is written and makes the group Stable; a member
 * that leaves or misses its session timeout starts a new join phase. Also the timers that drive
 * it (join checks, session expiry) and the write of the group's metadata record.
 *
 * <p>Threads: every method runs under the group's lock, held by the caller (a request thread, a
 * timer on the coordinator thread, or the thread completing a write, which takes the lock itself).
 */
final class GroupTransitions {
    private static final Logger log = LoggerFactory.getLogger(GroupTransitions.class);

    private final int initialRebalanceDelayMs;
    private final CoordinatorScheduler timers;
    private final GroupLogWriter writer;
    private final GroupOwnership ownership;
    private final GroupMetrics metrics;

    GroupTransitions(int initialRebalanceDelayMs, CoordinatorScheduler timers, GroupLogWriter writer,
                     GroupOwnership ownership, GroupMetrics metrics) {
        this.initialRebalanceDelayMs = initialRebalanceDelayMs;
        this.timers = timers;
        this.writer = writer;
        this.ownership = ownership;
        this.metrics = metrics;
    }

    /** Parks the member's join until the join phase completes, starting one if needed. Caller holds the group lock. */
    CompletableFuture<JoinGroupResponse> awaitJoin(GroupMetadata group, MemberMetadata member) {
        CompletableFuture<JoinGroupResponse> response = new CompletableFuture<>();
        if (member.awaitingJoin != null) {
            member.awaitingJoin.complete(JoinGroupResponse.error(Errors.REBALANCE_IN_PROGRESS, member.memberId));
        }
        member.awaitingJoin = response;
        member.cancelSessionExpiry();
        if (!group.is(GroupState.PREPARING_REBALANCE)) {
            prepareRebalance(group);
        }
        tryCompleteJoin(group);
        return response;
    }

    /** Starts a join phase; members must rejoin. Caller holds the group lock. */
    void prepareRebalance(GroupMetadata group) {
        if (group.is(GroupState.COMPLETING_REBALANCE)) {
            for (MemberMetadata member : group.members.values()) {
                failSync(member, Errors.REBALANCE_IN_PROGRESS);
            }
        }
        long now = timers.milliseconds();
        group.newGroupPhase = group.is(GroupState.EMPTY);
        group.transitionTo(GroupState.PREPARING_REBALANCE, now);
        group.joinDeadlineMs = now + Math.max(group.maxRebalanceTimeoutMs(), 0);
        group.joinNotBeforeMs = group.newGroupPhase
            ? Math.min(now + initialRebalanceDelayMs, group.joinDeadlineMs) : now;
        scheduleJoinCheck(group, Math.max(0, group.joinNotBeforeMs - now));
        scheduleJoinCheck(group, Math.max(0, group.joinDeadlineMs - now));
        log.info("Preparing to rebalance group {} (generation {}, {} member(s))", group.groupId, group.generation,
            group.members.size());
    }

    private void scheduleJoinCheck(GroupMetadata group, long delayMs) {
        timers.schedule(delayMs, () -> {
            synchronized (group.lock) {
                tryCompleteJoin(group);
            }
        });
    }

    /** Completes the join phase when everyone rejoined (after the initial delay) or the deadline passed. */
    void tryCompleteJoin(GroupMetadata group) {
        if (!group.is(GroupState.PREPARING_REBALANCE)) {
            return;
        }
        long now = timers.milliseconds();
        boolean ready = now >= group.joinNotBeforeMs && group.allMembersJoined();
        if (!ready && now < group.joinDeadlineMs) {
            if (now < group.joinNotBeforeMs) {
                scheduleJoinCheck(group, group.joinNotBeforeMs - now);
            }
            return;
        }
        group.members.values().removeIf(m -> {
            boolean gone = m.awaitingJoin == null;
            if (gone) {
                m.cancelSessionExpiry();
                StaticMembers.removed(group, m);
                log.info("Member {} of group {} did not rejoin in time and leaves", m.memberId, group.groupId);
            }
            return gone;
        });
        group.generation++;
        if (group.members.isEmpty()) {
            group.transitionTo(GroupState.EMPTY, now);
            group.protocol = null;
            group.leaderId = null;
            persist(group, null);
            return;
        }
        group.protocol = group.selectProtocol();
        if (group.leaderId == null || !group.members.containsKey(group.leaderId)) {
            group.leaderId = group.members.keySet().iterator().next();
        }
        group.transitionTo(GroupState.COMPLETING_REBALANCE, now);
        metrics.rebalanced();
        List<JoinGroupResponse.Member> all = new ArrayList<>();
        for (MemberMetadata m : group.members.values()) {
            all.add(new JoinGroupResponse.Member(m.memberId, m.groupInstanceId, m.metadata(group.protocol)));
        }
        for (MemberMetadata m : group.members.values()) {
            boolean leader = m.memberId.equals(group.leaderId);
            CompletableFuture<JoinGroupResponse> waiting = m.awaitingJoin;
            m.awaitingJoin = null;
            m.assignment = new byte[0];
            scheduleSessionExpiry(group, m);
            waiting.complete(new JoinGroupResponse(Errors.NONE, group.generation, group.protocolType, group.protocol,
                group.leaderId, m.memberId, leader ? all : List.of()));
        }
        log.info("Group {} formed generation {} with {} member(s), protocol {}, leader {}", group.groupId,
            group.generation, group.members.size(), group.protocol, group.leaderId);
    }

    /**
     * The leader's sync: records every member's assignment, writes the group, and once written makes
     * the group Stable and answers the members waiting in sync (or, if the write failed, fails them
     * and starts over). Caller holds the group lock.
     */
    void completeSync(GroupMetadata group, List<SyncGroupRequest.Assignment> assignments) {
        Map<String, byte[]> byMember = new HashMap<>();
        if (assignments != null) {
            assignments.forEach(a -> byMember.put(a.memberId(), a.assignment()));
        }
        group.members.values().forEach(m -> m.assignment = byMember.getOrDefault(m.memberId, new byte[0]));
        int generation = group.generation;
        persist(group, result -> {
            synchronized (group.lock) {
                if (group.generation != generation || !group.is(GroupState.COMPLETING_REBALANCE)) {
                    return;
                }
                if (result == Errors.NONE) {
                    group.transitionTo(GroupState.STABLE, timers.milliseconds());
                    group.members.values().forEach(m -> {
                        if (m.awaitingSync != null) {
                            CompletableFuture<SyncGroupResponse> waiting = m.awaitingSync;
                            m.awaitingSync = null;
                            waiting.complete(syncAnswer(group, m));
                        }
                    });
                    log.info("Group {} is stable at generation {}", group.groupId, generation);
                } else {
                    Errors answer = result == Errors.NOT_COORDINATOR ? Errors.NOT_COORDINATOR
                        : Errors.COORDINATOR_NOT_AVAILABLE;
                    group.members.values().forEach(m -> failSync(m, answer));
                    prepareRebalance(group);
                }
            }
        });
    }

    static SyncGroupResponse syncAnswer(GroupMetadata group, MemberMetadata member) {
        return new SyncGroupResponse(Errors.NONE, group.protocolType, group.protocol, member.assignment);
    }

    static void failSync(MemberMetadata member, Errors error) {
        if (member.awaitingSync != null) {
            CompletableFuture<SyncGroupResponse> waiting = member.awaitingSync;
            member.awaitingSync = null;
            waiting.complete(SyncGroupResponse.error(error));
        }
    }

    /** Removes a member and rebalances the others. Caller holds the group lock. */
    boolean removeMember(GroupMetadata group, String memberId, String why) {
        MemberMetadata member = group.members.remove(memberId);
        if (member == null) {
            return false;
        }
        log.info("Member {} of group {} {}", memberId, group.groupId, why);
        member.cancelSessionExpiry();
        StaticMembers.removed(group, member);
        if (member.awaitingJoin != null) {
            member.awaitingJoin.complete(JoinGroupResponse.error(Errors.UNKNOWN_MEMBER_ID, memberId));
        }
        failSync(member, Errors.UNKNOWN_MEMBER_ID);
        if (group.is(GroupState.STABLE) || group.is(GroupState.COMPLETING_REBALANCE)) {
            prepareRebalance(group);
        }
        tryCompleteJoin(group);
        return true;
    }

    void scheduleSessionExpiry(GroupMetadata group, MemberMetadata member) {
        member.cancelSessionExpiry();
        member.sessionExpiry = timers.schedule(member.sessionTimeoutMs, () -> {
            synchronized (group.lock) {
                if (group.members.get(member.memberId) == member && member.awaitingJoin == null) {
                    removeMember(group, member.memberId, "expired after " + member.sessionTimeoutMs + " ms without a heartbeat");
                }
            }
        });
    }

    /** Writes the group's metadata; {@code done} (if any) gets the outcome. Caller holds the group lock. */
    void persist(GroupMetadata group, Consumer<Errors> done) {
        List<GroupRecords.MemberValue> members = new ArrayList<>();
        for (MemberMetadata m : group.members.values()) {
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
        return group.emptySinceMs() >= 0 ? group.emptySinceMs() : timers.milliseconds();
    }
}
