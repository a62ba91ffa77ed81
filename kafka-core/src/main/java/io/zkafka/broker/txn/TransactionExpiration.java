package io.zkafka.broker.txn;

import io.zkafka.common.protocol.Errors;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The coordinator's two periodic checks, on its scheduler thread: transactions open for longer than
 * their {@code transaction.timeout.ms} are aborted under a bumped epoch (so the producer that left
 * them hanging is fenced); transactional ids without an open transaction and not updated for
 * {@code transactional.id.expiration.ms} are removed (a tombstone in the log). Only ids whose log
 * partition is loaded here are looked at.
 */
final class TransactionExpiration {
    private static final Logger log = LoggerFactory.getLogger(TransactionExpiration.class);

    private final TransactionRegistry registry;
    private final TransactionOwnership ownership;
    private final TransactionLog txnLog;
    private final TransactionEnder ender;
    private final long idExpirationMs;
    private final LongSupplier clock;

    TransactionExpiration(TransactionRegistry registry, TransactionOwnership ownership, TransactionLog txnLog,
                          TransactionEnder ender, long idExpirationMs, LongSupplier clock) {
        this.registry = registry;
        this.ownership = ownership;
        this.txnLog = txnLog;
        this.ender = ender;
        this.idExpirationMs = idExpirationMs;
        this.clock = clock;
    }

    void abortTimedOutTransactions() {
        long now = clock.getAsLong();
        for (TransactionMetadata txn : registry.all()) {
            if (ownership.loadedEpoch(txn.logPartition) < 0) {
                continue;
            }
            boolean abort;
            long openMs;
            synchronized (txn.lock) {
                openMs = now - txn.startTimestampMs();
                abort = !txn.hasPending() && (txn.state() == TransactionState.PREPARE_EPOCH_FENCE
                    || txn.state() == TransactionState.ONGOING && openMs > txn.timeoutMs());
            }
            if (abort) {
                ender.fenceAndAbort(txn, "open for " + openMs + " ms, longer than its transaction.timeout.ms");
            }
        }
    }

    void removeExpiredIds() {
        long now = clock.getAsLong();
        List<TransactionMetadata> expired = new ArrayList<>();
        for (TransactionMetadata txn : registry.all()) {
            if (ownership.loadedEpoch(txn.logPartition) < 0) {
                continue;
            }
            synchronized (txn.lock) {
                if (!txn.hasPending() && txn.state().isIdle() && now - txn.lastUpdateTimestampMs() >= idExpirationMs) {
                    expired.add(txn);
                }
            }
        }
        for (TransactionMetadata txn : expired) {
            TransactionMetadata.Transition dead;
            synchronized (txn.lock) {
                if (txn.hasPending() || !txn.state().isIdle()) {
                    continue;
                }
                dead = txn.prepare(txn.expire(now));
            }
            txnLog.write(txn, dead).thenAccept(error -> {
                if (error == Errors.NONE) {
                    registry.remove(txn);
                    log.info("Removed transactional id {}: idle for transactional.id.expiration.ms ({} ms)",
                        txn.transactionalId, idExpirationMs);
                }
            });
        }
    }
}
