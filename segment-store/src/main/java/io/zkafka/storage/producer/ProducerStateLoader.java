package io.zkafka.storage.producer;

import io.zkafka.storage.internals.LogSegment;
import java.io.IOException;
import java.util.NavigableMap;

/**
 * Rebuilds a partition's producer state after a restart or a truncation without reading the whole
 * log: deletes the snapshots beyond the log end, loads the newest readable snapshot at or below it
 * (a corrupt one is dropped for the next older), then replays only the batch headers from there (or
 * from the log start, if that is later or there is no snapshot) to the log end. Records are never
 * decoded. Stateless; runs under the log's lock (or before the log is shared).
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
            for (LogSegment segment : segments.tailMap(first == null ? from : first, true).values()) {
                replayed += segment.visitBatchHeaders(from, logEndOffset, state::recordFromLog);
            }
        }
        state.updateMapEndOffset(logEndOffset);
        return new LoadResult(snapshotOffset, from, replayed);
    }
}
