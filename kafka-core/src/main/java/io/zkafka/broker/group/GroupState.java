package io.zkafka.broker.group;

import java.util.EnumSet;
import java.util.Set;

/**
 * Where a group is in its rebalance cycle, as Kafka names the states. Each state knows the states
 * it may follow; {@link GroupMetadata#transitionTo} refuses any other move. These are all the moves:
 *
 * <pre>
 *  new group ----+     loaded with no members        loaded with members
 *                v            |                              |
 *              Empty <--------+                              v
 *               |  ^                                       Stable
 *    first join |  | the join phase ends with no member      |  ^
 *               v  |                                         |  | the leader's assignments are written
 *       PreparingRebalance <---- join, leave, session expiry-+  |
 *           |      ^                                            |
 *           |      +---- join, leave, session expiry, ----+     |
 *           |            failed assignment write          |     |
 *           +---- every member rejoined, or the ----> CompletingRebalance
 *                 rebalance timeout passed
 *
 *  Empty, PreparingRebalance, CompletingRebalance, Stable --offsets partition unloaded--> Dead
 *  Empty --DeleteGroups, or every offset expired--> Dead
 * </pre>
 *
 * Dead is terminal: a Dead group has left the registry, and the next join or commit of its id
 * creates a new group object (Empty).
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
