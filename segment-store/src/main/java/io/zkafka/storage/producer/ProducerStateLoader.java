package io.zkafka.storage.producer;

import io.zkafka.common.record.RecordBatchView;
import io.zkafka.storage.internals.LogSegment;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collection;
import java.util.NavigableMap;

/**
 * Rebuilds a partition's producer state after a restart or a truncation without reading the whole
 * log: deletes the snapshots beyond the log end, loads the newest readable snapshot at or below it
 * (a corrupt one is dropped for the next older), then replays only the batch headers from there (or
 * from the log start, if that is later or there is no snapshot) to the log end. Records are never
 * decoded, but for the one record of each control batch (a transaction marker).
 *
 * <p>The aborted-transaction indexes are made to agree with the replayed markers: entries for markers
 * at or above the replay start are removed first and written again as the replay meets the abort
 * markers. This repairs an index that missed its last entry (a crash between writing a marker and its
 * entry), one holding entries for markers recovery cut away, and one cut back to whole entries; every
 * marker below the replay start was indexed before the snapshot it replays from was taken.
 *
 * <p>Stateless; runs under the log's lock (or before the log is shared).
 */
public final class ProducerStateLoader {

    /**
     * What a rebuild did: the snapshot it started from (-1: none), the offset it replayed from and
     * how many batch headers it read.
     */
    public record LoadResult(long snapshotOffset, long replayedFrom, int replayedBatches) {
    }

    private ProducerStateLoader() {
    }

    /** Rebuilds {@code state} for the log {@code segments} holding [{@code logStartOffset}, {@code logEndOffset}). */
    public static LoadResult rebuild(ProducerStateManager state, NavigableMap<Long, LogSegment> segments,
                                     long logStartOffset, long logEndOffset) throws IOException {
        state.deleteSnapshotsAfter(logEndOffset);
        long snapshotOffset = state.loadLatestSnapshotAtOrBelow(logEndOffset);
        long from = Math.max(snapshotOffset, logStartOffset);
        int replayed = 0;
        if (from < logEndOffset) {
            Long first = segments.floorKey(from);
            Collection<LogSegment> tail = segments.tailMap(first == null ? from : first, true).values();
            for (LogSegment segment : tail) {
                segment.txnIndex().truncateTo(from);
            }
            try {
                for (LogSegment segment : tail) {
                    replayed += segment.visitBatchHeaders(from, logEndOffset, batch -> replay(state, segment, batch));
                }
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
        }
        state.updateMapEndOffset(logEndOffset);
        return new LoadResult(snapshotOffset, from, replayed);
    }

    private static void replay(ProducerStateManager state, LogSegment segment, RecordBatchView batch) {
        CompletedTxn completed = state.recordFromLog(batch);
        if (completed != null) {
            try {
                state.completeTxn(completed, segment.txnIndex());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
