package io.zkafka.storage.cleaner;

import io.zkafka.common.record.ControlRecordType;
import io.zkafka.common.record.EndTransactionMarker;
import io.zkafka.common.record.RecordBatchView;
import io.zkafka.storage.AbortedTxn;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * What the cleaner knows of transactions while it reads a log's batches in offset order (Kafka's
 * cleaned-transaction metadata, kept over a whole pass): which data batches belong to an aborted
 * transaction (known from the aborted-transaction indexes), and whether a marker's transaction still
 * has data in the log.
 *
 * <p>An aborted transaction becomes current for its producer when the read reaches its first offset,
 * and stops being so at its abort marker; a transactional batch of a producer with a current aborted
 * transaction is aborted data. A transactional batch of any other producer belongs to a committed (or,
 * past the aborts given, not yet known) transaction, which its commit marker ends. A marker may go
 * once no batch of its transaction was read in the pass: the pass reads every batch below the marker,
 * so its transaction's data is gone from the log.
 *
 * <p>Not thread-safe: one per pass (or key map), on the cleaner thread.
 */
final class TransactionCleaning {
    /** A marker's fate, and the aborted transaction whose index entry stays with it (null if none). */
    record MarkerVerdict(boolean discardable, AbortedTxn keptAbort) {
    }

    private static final class AbortInProgress {
        final AbortedTxn txn;
        boolean dataRead;

        AbortInProgress(AbortedTxn txn) {
            this.txn = txn;
        }
    }

    private final PriorityQueue<AbortedTxn> pending = new PriorityQueue<>(
        Comparator.comparingLong(AbortedTxn::firstOffset));
    private final Map<Long, AbortInProgress> currentAborts = new HashMap<>();
    private final Set<Long> currentCommits = new HashSet<>();

    /** @param aborted the aborted transactions whose data may be recognized, in any order */
    TransactionCleaning(List<AbortedTxn> aborted) {
        pending.addAll(aborted);
    }

    /**
     * A data batch read in offset order.
     *
     * @return whether it belongs to an aborted transaction
     */
    boolean isAbortedData(RecordBatchView batch) {
        reachOffset(batch.lastOffset());
        if (!batch.isTransactional()) {
            return false;
        }
        AbortInProgress abort = currentAborts.get(batch.producerId());
        if (abort != null) {
            abort.dataRead = true;
            return true;
        }
        currentCommits.add(batch.producerId());
        return false;
    }

    /** A control batch read in offset order: whether it may go, and the abort entry that stays with it. */
    MarkerVerdict onControlBatch(RecordBatchView batch) {
        reachOffset(batch.lastOffset());
        if (batch.recordCount() == 0) {
            return new MarkerVerdict(true, null);
        }
        EndTransactionMarker marker = EndTransactionMarker.read(batch);
        if (marker == null) {
            return new MarkerVerdict(false, null);
        }
        long producerId = batch.producerId();
        if (marker.type() == ControlRecordType.ABORT) {
            AbortInProgress abort = currentAborts.remove(producerId);
            boolean dataRead = abort != null && abort.dataRead;
            return new MarkerVerdict(!dataRead, dataRead ? abort.txn : null);
        }
        return new MarkerVerdict(!currentCommits.remove(producerId), null);
    }

    private void reachOffset(long offset) {
        while (!pending.isEmpty() && pending.peek().firstOffset() <= offset) {
            AbortedTxn txn = pending.poll();
            currentAborts.putIfAbsent(txn.producerId(), new AbortInProgress(txn));
        }
    }
}
