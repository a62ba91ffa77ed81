package io.zkafka.broker.group;

import io.zkafka.clients.consumer.internals.ConsumerProtocol;
import io.zkafka.common.TopicPartition;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One group as its coordinator holds it: state, generation, protocol, leader, members in join
 * order (with the static members' instance ids), committed offsets, and the running join phase.
 * Every field is guarded by {@link #lock}, the group's one lock; the coordinator takes it around
 * each request, timer and write completion on the group.
 *
 * <p>The state changes only through {@link #transitionTo}, which refuses a move {@link GroupState}
 * does not allow; the moves themselves are made by {@link GroupTransitions}, and Dead also by
 * retention and deletion. Members come and go only through {@link #add}, {@link #remove} and
 * {@link #replace}, which keep the instance ids in step.
 */
final class GroupMetadata {
    /** A committed offset and the log offset of the record that carried it (newer records win). */
    record CommittedOffset(long offset, int leaderEpoch, String metadata, long commitTimestamp, long recordOffset) {
    }

    final Object lock = new Object();
    final String groupId;
    final int offsetsPartition;
    private GroupState state;
    /** When the group entered its state (the Empty moment is persisted as the metadata's state timestamp); -1 if unknown. */
    private long stateSinceMs;
    int generation;
    String protocolType;
    String protocol;
    String leaderId;
    private final Map<String, MemberMetadata> members = new LinkedHashMap<>();
    /** group.instance.id -> the member id holding it now (see {@link StaticMembers}). */
    private final Map<String, String> staticMembers = new HashMap<>();
    final Map<TopicPartition, CommittedOffset> offsets = new HashMap<>();
    /** Commits written but not yet acknowledged, per partition: retention leaves those offsets alone. */
    final Map<TopicPartition, Integer> pendingCommits = new HashMap<>();
    /**
     * Offsets committed in a transaction (TxnOffsetCommit) and written, by producer id: invisible
     * until the producer's commit marker reaches the offsets partition, dropped by its abort marker.
     */
    final Map<Long, Map<TopicPartition, CommittedOffset>> pendingTxnOffsets = new HashMap<>();

    /** Whether the running join phase started from Empty, so the initial rebalance delay applies. */
    boolean initialRebalance;
    /** Earliest time the running join phase may complete (the initial rebalance delay). */
    long joinNotBeforeMs;
    /** The latest time the running join phase completes, with whoever joined by then. */
    long joinDeadlineMs;
    /** The timer of the current state (the next join check, the sync deadline); called off when the state changes. */
    private CoordinatorScheduler.Cancellable stateTimer;
    /**
     * Member ids handed out with MEMBER_ID_REQUIRED whose second join has not come yet, each with the
     * timer that forgets it after the session timeout (KIP-394). Not members: they count for nothing.
     */
    private final Map<String, CoordinatorScheduler.Cancellable> pendingMembers = new HashMap<>();
    /** Members of the current generation that have not synced yet (cleared when a join phase starts). */
    final Set<String> pendingSync = new HashSet<>();
    /** By when the members in {@link #pendingSync} must have synced, or they are removed. */
    long syncDeadlineMs;
    /**
     * The group metadata this coordinator appended last (or loaded), or null: what a coordinator
     * that loads the offsets partition now would see. A member that departs is marked in it
     * ({@link GroupTransitions#removeMember}).
     */
    GroupRecords.GroupValue recorded;

    /** A new group: Empty, since an unknown time. */
    GroupMetadata(String groupId, int offsetsPartition) {
        this(groupId, offsetsPartition, GroupState.EMPTY, -1);
    }

    /** A group as loaded from its offsets partition: Empty, or Stable with the members the log names. */
    GroupMetadata(String groupId, int offsetsPartition, GroupState initialState, long stateSinceMs) {
        if (initialState != GroupState.EMPTY && initialState != GroupState.STABLE) {
            throw new IllegalArgumentException("A group starts Empty or Stable, not " + initialState);
        }
        this.groupId = groupId;
        this.offsetsPartition = offsetsPartition;
        this.state = initialState;
        this.stateSinceMs = stateSinceMs;
    }

    // ---- state --------------------------------------------------------------------------------

    GroupState state() {
        return state;
    }

    boolean is(GroupState candidate) {
        return state == candidate;
    }

    /** When the group last became Empty if it is Empty now (the retention's starting point), else -1. */
    long emptySinceMs() {
        return state == GroupState.EMPTY ? stateSinceMs : -1;
    }

    /**
     * Moves the group to {@code next} at {@code nowMs}, calling off the timer of the state it
     * leaves. Caller holds the lock.
     *
     * @throws IllegalStateException if {@code next} may not follow the current state: a bug in the caller
     */
    void transitionTo(GroupState next, long nowMs) {
        if (!next.validPreviousStates().contains(state)) {
            throw new IllegalStateException("Group " + groupId + " cannot move from " + state + " to " + next);
        }
        setStateTimer(null);
        state = next;
        stateSinceMs = nowMs;
    }

    /** Replaces the timer of the current state; a transition calls it off. Caller holds the lock. */
    void setStateTimer(CoordinatorScheduler.Cancellable timer) {
        if (stateTimer != null) {
            stateTimer.cancel();
        }
        stateTimer = timer;
    }

    // ---- transactional offsets ------------------------------------------------------------------

    /** Whether an offset commit of {@code tp} is in flight or pending in a transaction. Caller holds the lock. */
    boolean hasPendingOffsets(TopicPartition tp) {
        return pendingCommits.containsKey(tp)
            || pendingTxnOffsets.values().stream().anyMatch(offsets -> offsets.containsKey(tp));
    }

    /**
     * The producer's transaction ended: on commit its pending offsets become the committed ones
     * (unless a commit written later holds the partition), on abort they are dropped. Caller holds
     * the lock.
     */
    void completeTxnOffsets(long producerId, boolean committed) {
        Map<TopicPartition, CommittedOffset> pending = pendingTxnOffsets.remove(producerId);
        if (pending == null || !committed) {
            return;
        }
        pending.forEach((tp, offset) -> {
            CommittedOffset current = offsets.get(tp);
            if (current == null || current.recordOffset() < offset.recordOffset()) {
                offsets.put(tp, offset);
            }
        });
    }

    // ---- members ------------------------------------------------------------------------------

    MemberMetadata member(String memberId) {
        return members.get(memberId);
    }

    /** The members in join order, as a read-only view. */
    Collection<MemberMetadata> members() {
        return Collections.unmodifiableCollection(members.values());
    }

    boolean hasMembers() {
        return !members.isEmpty();
    }

    /** The member holding a static instance id, or null (also for a null id). */
    MemberMetadata staticMember(String groupInstanceId) {
        String memberId = groupInstanceId == null ? null : staticMembers.get(groupInstanceId);
        return memberId == null ? null : members.get(memberId);
    }

    /** Adds a member, recording its instance id if it has one. */
    void add(MemberMetadata member) {
        members.put(member.memberId, member);
        if (member.groupInstanceId != null) {
            staticMembers.put(member.groupInstanceId, member.memberId);
        }
    }

    /** Removes a member and its instance id (unless a replacement holds that id now). */
    void remove(MemberMetadata member) {
        members.remove(member.memberId, member);
        pendingSync.remove(member.memberId);
        if (member.groupInstanceId != null) {
            staticMembers.remove(member.groupInstanceId, member.memberId);
        }
    }

    /** Puts {@code replacement} in {@code old}'s place: its instance id, and its leadership if it led. */
    void replace(MemberMetadata old, MemberMetadata replacement) {
        remove(old);
        add(replacement);
        if (old.memberId.equals(leaderId)) {
            leaderId = replacement.memberId;
        }
    }

    // ---- member ids handed out but not joined yet (KIP-394) -----------------------------------

    boolean isPendingMember(String memberId) {
        return pendingMembers.containsKey(memberId);
    }

    /** Records a member id handed out with MEMBER_ID_REQUIRED and the timer that forgets it. */
    void addPendingMember(String memberId, CoordinatorScheduler.Cancellable expiry) {
        CoordinatorScheduler.Cancellable previous = pendingMembers.put(memberId, expiry);
        if (previous != null) {
            previous.cancel();
        }
    }

    /** Forgets a pending member id (it joined, left or expired); true if it was pending. */
    boolean removePendingMember(String memberId) {
        CoordinatorScheduler.Cancellable expiry = pendingMembers.remove(memberId);
        if (expiry != null) {
            expiry.cancel();
        }
        return expiry != null;
    }

    /** Forgets every pending member id (the group is unloaded). */
    void clearPendingMembers() {
        pendingMembers.values().forEach(CoordinatorScheduler.Cancellable::cancel);
        pendingMembers.clear();
    }

    int pendingMemberCount() {
        return pendingMembers.size();
    }

    /** The members whose join is not parked: those that did not rejoin the running join phase. */
    List<MemberMetadata> membersNotRejoined() {
        return members.values().stream().filter(m -> m.awaitingJoin == null).toList();
    }

    boolean allMembersJoined() {
        return members.values().stream().allMatch(m -> m.awaitingJoin != null);
    }

    int maxSessionTimeoutMs() {
        int max = 0;
        for (MemberMetadata member : members.values()) {
            max = Math.max(max, member.sessionTimeoutMs);
        }
        return max;
    }

    int maxRebalanceTimeoutMs() {
        int max = 0;
        for (MemberMetadata member : members.values()) {
            max = Math.max(max, member.rebalanceTimeoutMs);
        }
        return max;
    }

    // ---- protocols ----------------------------------------------------------------------------

    /** The first protocol, in the first member's order of preference, that every member supports. */
    String selectProtocol() {
        MemberMetadata first = members.values().iterator().next();
        for (var candidate : first.protocols) {
            boolean all = members.values().stream().allMatch(m -> m.supports(candidate.name()));
            if (all) {
                return candidate.name();
            }
        }
        return null;
    }

    /**
     * Whether a member joining with this protocol type and these protocols fits the group: some
     * protocol every other member supports, and the group's protocol type. {@code self} is the
     * joining member if it is one already (or the static member it replaces), else null; a member
     * joining a group without members sets the protocol type.
     */
    boolean acceptsProtocols(String type, List<String> protocolNames, MemberMetadata self) {
        if (type == null || type.isEmpty() || protocolNames.isEmpty()) {
            return false;
        }
        List<MemberMetadata> others = members.values().stream().filter(m -> m != self).toList();
        if (others.isEmpty()) {
            return self == null || type.equals(protocolType);
        }
        return type.equals(protocolType)
            && protocolNames.stream().anyMatch(name -> others.stream().allMatch(m -> m.supports(name)));
    }

    /**
     * The topics the members subscribe to (none when there are no members), or null when that cannot
     * be known: not a consumer group, no protocol chosen, or a subscription that cannot be read.
     * Caller holds the lock.
     */
    Set<String> subscribedTopics() {
        if (members.isEmpty()) {
            return Set.of();
        }
        if (!ConsumerProtocol.PROTOCOL_TYPE.equals(protocolType) || protocol == null) {
            return null;
        }
        Set<String> topics = new HashSet<>();
        for (MemberMetadata member : members.values()) {
            byte[] subscription = member.metadata(protocol);
            if (subscription == null) {
                return null;
            }
            try {
                topics.addAll(ConsumerProtocol.readSubscription(subscription));
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
        return topics;
    }
}
