package io.zkafka.broker.txn;

import java.util.EnumSet;
import java.util.Set;

/**
 * The states of a transactional id, with Kafka's names and the ids its transaction log writes.
 *
 * <pre>
 *  Empty --AddPartitions--> Ongoing --EndTxn(commit)--> PrepareCommit --markers written--> CompleteCommit
 *    ^                       |  |                                                              |
 *    |                       |  +--EndTxn(abort)------> PrepareAbort ---markers written--> CompleteAbort
 *    |                       |                              ^                                  |
 *    |                       +--timeout, InitProducerId--> PrepareEpochFence (epoch bumped)    |
 *    |                                                                                         |
 *    +---------- InitProducerId (epoch bump) from Empty, CompleteCommit, CompleteAbort --------+
 *
 *  CompleteCommit, CompleteAbort --AddPartitions--> Ongoing (the next transaction)
 *  Empty, CompleteCommit, CompleteAbort --transactional.id.expiration.ms--> Dead (a tombstone)
 * </pre>
 *
 * Ongoing goes on to Ongoing when more partitions join. PrepareEpochFence is never written: it is
 * the moment between bumping a zombie's epoch and writing the abort. Each state knows the states it
 * may be entered from; {@link TransactionMetadata} refuses any other move.
 */
public enum TransactionState {
    EMPTY(0, "Empty"),
    ONGOING(1, "Ongoing"),
    PREPARE_COMMIT(2, "PrepareCommit"),
    PREPARE_ABORT(3, "PrepareAbort"),
    COMPLETE_COMMIT(4, "CompleteCommit"),
    COMPLETE_ABORT(5, "CompleteAbort"),
    DEAD(6, "Dead"),
    PREPARE_EPOCH_FENCE(7, "PrepareEpochFence");

    /** The id in the transaction log's value (Kafka's TransactionStatus byte). */
    public final byte id;
    /** Kafka's name, as DescribeTransactions and ListTransactions show it. */
    public final String displayName;

    TransactionState(int id, String displayName) {
        this.id = (byte) id;
        this.displayName = displayName;
    }

    /** The states this one may be entered from. */
    public Set<TransactionState> validPreviousStates() {
        return switch (this) {
            case EMPTY -> EnumSet.of(EMPTY, COMPLETE_COMMIT, COMPLETE_ABORT);
            case ONGOING -> EnumSet.of(ONGOING, EMPTY, COMPLETE_COMMIT, COMPLETE_ABORT);
            case PREPARE_COMMIT -> EnumSet.of(ONGOING);
            case PREPARE_ABORT -> EnumSet.of(ONGOING, PREPARE_EPOCH_FENCE);
            case COMPLETE_COMMIT -> EnumSet.of(PREPARE_COMMIT);
            case COMPLETE_ABORT -> EnumSet.of(PREPARE_ABORT);
            case DEAD -> EnumSet.of(EMPTY, COMPLETE_COMMIT, COMPLETE_ABORT);
            case PREPARE_EPOCH_FENCE -> EnumSet.of(ONGOING);
        };
    }

    /** Whether no transaction is open: the id may expire, and the next InitProducerId bumps the epoch at once. */
    public boolean isIdle() {
        return this == EMPTY || this == COMPLETE_COMMIT || this == COMPLETE_ABORT;
    }

    /** Whether the decision is taken and markers are being written. */
    public boolean isPreparing() {
        return this == PREPARE_COMMIT || this == PREPARE_ABORT;
    }

    /** The state with this log id. @throws IllegalArgumentException for an unknown id */
    public static TransactionState forId(byte id) {
        for (TransactionState state : values()) {
            if (state.id == id) {
                return state;
            }
        }
        throw new IllegalArgumentException("Unknown transaction state id " + id);
    }

    /** The state with this Kafka name (case-sensitive, as Kafka's), or null. */
    public static TransactionState forDisplayName(String name) {
        for (TransactionState state : values()) {
            if (state.displayName.equals(name)) {
                return state;
            }
        }
        return null;
    }
}
