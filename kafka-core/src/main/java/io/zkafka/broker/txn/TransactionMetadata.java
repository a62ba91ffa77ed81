package io.zkafka.broker.txn;

import io.zkafka.common.TopicPartition;
import java.util.HashSet;
import java.util.Set;

/**
 * One transactional id as its coordinator holds it: the producer id and epoch handed out, the
 * transaction timeout, the state, the partitions of the open transaction, when it started and was
 * last updated. Every field is guarded by {@link #lock}.
 *
 * <p>A change that must be written first is a {@link Transition}: {@link #prepare} checks the move
 * against {@link TransactionState#validPreviousStates()} and marks it pending (a second request
 * meanwhile gets CONCURRENT_TRANSACTIONS); once the log has it, {@link #complete} applies it, or
 * {@link #abandon} forgets it if the write failed. The state itself changes only in
 * {@link #transitionTo}, which refuses a move the states do not allow. Fencing a zombie (a
 * timeout, a new producer with the same id) bumps the epoch in memory first
 * ({@link #fenceProducerEpoch}, state PrepareEpochFence), then writes the abort under the new epoch.
 */
final class TransactionMetadata {
    static final short NO_PRODUCER_EPOCH = -1;
    static final long NO_PRODUCER_ID = -1L;

    /** The whole state after a change, written to the log before it is applied. Immutable. */
    record Transition(long producerId, short producerEpoch, short lastProducerEpoch, int timeoutMs,
                      TransactionState state, Set<TopicPartition> partitions, long startTimestampMs,
                      long lastUpdateTimestampMs) {
        Transition {
            partitions = Set.copyOf(partitions);
        }

        TransactionLogRecords.Value toLogValue() {
            return new TransactionLogRecords.Value(producerId, producerEpoch, timeoutMs, state, partitions,
                lastUpdateTimestampMs, startTimestampMs);
        }
    }

    final Object lock = new Object();
    final String transactionalId;
    /** The {@code __transaction_state} partition that holds this id. */
    final int logPartition;
    private long producerId;
    private short producerEpoch;
    /** The epoch before the last bump (a retried InitProducerId with it gets the current one), or -1. */
    private short lastProducerEpoch;
    private int timeoutMs;
    private TransactionState state;
    private final Set<TopicPartition> partitions = new HashSet<>();
    private long startTimestampMs;
    private long lastUpdateTimestampMs;
    private Transition pending;

    /** A new transactional id: Empty, at no epoch yet (the first InitProducerId bumps it to 0). */
    TransactionMetadata(String transactionalId, int logPartition, long producerId, int timeoutMs, long nowMs) {
        this(transactionalId, logPartition, new TransactionLogRecords.Value(producerId, NO_PRODUCER_EPOCH, timeoutMs,
            TransactionState.EMPTY, Set.of(), nowMs, -1L));
    }

    /** A transactional id as its log record has it (after a load). */
    TransactionMetadata(String transactionalId, int logPartition, TransactionLogRecords.Value loaded) {
        this.transactionalId = transactionalId;
        this.logPartition = logPartition;
        this.producerId = loaded.producerId();
        this.producerEpoch = loaded.producerEpoch();
        this.lastProducerEpoch = NO_PRODUCER_EPOCH;
        this.timeoutMs = loaded.transactionTimeoutMs();
        this.state = loaded.state();
        this.partitions.addAll(loaded.partitions());
        this.startTimestampMs = loaded.startTimestampMs();
        this.lastUpdateTimestampMs = loaded.lastUpdateTimestampMs();
    }

    long producerId() {
        return producerId;
    }

    short producerEpoch() {
        return producerEpoch;
    }

    short lastProducerEpoch() {
        return lastProducerEpoch;
    }

    int timeoutMs() {
        return timeoutMs;
    }

    TransactionState state() {
        return state;
    }

    Set<TopicPartition> partitions() {
        return Set.copyOf(partitions);
    }

    long startTimestampMs() {
        return startTimestampMs;
    }

    long lastUpdateTimestampMs() {
        return lastUpdateTimestampMs;
    }

    boolean hasPending() {
        return pending != null;
    }

    Transition pending() {
        return pending;
    }

    /** The only place the state changes. @throws IllegalStateException for a move the states do not allow */
    private void transitionTo(TransactionState next) {
        if (!next.validPreviousStates().contains(state)) {
            throw new IllegalStateException("Transactional id " + transactionalId + " cannot go from " + state
                + " to " + next);
        }
        state = next;
    }

    /** Marks a change to be written. @throws IllegalStateException if one is pending or the move is not allowed */
    Transition prepare(Transition next) {
        if (pending != null) {
            throw new IllegalStateException("Transactional id " + transactionalId + " already has a pending move to "
                + pending.state() + "; cannot prepare " + next.state());
        }
        if (!next.state().validPreviousStates().contains(state)) {
            throw new IllegalStateException("Transactional id " + transactionalId + " cannot go from " + state
                + " to " + next.state());
        }
        pending = next;
        return next;
    }

