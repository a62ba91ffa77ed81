package io.zkafka.clients.consumer.internals;

import io.zkafka.common.errors.ApiException;
import io.zkafka.common.errors.FencedInstanceIdException;
import io.zkafka.common.message.JoinGroupRequest;
import io.zkafka.common.message.OffsetCommitRequest;
import io.zkafka.common.protocol.Errors;

/**
 * Who this consumer is in its group: member id, generation, whether it must (re)join, and a fatal
 * error once it has been fenced. Written by the application thread (joins) and the I/O thread
 * (heartbeat answers); every field is volatile and each is written whole.
 */
final class MemberState {
    private final String groupId;
    private final String groupInstanceId;
    private volatile String memberId = JoinGroupRequest.UNKNOWN_MEMBER_ID;
    private volatile int generation = OffsetCommitRequest.NO_GENERATION;
    private volatile boolean needsJoin = true;
    private volatile RuntimeException fatal;

    MemberState(String groupId, String groupInstanceId) {
        this.groupId = groupId;
        this.groupInstanceId = groupInstanceId;
    }

    String groupId() {
        return groupId;
    }

    /** The {@code group.instance.id} of a static member, else null. */
    String groupInstanceId() {
        return groupInstanceId;
    }

    boolean isStatic() {
        return groupInstanceId != null;
    }

    String memberId() {
        return memberId;
    }

    int generation() {
        return generation;
    }

    boolean hasGeneration() {
        return generation != OffsetCommitRequest.NO_GENERATION;
    }

    boolean needsJoin() {
        return needsJoin;
    }

    void requestJoin() {
        needsJoin = true;
    }

    /** The coordinator handed out a member id (MEMBER_ID_REQUIRED): the next join uses it. */
    void assignMemberId(String newMemberId) {
        memberId = newMemberId;
    }

    /** Whether the coordinator gave this consumer a member id (it may then leave, even mid-join). */
    boolean hasMemberId() {
        return !JoinGroupRequest.UNKNOWN_MEMBER_ID.equals(memberId);
    }

    void joined(String newMemberId, int newGeneration) {
        memberId = newMemberId;
        generation = newGeneration;
    }

    void stable() {
        needsJoin = false;
    }

    /** Forgets the membership: the next join starts as a new member. */
    void reset() {
        memberId = JoinGroupRequest.UNKNOWN_MEMBER_ID;
        generation = OffsetCommitRequest.NO_GENERATION;
        needsJoin = true;
    }

    /** Throws the fatal error (a fenced instance id) once there is one. */
    void throwIfFatal() {
        RuntimeException error = fatal;
        if (error != null) {
            throw error;
        }
    }

    /**
     * Acts on a group error of a join, sync or heartbeat: membership errors reset and ask for a
     * join, coordinator errors make the caller look the coordinator up again (true) and change
     * nothing else (the membership is the same at the next coordinator: a moved coordinator loads
     * the group as it was, so a stable member just heartbeats on), a fenced instance id becomes
     * fatal; anything else is thrown.
     *
     * @return whether the coordinator must be found again
     */
    boolean onGroupError(Errors error, String what) {
        switch (error) {
            case UNKNOWN_MEMBER_ID, ILLEGAL_GENERATION -> {
                memberId = JoinGroupRequest.UNKNOWN_MEMBER_ID;
                generation = OffsetCommitRequest.NO_GENERATION;
                needsJoin = true;
                return false;
            }
            case NOT_COORDINATOR, COORDINATOR_NOT_AVAILABLE, COORDINATOR_LOAD_IN_PROGRESS -> {
                return true;
            }
            case REBALANCE_IN_PROGRESS, MEMBER_ID_REQUIRED -> {
                needsJoin = true;
                return false;
            }
            case FENCED_INSTANCE_ID -> {
                needsJoin = true;
                throw fence(what);
            }
            default -> {
                needsJoin = true;
                throw ApiException.forError(error, what + " of group " + groupId);
            }
        }
    }

    /** Records and returns the fatal error of a fenced static member. */
    FencedInstanceIdException fence(String what) {
        FencedInstanceIdException error = new FencedInstanceIdException("The " + what + " of group " + groupId
            + " was refused: another consumer joined with group.instance.id " + groupInstanceId);
        fatal = error;
        return error;
    }
}
