package io.zkafka.broker.group;

import java.util.EnumSet;
import java.util.Set;

/**
 * Where a group is in its rebalance cycle, as Kafka names the states. Each state knows the states
 * it may follow ({@link #validPreviousStates}); {@link GroupMetadata#transitionTo} refuses any other
 * move. These are all the moves the code makes:
 *
 * <pre>
 *                new group, or loaded with no members
 *                                 |
 *                                 v
 *                               Empty ---DeleteGroups, or no offset left after retention---> Dead
 *                                |  ^
 *                 a member joins |  | the join phase ends with no member
 *                                v  |
 *    +-------------------> PreparingRebalance
 *    ^                             |
 *    |                             | every member rejoined (after the initial delay),
 *    |                             | or the rebalance timeout passed
 *    |                             v
 *    +-join, leave, expiry,--- CompletingRebalance
 *    |  sync deadline,             |
 *    |  failed write               | the leader's assignments are written
 *    |                             v
 *    +-join, leave, expiry,----- Stable   (also where a group loaded with members starts)
 *       sync deadline
 *
 *    Empty, PreparingRebalance, CompletingRebalance, Stable ---offsets partition unloaded---> Dead
 * </pre>
 *
 * "expiry" is a member's removal timer firing ({@link MemberLiveness}); "sync deadline" a member of
 * the generation not having synced within the session timeout; "failed write" the leader's
 * assignments not written.
 * Dead is final: a Dead group has left the {@link GroupRegistry}, and the next join or commit of
 * its id creates a new group (Empty).
 */
public enum GroupState {
    EMPTY("Empty"),
    PREPARING_REBALANCE("PreparingRebalance"),
    COMPLETING_REBALANCE("CompletingRebalance"),
    STABLE("Stable"),
    DEAD("Dead");

    private final String kafkaName;

    GroupState(String kafkaName) {
        this.kafkaName = kafkaName;
    }

    /** The states a group may move to this one from. */
    Set<GroupState> validPreviousStates() {
        return switch (this) {
            case EMPTY -> EnumSet.of(PREPARING_REBALANCE);
            case PREPARING_REBALANCE -> EnumSet.of(EMPTY, COMPLETING_REBALANCE, STABLE);
            case COMPLETING_REBALANCE -> EnumSet.of(PREPARING_REBALANCE);
            case STABLE -> EnumSet.of(COMPLETING_REBALANCE);
            case DEAD -> EnumSet.of(EMPTY, PREPARING_REBALANCE, COMPLETING_REBALANCE, STABLE);
        };
    }

    @Override
    public String toString() {
        return kafkaName;
    }
}
