package io.zkafka.broker.txn;

import io.zkafka.broker.group.CoordinatorScheduler;
import io.zkafka.common.protocol.Errors;
import java.util.concurrent.CompletableFuture;

/**
 * Writes a prepared {@link TransactionMetadata.Transition} and applies it once the log has it: the
 * one path by which a transactional id's state changes. The write carries the coordinator epoch the
 * id's log partition was loaded at; if the partition moved meanwhile, or the id was unloaded, the
 * change is not applied and the answer is NOT_COORDINATOR (the new coordinator reads it from the
 * log). A failed write leaves the state as it was. Thread-safe.
 */
final class TransactionLog {
    private final TransactionLogWriter writer;
    private final TransactionRegistry registry;
    private final TransactionOwnership ownership;
    private final CoordinatorScheduler scheduler;

    TransactionLog(TransactionLogWriter writer, TransactionRegistry registry, TransactionOwnership ownership,
                   CoordinatorScheduler scheduler) {
        this.writer = writer;
        this.registry = registry;
        this.ownership = ownership;
        this.scheduler = scheduler;
    }

    long milliseconds() {
        return scheduler.milliseconds();
    }

    /**
     * Writes {@code next}, which the caller prepared on {@code txn} (and no longer holds the lock of),
     * and completes with NONE once it is applied, or with the error to answer (NOT_COORDINATOR,
     * COORDINATOR_NOT_AVAILABLE, UNKNOWN_SERVER_ERROR) after abandoning it.
     */
    CompletableFuture<Errors> write(TransactionMetadata txn, TransactionMetadata.Transition next) {
        int epoch = ownership.loadedEpoch(txn.logPartition);
        if (epoch < 0) {
            synchronized (txn.lock) {
                txn.abandon(next);
            }
            return CompletableFuture.completedFuture(Errors.NOT_COORDINATOR);
        }
        byte[] value = next.state() == TransactionState.DEAD ? null : TransactionLogRecords.value(next.toLogValue());
        return writer.append(txn.logPartition, epoch, TransactionLogRecords.key(txn.transactionalId), value)
            .exceptionally(e -> Errors.UNKNOWN_SERVER_ERROR)
            .thenApply(error -> {
                synchronized (txn.lock) {
                    boolean current = registry.isCurrent(txn) && ownership.loadedEpoch(txn.logPartition) == epoch;
                    if (error == Errors.NONE && current) {
                        txn.complete(next);
                        return Errors.NONE;
                    }
                    txn.abandon(next);
                    if (error == Errors.NONE || error == Errors.NOT_LEADER_OR_FOLLOWER) {
                        return Errors.NOT_COORDINATOR;
                    }
                    return error == Errors.REQUEST_TIMED_OUT || error == Errors.NOT_ENOUGH_REPLICAS
                        ? Errors.COORDINATOR_NOT_AVAILABLE : error;
                }
            });
    }
}
