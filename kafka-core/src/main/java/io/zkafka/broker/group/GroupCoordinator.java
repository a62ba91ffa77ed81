package io.zkafka.broker.group;

import com.codahale.metrics.MetricRegistry;
import io.zkafka.broker.replica.Partition;
import io.zkafka.broker.replica.ReplicaManager;
import io.zkafka.common.message.HeartbeatRequest;
import io.zkafka.common.message.HeartbeatResponse;
import io.zkafka.common.message.JoinGroupRequest;
import io.zkafka.common.message.JoinGroupResponse;
import io.zkafka.common.message.LeaveGroupRequest;
import io.zkafka.common.message.LeaveGroupResponse;
import io.zkafka.common.message.SyncGroupRequest;
import io.zkafka.common.message.SyncGroupResponse;
import io.zkafka.common.protocol.Errors;
import io.zkafka.coordination.ClusterChangeListener;
import io.zkafka.metrics.BrokerMetrics;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.ToIntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The group coordinator for the groups whose offsets partition this broker leads: the membership
 * protocol's requests (join, sync, heartbeat, leave: checked here, static members in
 * {@link StaticMembers}), the state changes they cause with the initial rebalance delay and session
 * expiry in {@link GroupTransitions}, committed offsets in {@link OffsetManager}, the admin requests
 * in {@link GroupAdministration}, retention in {@link OffsetExpiration}. {@link CoordinatedPartitions}
 * follows which offsets partitions this broker leads: when it starts leading one, its groups are
 * replayed ({@link GroupLoader}); when it stops, they are dropped.
 *
 * <p>Each helper gets only what it needs: the {@link GroupRegistry}, the {@link GroupOwnership}, the
 * {@link GroupLogWriter} and the time of the {@link CoordinatorScheduler}; none gets this class. A
 * test builds the coordinator from in-memory ones, without a broker.
 *
 * <p>Threads: request handler threads call in; each group's state is guarded by its own lock
 * ({@link GroupMetadata#lock}). The scheduler's single thread ({@code zkafka-group-coordinator} in
 * the broker) runs timers (session expiry, join completion, offsets retention, the
 * {@link ConsumerLagMonitor} refresh) and loads and unloads partitions; leadership changes arrive on
 * the cluster watcher thread and are handed to it. Writes complete on whichever thread moves the
 * offsets partition's high watermark.
 */
public final class GroupCoordinator implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(GroupCoordinator.class);

    /** What the coordinator takes from the broker's configuration. */
    public record Settings(int initialRebalanceDelayMs, int minSessionTimeoutMs, int maxSessionTimeoutMs,
                           int commitTimeoutMs, int offsetMetadataMaxBytes, long offsetsRetentionMs,
                           long offsetsRetentionCheckIntervalMs) {
    }

    private final Settings settings;
    private final CoordinatorScheduler scheduler;
    private final GroupRegistry groups;
    private final GroupOwnership ownership;
    private final ClusterChangeListener leadershipListener;
    private final GroupMetrics metrics;
    private final GroupTransitions transitions;
    private final OffsetManager offsets;
    private final GroupAdministration administration;

    /** The broker's coordinator: its thread reads the time from {@code clock}; records go to {@code replicas}. */
    public GroupCoordinator(Settings settings, ReplicaManager replicas, OffsetsTopic offsetsTopic,
                            BrokerMetrics brokerMetrics, Clock clock) {
        this(settings, new CoordinatorThread(clock), replicas, offsetsTopic, brokerMetrics.registry());
    }

    private GroupCoordinator(Settings settings, CoordinatorThread thread, ReplicaManager replicas,
                             OffsetsTopic offsetsTopic, MetricRegistry metricRegistry) {
        this(settings, thread, new OffsetsPartitionWriter(replicas, settings.commitTimeoutMs(), thread::milliseconds),
            loading -> new CoordinatedPartitions(replicas, offsetsTopic, thread::execute, loading),
            groupId -> offsetsTopic.partitionFor(groupId).partition(), metricRegistry);
    }

    /**
     * A coordinator on any scheduler and log (a unit test's in-memory ones). {@code ownership} makes
     * the ownership of the offsets partitions, given what loading and unloading one does; it also
     * follows the leadership changes. {@code offsetsPartitionOf} maps a group id to its partition.
     */
    <O extends GroupOwnership & ClusterChangeListener> GroupCoordinator(
            Settings settings, CoordinatorScheduler scheduler, GroupLogWriter writer,
            Function<CoordinatedPartitions.Loading, O> ownership, ToIntFunction<String> offsetsPartitionOf,
            MetricRegistry metricRegistry) {
        this.settings = settings;
        this.scheduler = scheduler;
        this.groups = new GroupRegistry(offsetsPartitionOf);
        O owned = ownership.apply(new CoordinatedPartitions.Loading() {
            @Override
            public boolean load(Partition partition) {
                return loadGroups(partition);
            }

            @Override
            public void unload(int partitionId) {
                unloadGroups(partitionId);
            }
        });
        this.ownership = owned;
        this.leadershipListener = owned;
        this.metrics = new GroupMetrics(metricRegistry, groups::snapshot);
        this.transitions = new GroupTransitions(settings.initialRebalanceDelayMs(), scheduler, writer, owned, metrics);
        this.offsets = new OffsetManager(groups, owned, writer, settings.offsetMetadataMaxBytes(), metrics,
            scheduler::milliseconds);
        this.administration = new GroupAdministration(groups, owned, writer, scheduler::milliseconds);
        OffsetExpiration expiration = new OffsetExpiration(groups, owned, writer, metrics, settings.offsetsRetentionMs(),
            scheduler::milliseconds);
        scheduler.scheduleWithFixedDelay(settings.offsetsRetentionCheckIntervalMs(), expiration::run);
    }

    /** Commits and fetches of offsets. */
    public OffsetManager offsets() {
        return offsets;
    }

    /** ListGroups, DescribeGroups, DeleteGroups and OffsetDelete. */
    public GroupAdministration administration() {
        return administration;
    }

    /**
     * Follows the roles of the offsets partitions (register it with the cluster watcher after the
     * replica manager, whose roles it reads): loads and unloads their groups.
     */
    public ClusterChangeListener leadershipListener() {
        return leadershipListener;
    }

    GroupRegistry groups() {
        return groups;
    }

    CoordinatorScheduler scheduler() {
        return scheduler;
    }

    /** The group coordinated here under that id, or null. */
    GroupMetadata group(String groupId) {
        return groups.get(groupId);
    }

    // ---- join -------------------------------------------------------------------------------

    public CompletableFuture<JoinGroupResponse> join(JoinGroupRequest request, String clientId, String clientHost) {
        String memberId = request.memberId() == null ? "" : request.memberId();
        Errors error = ownership.coordinatorError(request.groupId());
        if (error != Errors.NONE) {
            return CompletableFuture.completedFuture(JoinGroupResponse.error(error, memberId));
        }
        if (request.sessionTimeoutMs() < settings.minSessionTimeoutMs()
                || request.sessionTimeoutMs() > settings.maxSessionTimeoutMs()) {
            return CompletableFuture.completedFuture(JoinGroupResponse.error(Errors.INVALID_SESSION_TIMEOUT, memberId));
        }
        List<String> names = request.protocols() == null ? List.of()
            : request.protocols().stream().map(JoinGroupRequest.Protocol::name).toList();
        GroupMetadata group = groups.getOrCreate(request.groupId());
        synchronized (group.lock) {
            if (group.is(GroupState.DEAD)) {
                return CompletableFuture.completedFuture(JoinGroupResponse.error(Errors.NOT_COORDINATOR, memberId));
            }
            MemberMetadata member;
            if (memberId.isEmpty()) {
                MemberMetadata old = StaticMembers.holder(group, request.groupInstanceId());
                if (old != null) {
                    return rejoinStatic(group, old, request, clientId, clientHost);
                }
                if (!group.accepts(request.protocolType(), names)) {
                    return CompletableFuture.completedFuture(
                        JoinGroupResponse.error(Errors.INCONSISTENT_GROUP_PROTOCOL, memberId));
                }
                member = new MemberMetadata(clientId + "-" + UUID.randomUUID(), request.groupInstanceId(), clientId,
                    clientHost, request.sessionTimeoutMs(), request.rebalanceTimeoutMs(), request.protocols());
                if (group.members.isEmpty()) {
                    group.protocolType = request.protocolType();
                }
                StaticMembers.add(group, member);
                if (group.is(GroupState.PREPARING_REBALANCE) && group.newGroupPhase) {
                    // the initial delay stretches while members keep arriving, up to the rebalance timeout
                    long now = scheduler.milliseconds();
                    group.joinNotBeforeMs = Math.min(now + settings.initialRebalanceDelayMs(), group.joinDeadlineMs);
                }
            } else {
                Errors fenced = StaticMembers.fencingError(group, memberId, request.groupInstanceId());
                if (fenced != Errors.NONE) {
                    return CompletableFuture.completedFuture(JoinGroupResponse.error(fenced, memberId));
                }
                member = group.members.get(memberId);
                if (member == null) {
                    return CompletableFuture.completedFuture(JoinGroupResponse.error(Errors.UNKNOWN_MEMBER_ID, memberId));
                }
                List<String> others = names;
                boolean fits = group.members.size() == 1 || others.stream().anyMatch(n ->
                    group.members.values().stream().filter(m -> m != member).allMatch(m -> m.supports(n)));
                if (!fits || !request.protocolType().equals(group.protocolType)) {
                    return CompletableFuture.completedFuture(
                        JoinGroupResponse.error(Errors.INCONSISTENT_GROUP_PROTOCOL, memberId));
                }
                member.protocols = request.protocols();
                member.sessionTimeoutMs = request.sessionTimeoutMs();
                member.rebalanceTimeoutMs = request.rebalanceTimeoutMs();
            }
            return transitions.awaitJoin(group, member);
        }
    }

    /**
     * A static member rejoined without its member id (it restarted): it takes its old member's place
     * under a new member id and the old id is fenced. In a stable group with its subscription
     * unchanged it gets the current generation at once, led by nobody (no member list), and syncs for
     * its previous assignment: the others see no rebalance. Otherwise the group rebalances. Caller
     * holds the group lock.
     */
    private CompletableFuture<JoinGroupResponse> rejoinStatic(GroupMetadata group, MemberMetadata old,
                                                              JoinGroupRequest request, String clientId,
                                                              String clientHost) {
        boolean fits = request.protocolType().equals(group.protocolType) && (group.members.size() == 1
            || request.protocols().stream().anyMatch(p -> group.members.values().stream().filter(m -> m != old)
                .allMatch(m -> m.supports(p.name()))));
        if (!fits) {
            return CompletableFuture.completedFuture(JoinGroupResponse.error(Errors.INCONSISTENT_GROUP_PROTOCOL, ""));
        }
        boolean unchanged = group.is(GroupState.STABLE) && StaticMembers.sameSubscription(group, old, request);
        MemberMetadata member = StaticMembers.replace(group, old, request, clientId, clientHost);
        old.cancelSessionExpiry();
        if (old.awaitingJoin != null) {
            old.awaitingJoin.complete(JoinGroupResponse.error(Errors.FENCED_INSTANCE_ID, old.memberId));
            old.awaitingJoin = null;
        }
        GroupTransitions.failSync(old, Errors.FENCED_INSTANCE_ID);
        log.info("Static member {} of group {} rejoined as {}; {} fenced{}", member.groupInstanceId, group.groupId,
            member.memberId, old.memberId, unchanged ? ", no rebalance" : "");
        if (!unchanged) {
            return transitions.awaitJoin(group, member);
        }
        transitions.scheduleSessionExpiry(group, member);
        transitions.persist(group, null);
        return CompletableFuture.completedFuture(new JoinGroupResponse(Errors.NONE, group.generation,
            group.protocolType, group.protocol, group.leaderId, member.memberId, List.of()));
    }

    // ---- sync ---------------------------------------------------------------------------------

    public CompletableFuture<SyncGroupResponse> sync(SyncGroupRequest request) {
        Errors error = ownership.coordinatorError(request.groupId());
        if (error != Errors.NONE) {
            return CompletableFuture.completedFuture(SyncGroupResponse.error(error));
        }
        GroupMetadata group = groups.get(request.groupId());
        if (group == null) {
            return CompletableFuture.completedFuture(SyncGroupResponse.error(Errors.UNKNOWN_MEMBER_ID));
        }
        synchronized (group.lock) {
            MemberMetadata member = group.members.get(request.memberId());
            if (group.is(GroupState.DEAD)) {
                return CompletableFuture.completedFuture(SyncGroupResponse.error(Errors.NOT_COORDINATOR));
            }
            Errors fenced = StaticMembers.fencingError(group, request.memberId(), request.groupInstanceId());
            if (fenced != Errors.NONE) {
                return CompletableFuture.completedFuture(SyncGroupResponse.error(fenced));
            }
            if (member == null) {
                return CompletableFuture.completedFuture(SyncGroupResponse.error(Errors.UNKNOWN_MEMBER_ID));
            }
            if (request.generationId() != group.generation) {
                return CompletableFuture.completedFuture(SyncGroupResponse.error(Errors.ILLEGAL_GENERATION));
            }
            transitions.scheduleSessionExpiry(group, member);
            switch (group.state()) {
                case PREPARING_REBALANCE:
                    return CompletableFuture.completedFuture(SyncGroupResponse.error(Errors.REBALANCE_IN_PROGRESS));
                case STABLE:
                    return CompletableFuture.completedFuture(GroupTransitions.syncAnswer(group, member));
                case COMPLETING_REBALANCE:
                    break;
                default:
                    return CompletableFuture.completedFuture(SyncGroupResponse.error(Errors.UNKNOWN_MEMBER_ID));
            }
            CompletableFuture<SyncGroupResponse> response = new CompletableFuture<>();
            GroupTransitions.failSync(member, Errors.REBALANCE_IN_PROGRESS);
            member.awaitingSync = response;
            if (member.memberId.equals(group.leaderId)) {
                transitions.completeSync(group, request.assignments());
            }
            return response;
        }
    }

    // ---- heartbeat, leave, expiry -----------------------------------------------------------------

    public HeartbeatResponse heartbeat(HeartbeatRequest request) {
        Errors error = ownership.coordinatorError(request.groupId());
        if (error != Errors.NONE) {
            return new HeartbeatResponse(error);
        }
        GroupMetadata group = groups.get(request.groupId());
        if (group == null) {
            return new HeartbeatResponse(Errors.UNKNOWN_MEMBER_ID);
        }
        synchronized (group.lock) {
            MemberMetadata member = group.members.get(request.memberId());
            if (group.is(GroupState.DEAD)) {
                return new HeartbeatResponse(Errors.NOT_COORDINATOR);
            }
            Errors fenced = StaticMembers.fencingError(group, request.memberId(), request.groupInstanceId());
            if (fenced != Errors.NONE) {
                return new HeartbeatResponse(fenced);
            }
            if (member == null) {
                return new HeartbeatResponse(Errors.UNKNOWN_MEMBER_ID);
            }
            if (request.generationId() != group.generation) {
                return new HeartbeatResponse(Errors.ILLEGAL_GENERATION);
            }
            if (member.awaitingJoin == null) {
                transitions.scheduleSessionExpiry(group, member);
            }
            return new HeartbeatResponse(group.is(GroupState.PREPARING_REBALANCE) ? Errors.REBALANCE_IN_PROGRESS
                : Errors.NONE);
        }
    }

    public LeaveGroupResponse leave(LeaveGroupRequest request) {
        Errors error = ownership.coordinatorError(request.groupId());
        if (error != Errors.NONE) {
            return new LeaveGroupResponse(error, List.of());
        }
        GroupMetadata group = groups.get(request.groupId());
        List<LeaveGroupResponse.MemberResponse> results = new ArrayList<>();
        List<LeaveGroupRequest.MemberIdentity> leaving = request.members() == null ? List.of() : request.members();
        if (group == null) {
            leaving.forEach(m -> results.add(new LeaveGroupResponse.MemberResponse(m.memberId(), m.groupInstanceId(),
                Errors.UNKNOWN_MEMBER_ID)));
            return new LeaveGroupResponse(Errors.NONE, results);
        }
        synchronized (group.lock) {
            for (LeaveGroupRequest.MemberIdentity identity : leaving) {
                results.add(new LeaveGroupResponse.MemberResponse(identity.memberId(), identity.groupInstanceId(),
                    leaveOne(group, identity)));
            }
        }
        return new LeaveGroupResponse(Errors.NONE, results);
    }

    /**
     * One member leaving: by member id, or by instance id for a static member (an admin's removal
     * may name only the instance). Caller holds the group lock.
     */
    private Errors leaveOne(GroupMetadata group, LeaveGroupRequest.MemberIdentity identity) {
        String memberId = identity.memberId() == null ? "" : identity.memberId();
        if (identity.groupInstanceId() != null) {
            MemberMetadata holder = StaticMembers.holder(group, identity.groupInstanceId());
            if (holder == null) {
                return Errors.UNKNOWN_MEMBER_ID;
            }
            if (!memberId.isEmpty() && !memberId.equals(holder.memberId)) {
                return Errors.FENCED_INSTANCE_ID;
            }
            memberId = holder.memberId;
        }
        return transitions.removeMember(group, memberId, "left") ? Errors.NONE : Errors.UNKNOWN_MEMBER_ID;
    }

    // ---- loading and unloading ------------------------------------------------------------------

    /** Replays a partition newly led here into its groups, their members' session timers running. */
    private boolean loadGroups(Partition partition) {
        Map<String, GroupLoader.LoadedGroup> loaded;
        try {
            loaded = GroupLoader.load(partition);
        } catch (java.io.IOException | RuntimeException e) {
            log.error("Reading the groups of {} failed", partition.topicPartition(), e);
            return false;
        }
        int partitionId = partition.topicPartition().partition();
        loaded.forEach((groupId, state) -> {
            GroupMetadata group = state.toGroup(groupId, partitionId);
            if (group != null) {
                synchronized (group.lock) {
                    group.members.values().forEach(member -> transitions.scheduleSessionExpiry(group, member));
                }
                groups.put(group);
            }
        });
        return true;
    }

    /** Drops the groups of a partition no longer led here; their waiting members get NOT_COORDINATOR. */
    private void unloadGroups(int partitionId) {
        for (GroupMetadata group : groups.removePartition(partitionId)) {
            synchronized (group.lock) {
                if (group.is(GroupState.DEAD)) {
                    continue; // deleted or expired a moment ago: nothing waits on it
                }
                group.transitionTo(GroupState.DEAD, scheduler.milliseconds());
                for (MemberMetadata member : group.members.values()) {
                    member.cancelSessionExpiry();
                    if (member.awaitingJoin != null) {
                        member.awaitingJoin.complete(JoinGroupResponse.error(Errors.NOT_COORDINATOR, member.memberId));
                        member.awaitingJoin = null;
                    }
                    GroupTransitions.failSync(member, Errors.NOT_COORDINATOR);
                }
            }
        }
    }

    @Override
    public void close() {
        scheduler.close();
        metrics.close();
    }
}
