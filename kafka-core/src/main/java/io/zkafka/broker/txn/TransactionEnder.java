package io.zkafka.broker.txn;

import io.zkafka.broker.group.CoordinatorScheduler;
import io.zkafka.common.protocol.Errors;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends transactions: writes the decision (PrepareCommit or PrepareAbort), has the markers written
 * to every partition in the transaction ({@link TransactionMarkers}), then writes CompleteCommit or
 * CompleteAbort, retrying that write after {@code retryBackoffMs} while this broker still
 * coordinates the id at the same epoch. A decided transaction found in the log after a failover is
 * finished the same way ({@link #resumeMarkers}). Aborts the coordinator decides itself (a timeout,
 * a new producer with the same id) first fence the producer's epoch ({@link #fenceAndAbort}).
 * Thread-safe: each step takes the id's lock only to read or prepare.
 */
final class TransactionEnder {
    private static final Logger log = LoggerFactory.getLogger(TransactionEnder.class);

    private final TransactionLog txnLog;
    private final TransactionRegistry registry;
    private final TransactionOwnership ownership;
    private final CoordinatorScheduler scheduler;
    private final TransactionMarkers markers;
    private final long retryBackoffMs;

    TransactionEnder(TransactionLog txnLog, TransactionRegistry registry, TransactionOwnership ownership,
                     CoordinatorScheduler scheduler, TransactionMarkers markers, long retryBackoffMs) {
        this.txnLog = txnLog;
        this.registry = registry;
        this.ownership = ownership;
        this.scheduler = scheduler;
        this.markers = markers;
        this.retryBackoffMs = retryBackoffMs;
    }

    TransactionLog log() {
        return txnLog;
    }

    /**
     * Writes a prepared PrepareCommit or PrepareAbort; once it is in the log (NONE), the markers
     * follow. Completes with the write's outcome.
     */
    CompletableFuture<Errors> decide(TransactionMetadata txn, TransactionMetadata.Transition decision) {
        int coordinatorEpoch = ownership.loadedEpoch(txn.logPartition);
        return txnLog.write(txn, decision).thenApply(error -> {
            if (error == Errors.NONE) {
                startMarkers(txn, decision, coordinatorEpoch);
            }
            return error;
        });
    }

    /**
     * Aborts the open transaction of {@code txn} under a bumped epoch, so its producer is fenced
     * everywhere: at the coordinator at once, at each partition with the abort marker. Runs on the
     * scheduler thread (soon); a failed write leaves it in PrepareEpochFence for the next attempt.
     */
    void fenceAndAbort(TransactionMetadata txn, String reason) {
        scheduler.execute(() -> {
            TransactionMetadata.Transition abort;
            synchronized (txn.lock) {
                boolean open = txn.state() == TransactionState.ONGOING
                    || txn.state() == TransactionState.PREPARE_EPOCH_FENCE;
                if (!registry.isCurrent(txn) || txn.hasPending() || !open) {
                    return;
                }
                txn.fenceProducerEpoch(scheduler.milliseconds());
                abort = txn.prepare(txn.prepareEnd(false, scheduler.milliseconds()));
                log.info("Aborting the transaction of {} (producer {}, epoch bumped to {}): {}", txn.transactionalId,
                    abort.producerId(), abort.producerEpoch(), reason);
            }
            decide(txn, abort).thenAccept(error -> {
                if (error != Errors.NONE) {
                    log.warn("Writing the abort of {} failed with {}; the next check tries again", txn.transactionalId,
                        error);
                }
            });
        });
    }

    /** Sends the markers of a decided transaction found in the log (after a failover). */
    void resumeMarkers(TransactionMetadata txn, int coordinatorEpoch) {
        TransactionMetadata.Transition decided;
        synchronized (txn.lock) {
            if (!txn.state().isPreparing() || txn.hasPending()) {
                return;
            }
            decided = new TransactionMetadata.Transition(txn.producerId(), txn.producerEpoch(),
                txn.lastProducerEpoch(), txn.timeoutMs(), txn.state(), txn.partitions(), txn.startTimestampMs(),
                txn.lastUpdateTimestampMs());
        }
        log.info("Completing the {} of {} (producer {} epoch {}) decided before this broker coordinated it: {}",
            decided.state() == TransactionState.PREPARE_COMMIT ? "commit" : "abort", txn.transactionalId,
            decided.producerId(), decided.producerEpoch(), decided.partitions());
        startMarkers(txn, decided, coordinatorEpoch);
    }

    private void startMarkers(TransactionMetadata txn, TransactionMetadata.Transition decided, int coordinatorEpoch) {
        markers.write(new TransactionMarkers.Job(txn.transactionalId, decided.producerId(), decided.producerEpoch(),
            decided.state() == TransactionState.PREPARE_COMMIT, coordinatorEpoch, decided.partitions(),
            () -> stillCoordinated(txn, coordinatorEpoch), () -> complete(txn, coordinatorEpoch)));
    }

    private boolean stillCoordinated(TransactionMetadata txn, int coordinatorEpoch) {
        return registry.isCurrent(txn) && ownership.loadedEpoch(txn.logPartition) == coordinatorEpoch;
    }

    /** Every marker is written: CompleteCommit or CompleteAbort, retried until written or the id moved. */
    private void complete(TransactionMetadata txn, int coordinatorEpoch) {
        TransactionMetadata.Transition done;
        synchronized (txn.lock) {
            if (!stillCoordinated(txn, coordinatorEpoch) || txn.hasPending() || !txn.state().isPreparing()) {
                return;
            }
            done = txn.prepare(txn.completeEnd(scheduler.milliseconds()));
        }
        txnLog.write(txn, done).thenAccept(error -> {
            if (error != Errors.NONE && stillCoordinated(txn, coordinatorEpoch)) {
                log.warn("Writing {} for {} failed with {}; retrying", done.state(), txn.transactionalId, error);
                scheduler.schedule(retryBackoffMs, () -> complete(txn, coordinatorEpoch));
            }
        });
    }
}