    /** The log has {@code written}: apply it. @throws IllegalStateException if it is not the pending change */
    void complete(Transition written) {
        if (pending != written) {
            throw new IllegalStateException("Transactional id " + transactionalId + " completes a move to "
                + written.state() + " that is not the pending one (" + (pending == null ? "none" : pending.state()) + ")");
        }
        transitionTo(written.state());
        producerId = written.producerId();
        producerEpoch = written.producerEpoch();
        lastProducerEpoch = written.lastProducerEpoch();
        timeoutMs = written.timeoutMs();
        partitions.clear();
        partitions.addAll(written.partitions());
        startTimestampMs = written.startTimestampMs();
        lastUpdateTimestampMs = written.lastUpdateTimestampMs();
        pending = null;
    }

    /** The write of {@code failed} did not happen: the state stays as it was. */
    void abandon(Transition failed) {
        if (pending == failed) {
            pending = null;
        }
    }

    /**
     * Bumps the epoch of an Ongoing transaction in memory (state PrepareEpochFence), so the producer
     * holding the old one is fenced at once; the abort that follows is written under the new epoch.
     * A failed abort leaves the state here, and the next attempt does not bump again.
     */
    void fenceProducerEpoch(long nowMs) {
        if (state == TransactionState.PREPARE_EPOCH_FENCE) {
            return;
        }
        if (producerEpoch == Short.MAX_VALUE) {
            throw new IllegalStateException("Transactional id " + transactionalId + " is at the last epoch of producer "
                + producerId + " and cannot be fenced");
        }
        transitionTo(TransactionState.PREPARE_EPOCH_FENCE);
        lastProducerEpoch = producerEpoch;
        producerEpoch = (short) (producerEpoch + 1);
        lastUpdateTimestampMs = nowMs;
    }

    // ---- the transitions the coordinator writes --------------------------------------------------

    /** InitProducerId on an idle id: the next epoch (or a new producer id at epoch 0), state Empty. */
    Transition epochBump(long newProducerId, int newTimeoutMs, long nowMs) {
        boolean rotate = newProducerId != producerId;
        short epoch = rotate ? 0 : (short) (producerEpoch + 1);
        return new Transition(newProducerId, epoch, rotate ? NO_PRODUCER_EPOCH : producerEpoch, newTimeoutMs,
            TransactionState.EMPTY, Set.of(), -1L, nowMs);
    }

    /** Whether the next bump must take a new producer id: the epoch would reach its last value. */
    boolean epochExhausted() {
        return producerEpoch >= Short.MAX_VALUE - 1;
    }

    /** AddPartitionsToTxn: the transaction (started now, if it was not open) with {@code added} in it. */
    Transition addPartitions(Set<TopicPartition> added, long nowMs) {
        Set<TopicPartition> all = new HashSet<>(state == TransactionState.ONGOING ? partitions : Set.of());
        all.addAll(added);
        long start = state == TransactionState.ONGOING ? startTimestampMs : nowMs;
        return new Transition(producerId, producerEpoch, lastProducerEpoch, timeoutMs, TransactionState.ONGOING, all,
            start, nowMs);
    }

    /** EndTxn, or an abort the coordinator decides: PrepareCommit or PrepareAbort with the same partitions. */
    Transition prepareEnd(boolean commit, long nowMs) {
        return new Transition(producerId, producerEpoch, lastProducerEpoch, timeoutMs,
            commit ? TransactionState.PREPARE_COMMIT : TransactionState.PREPARE_ABORT, partitions, startTimestampMs,
            nowMs);
    }

    /** Every marker is written: CompleteCommit or CompleteAbort, no partitions left. */
    Transition completeEnd(long nowMs) {
        if (!state.isPreparing()) {
            throw new IllegalStateException("Transactional id " + transactionalId + " completes from " + state);
        }
        return new Transition(producerId, producerEpoch, lastProducerEpoch, timeoutMs,
            state == TransactionState.PREPARE_COMMIT ? TransactionState.COMPLETE_COMMIT
                : TransactionState.COMPLETE_ABORT, Set.of(), startTimestampMs, nowMs);
    }

    /** transactional.id.expiration.ms passed: the id goes (a tombstone). */
    Transition expire(long nowMs) {
        return new Transition(producerId, producerEpoch, lastProducerEpoch, timeoutMs, TransactionState.DEAD, Set.of(),
            startTimestampMs, nowMs);
    }

    @Override
    public String toString() {
        return "TransactionMetadata(" + transactionalId + ", producer " + producerId + " epoch " + producerEpoch + ", "
            + state + (pending == null ? "" : " -> " + pending.state()) + ", partitions " + partitions + ")";
    }
}
