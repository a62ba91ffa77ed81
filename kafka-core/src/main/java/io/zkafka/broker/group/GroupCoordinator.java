package io.zkafka.broker.group;

import com.codahale.metrics.MetricRegistry;
import io.zkafka.broker.coordinator.CoordinatorPartitions;
import io.zkafka.broker.replica.Partition;
import io.zkafka.broker.replica.ReplicaManager;
import io.zkafka.broker.replica.TxnMarkerListener;
import io.zkafka.common.message.HeartbeatRequest;
import io.zkafka.common.message.HeartbeatResponse;
import io.zkafka.common.message.JoinGroupRequest;
import io.zkafka.common.message.JoinGroupResponse;
import io.zkafka.common.message.LeaveGroupRequest;
import io.zkafka.common.message.LeaveGroupResponse;
import io.zkafka.common.message.SyncGroupRequest;
import io.zkafka.common.message.SyncGroupResponse;
import io.zkafka.common.protocol.Errors;
import io.zkafka.common.utils.Time;
import io.zkafka.coordination.ClusterChangeListener;
import io.zkafka.metrics.BrokerMetrics;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
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

    /**
     * What the coordinator takes from the broker's configuration. {@code memberReconnectGraceMs}: how
     * long a dynamic member whose connection closed, or of a group loaded after a coordinator move,
     * keeps its place without a request on a new connection (capped by its session timeout; 0: the
     * session timeout, as in Kafka), see {@link MemberLiveness}.
     */
    public record Settings(int initialRebalanceDelayMs, int minSessionTimeoutMs, int maxSessionTimeoutMs,
                           int commitTimeoutMs, int offsetMetadataMaxBytes, long offsetsRetentionMs,
                           long offsetsRetentionCheckIntervalMs, int memberReconnectGraceMs) {
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

    /** The broker's coordinator: its thread reads the time from {@code time}; records go to {@code replicas}. */
    public GroupCoordinator(Settings settings, ReplicaManager replicas, OffsetsTopic offsetsTopic,
                            BrokerMetrics brokerMetrics, Time time) {
        this(settings, new CoordinatorThread(time), replicas, offsetsTopic, brokerMetrics.registry());
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
            Function<CoordinatorPartitions.Loading, O> ownership, ToIntFunction<String> offsetsPartitionOf,
            MetricRegistry metricRegistry) {
        this.settings = settings;
        this.scheduler = scheduler;
        this.groups = new GroupRegistry(offsetsPartitionOf);
        O owned = ownership.apply(new CoordinatorPartitions.Loading() {
            @Override
            public boolean load(Partition partition, int leaderEpoch) {
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
        this.transitions = new GroupTransitions(settings.initialRebalanceDelayMs(), settings.memberReconnectGraceMs(),
            scheduler, writer, owned, metrics);
        this.offsets = new OffsetManager(groups, owned, writer, settings.offsetMetadataMaxBytes(), metrics,
            scheduler::milliseconds, transitions.liveness());
        this.administration = new GroupAdministration(groups, owned, writer, scheduler::milliseconds);
        OffsetExpiration expiration = new OffsetExpiration(groups, owned, writer, metrics, settings.offsetsRetentionMs(),
            scheduler::milliseconds);
        scheduler.scheduleWithFixedDelay(settings.offsetsRetentionCheckIntervalMs(), expiration::run);
    }

    /** Commits and fetches of offsets. */
    public OffsetManager offsets() {
        return offsets;
    }

    /**
     * The hook the partition-leader side calls for every transaction marker it writes: a marker on
     * one of the {@code __consumer_offsets} partitions led here commits (or drops) the offsets its
     * transaction committed there (TxnOffsetCommit); markers on other partitions are ignored.
     */
    public TxnMarkerListener txnMarkerListener() {
        return (partition, producerId, committed, markerOffset) -> {
            if (OffsetsTopic.NAME.equals(partition.topic())) {
                offsets.completeTransaction(partition.partition(), producerId, committed);
            }
        };
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

    /** A join of a client that does not know MEMBER_ID_REQUIRED (version 0), on an unknown connection. */
    public CompletableFuture<JoinGroupResponse> join(JoinGroupRequest request, String clientId, String clientHost) {
        return join(request, 0, clientId, clientHost, null);
    }

    /**
     * JoinGroup: a member without a member id joins (or, with the instance id of a static member,
     * takes its place); a member with one rejoins. Answered when the join phase ends
     * ({@link GroupTransitions}), or at once with an error. A dynamic member without a member id
     * whose request is at {@link JoinGroupRequest#MEMBER_ID_REQUIRED_VERSION} or later only gets its
     * member id (MEMBER_ID_REQUIRED) and joins with it next (KIP-394). {@code connection} completes
     * when the request's connection closes (null if unknown).
     */
    public CompletableFuture<JoinGroupResponse> join(JoinGroupRequest request, int apiVersion, String clientId,
                                                     String clientHost, CompletionStage<Void> connection) {
        String memberId = request.memberId() == null ? "" : request.memberId();
        Errors error = ownership.coordinatorError(request.groupId());
        if (error == Errors.NONE && (request.sessionTimeoutMs() < settings.minSessionTimeoutMs()
                || request.sessionTimeoutMs() > settings.maxSessionTimeoutMs())) {
            error = Errors.INVALID_SESSION_TIMEOUT;
        }
        GroupMetadata group = error == Errors.NONE ? groups.getOrCreate(request.groupId()) : null;
        if (group == null) {
            return CompletableFuture.completedFuture(JoinGroupResponse.error(error, memberId));
        }
        synchronized (group.lock) {
            MemberMetadata known = memberId.isEmpty() ? null : group.member(memberId);
            boolean pending = known == null && !memberId.isEmpty() && group.isPendingMember(memberId);
            MemberMetadata replaced = memberId.isEmpty() ? group.staticMember(request.groupInstanceId()) : null;
            error = joinError(group, request, memberId, known != null ? known : replaced, pending);
            if (error != Errors.NONE) {
                return CompletableFuture.completedFuture(JoinGroupResponse.error(error, memberId));
            }
            if (replaced != null) {
                return transitions.replaceStaticMember(group, replaced, request, apiVersion, clientId, clientHost,
                    connection);
            }
            if (memberId.isEmpty() && request.groupInstanceId() == null
                    && apiVersion >= JoinGroupRequest.MEMBER_ID_REQUIRED_VERSION) {
                return CompletableFuture.completedFuture(transitions.requireMemberId(group, request, clientId));
            }
            return transitions.join(group, known, pending ? memberId : null, request, clientId, clientHost,
                connection);
        }
    }

    /**
     * Why the group refuses this join, or NONE: it is dead here, the member id is fenced or unknown
     * (neither a member nor {@code pending}: handed out by MEMBER_ID_REQUIRED and not joined yet),
     * or the protocols do not fit the other members'. {@code self} is the member rejoining or the
     * static member being replaced, null for a new member. Caller holds the group lock.
     */
    private static Errors joinError(GroupMetadata group, JoinGroupRequest request, String memberId,
                                    MemberMetadata self, boolean pending) {
        if (group.is(GroupState.DEAD)) {
            return Errors.NOT_COORDINATOR;
        }
        Errors fenced = StaticMembers.fencingError(group, memberId, request.groupInstanceId());
        if (!memberId.isEmpty() && fenced != Errors.NONE) {
            return fenced;
        }
        if (!memberId.isEmpty() && self == null && !pending) {
            return Errors.UNKNOWN_MEMBER_ID;
        }
        List<String> protocols = request.protocols() == null ? List.of()
            : request.protocols().stream().map(JoinGroupRequest.Protocol::name).toList();
        return group.acceptsProtocols(request.protocolType(), protocols, self) ? Errors.NONE
            : Errors.INCONSISTENT_GROUP_PROTOCOL;
    }

    // ---- sync, heartbeat ----------------------------------------------------------------------

    /** A sync on an unknown connection. */
    public CompletableFuture<SyncGroupResponse> sync(SyncGroupRequest request) {
        return sync(request, null);
    }

    /**
     * SyncGroup: answered with the member's assignment once the leader's assignments are written;
     * INCONSISTENT_GROUP_PROTOCOL when it names another protocol type or name than the group's.
     * {@code connection} completes when the request's connection closes (null if unknown).
     */
    public CompletableFuture<SyncGroupResponse> sync(SyncGroupRequest request, CompletionStage<Void> connection) {
        GroupMetadata group = groups.get(request.groupId());
        Errors error = groupError(request.groupId(), group);
        if (error != Errors.NONE) {
            return CompletableFuture.completedFuture(SyncGroupResponse.error(error));
        }
        synchronized (group.lock) {
            MemberMetadata member = group.member(request.memberId());
            error = memberError(group, member, request.memberId(), request.groupInstanceId(), request.generationId());
            if (error == Errors.NONE && !(sameOrUnsaid(request.protocolType(), group.protocolType)
                    && sameOrUnsaid(request.protocolName(), group.protocol))) {
                error = Errors.INCONSISTENT_GROUP_PROTOCOL;
            }
            return error != Errors.NONE ? CompletableFuture.completedFuture(SyncGroupResponse.error(error))
                : transitions.sync(group, member, request.assignments(), connection);
        }
    }

    /**
     * Whether a sync's protocol type or name fits the group's (KIP-559): a sync that does not name
     * one (an older client) is not checked.
     */
    private static boolean sameOrUnsaid(String named, String groups) {
        return named == null || groups == null || named.equals(groups);
    }

    /** A heartbeat on an unknown connection. */
    public HeartbeatResponse heartbeat(HeartbeatRequest request) {
        return heartbeat(request, null);
    }

    /**
     * Heartbeat: keeps the member's session; REBALANCE_IN_PROGRESS tells it to rejoin.
     * {@code connection} completes when the request's connection closes (null if unknown).
     */
    public HeartbeatResponse heartbeat(HeartbeatRequest request, CompletionStage<Void> connection) {
        GroupMetadata group = groups.get(request.groupId());
        Errors error = groupError(request.groupId(), group);
        if (error != Errors.NONE) {
            return new HeartbeatResponse(error);
        }
        synchronized (group.lock) {
            MemberMetadata member = group.member(request.memberId());
            error = memberError(group, member, request.memberId(), request.groupInstanceId(), request.generationId());
            if (error == Errors.NONE) {
                transitions.liveness().heardFrom(group, member, connection);
            }
            if (error == Errors.NONE && group.is(GroupState.PREPARING_REBALANCE)) {
                error = Errors.REBALANCE_IN_PROGRESS;
            }
            return new HeartbeatResponse(error);
        }
    }

    /** Why a sync or heartbeat cannot reach the group: not coordinated here, or no such group (no such member). */
    private Errors groupError(String groupId, GroupMetadata group) {
        Errors error = ownership.coordinatorError(groupId);
        return error == Errors.NONE && group == null ? Errors.UNKNOWN_MEMBER_ID : error;
    }

    /**
     * Why a sync or heartbeat of this member is refused, or NONE: the group is dead here, the
     * member id is fenced or unknown, or the generation is not the group's. Caller holds the lock.
     */
    private static Errors memberError(GroupMetadata group, MemberMetadata member, String memberId,
                                      String groupInstanceId, int generation) {
        if (group.is(GroupState.DEAD)) {
            return Errors.NOT_COORDINATOR;
        }
        Errors fenced = StaticMembers.fencingError(group, memberId, groupInstanceId);
        if (fenced != Errors.NONE) {
            return fenced;
        }
        if (member == null) {
            return Errors.UNKNOWN_MEMBER_ID;
        }
        return generation == group.generation ? Errors.NONE : Errors.ILLEGAL_GENERATION;
    }

    // ---- leave --------------------------------------------------------------------------------

    /** LeaveGroup: each named member leaves at once; the others rebalance. */
    public LeaveGroupResponse leave(LeaveGroupRequest request) {
        Errors error = ownership.coordinatorError(request.groupId());
        if (error != Errors.NONE) {
            return new LeaveGroupResponse(error, List.of());
        }
        GroupMetadata group = groups.get(request.groupId());
        List<LeaveGroupRequest.MemberIdentity> leaving = request.members() == null ? List.of() : request.members();
        List<LeaveGroupResponse.MemberResponse> results = new ArrayList<>();
        if (group == null) {
            leaving.forEach(m -> results.add(new LeaveGroupResponse.MemberResponse(m.memberId(), m.groupInstanceId(),
                Errors.UNKNOWN_MEMBER_ID)));
        } else {
            synchronized (group.lock) {
                leaving.forEach(m -> results.add(new LeaveGroupResponse.MemberResponse(m.memberId(),
                    m.groupInstanceId(), leaveOne(group, m))));
            }
        }
        return new LeaveGroupResponse(Errors.NONE, results);
    }

    /**
     * One member leaving: by member id, or by instance id for a static member (an admin's removal
     * may name only the instance); a member id handed out but not joined yet is forgotten. Caller
     * holds the group lock.
     */
    private Errors leaveOne(GroupMetadata group, LeaveGroupRequest.MemberIdentity identity) {
        String memberId = identity.memberId() == null ? "" : identity.memberId();
        if (identity.groupInstanceId() == null && group.removePendingMember(memberId)) {
            log.info("Pending member {} of group {} left before joining", memberId, group.groupId);
            return Errors.NONE;
        }
        if (identity.groupInstanceId() != null) {
            MemberMetadata holder = group.staticMember(identity.groupInstanceId());
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

    /** Replays a partition newly led here into its groups. Coordinator thread. */
    private boolean loadGroups(Partition partition) {
        try {
            adoptLoaded(partition.topicPartition().partition(), GroupLoader.load(partition));
            return true;
        } catch (IOException | RuntimeException e) {
            log.error("Reading the groups of {} failed", partition.topicPartition(), e);
            return false;
        }
    }

    /** Takes in the groups read from an offsets partition; their members' sessions start now. Coordinator thread. */
    void adoptLoaded(int partitionId, Map<String, GroupLoader.LoadedGroup> loaded) {
        loaded.forEach((groupId, state) -> {
            GroupMetadata group = state.toGroup(groupId, partitionId);
            if (group != null) {
                synchronized (group.lock) {
                    transitions.startSessions(group);
                }
                groups.put(group);
            }
        });
    }

    /** Drops the groups of a partition no longer led here; their waiting members get NOT_COORDINATOR. Coordinator thread. */
    void unloadGroups(int partitionId) {
        for (GroupMetadata group : groups.removePartition(partitionId)) {
            synchronized (group.lock) {
                if (!group.is(GroupState.DEAD)) { // else deleted or expired a moment ago: nothing waits on it
                    transitions.unload(group);
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
