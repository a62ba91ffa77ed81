package io.zkafka.broker.group;

import io.zkafka.clients.consumer.internals.ConsumerProtocol;
import io.zkafka.common.TopicPartition;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * One group as its coordinator holds it: state, generation, protocol, leader, members in join
 * order, and committed offsets. Every field is guarded by {@link #lock}, the group's one lock;
 * the coordinator takes it around each request and timer on the group. The state changes only
 * through {@link #transitionTo}, which refuses a move {@link GroupState} does not allow.
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
    final Map<String, MemberMetadata> members = new LinkedHashMap<>();
    final Map<TopicPartition, CommittedOffset> offsets = new HashMap<>();
    /** Commits written but not yet acknowledged, per partition: retention leaves those offsets alone. */
    final Map<TopicPartition, Integer> pendingCommits = new HashMap<>();
    /** group.instance.id -> the member id holding it now (see {@link StaticMembers}). */
    final Map<String, String> staticMembers = new HashMap<>();
    /** Earliest time the running join phase may complete (the initial rebalance delay). */
    long joinNotBeforeMs;
    /** The latest time the running join phase completes, with whoever joined by then. */
    long joinDeadlineMs;
    boolean newGroupPhase;

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
     * Moves the group to {@code next} at {@code nowMs}. Caller holds the lock.
     *
     * @throws IllegalStateException if {@code next} may not follow the current state: a bug in the caller
     */
    void transitionTo(GroupState next, long nowMs) {
        if (!next.validPreviousStates().contains(state)) {
            throw new IllegalStateException("Group " + groupId + " cannot move from " + state + " to " + next);
        }
        state = next;
        stateSinceMs = nowMs;
    }

    boolean allMembersJoined() {
        for (MemberMetadata member : members.values()) {
            if (member.awaitingJoin == null) {
                return false;
            }
        }
        return true;
    }

    int maxRebalanceTimeoutMs() {
        int max = 0;
        for (MemberMetadata member : members.values()) {
            max = Math.max(max, member.rebalanceTimeoutMs);
        }
        return max;
    }

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

    /** Whether a joining member's protocol type and protocols fit the group's current members. */
    boolean accepts(String type, java.util.List<String> protocolNames) {
        if (members.isEmpty()) {
            return type != null && !type.isEmpty() && !protocolNames.isEmpty();
        }
        if (!type.equals(protocolType)) {
            return false;
        }
        for (String name : protocolNames) {
            if (members.values().stream().allMatch(m -> m.supports(name))) {
                return true;
            }
        }
        return false;
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
