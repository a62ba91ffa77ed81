package io.zkafka.storage.cleaner;

import io.zkafka.common.record.BatchRecordIterator;
import io.zkafka.common.record.RecordBatchView;
import io.zkafka.common.record.RecordView;
import io.zkafka.storage.AbortedTxn;
import io.zkafka.storage.Log;
import io.zkafka.storage.LogConfig;
import io.zkafka.storage.internals.LogSegment;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One cleaning pass over one log, Kafka's algorithm:
 *
 * <pre>
 *  log start        first dirty              first uncleanable      active segment
 *  |   clean section    |     dirty section        |  (too recent / above  |  never touched
 *  |  (cleaned before)  | key map built over this, |   the high watermark) |
 *  |                    | up to the map's end      |                       |
 *  +--------------------+--------------------------+-----------------------+---------------
 *  &lt;-------- segments rewritten: every non-active one below the map's end --------&gt;
 * </pre>
 *
 * The dirty section starts at the cleaner checkpoint and ends at the first uncleanable offset: the
 * smallest of the active segment's base offset, the last stable offset (so below the high watermark, and
 * never inside an open transaction), and the base offset of the first dirty segment holding a record
 * newer than {@code min.compaction.lag.ms}. The key map is built over
 * it until it is full; where it stopped is the pass's end offset, and the next pass starts there.
 * Then every non-active segment starting below the end offset is rewritten, in runs that fit one
 * segment, oldest run first, each swapped in through {@link Log#replaceSegments} as soon as it is
 * written. A crash between two runs leaves the older runs cleaned and the newer ones as they were, which
 * is consistent: a record is only ever removed once something newer for its key has been kept.
 *
 * <p>Not thread-safe: used by the cleaner thread (under {@code LogCleaner}'s cleaning lock) only.
 */
final class LogCompactor {
    /** What a pass did. {@code endOffset} is the next pass's first dirty offset. */
    record PassResult(long endOffset, int runsReplaced, long earliestKeptHorizon, boolean aborted) {
    }

    private final KeyOffsetMap map;
    private final SegmentBatchReader reader;
    private final SegmentRewriter rewriter;
    private final RecordView record = new RecordView();
    private long mapEnd;

    LogCompactor(CleanerConfig config) {
        this.map = new KeyOffsetMap(config.maxMapKeys(), config.maxMapBytes());
        this.reader = new SegmentBatchReader(config.ioBufferBytes());
        this.rewriter = new SegmentRewriter(reader);
    }

    /**
     * Cleans {@code log} from {@code firstDirtyHint} (its checkpoint, or -1) if it has a dirty section or
     * if {@code now} reached {@code horizonDue}, the earliest delete horizon a previous pass kept.
     *
     * @return what was done, or null if there was nothing to do
     */
    PassResult clean(Log log, long firstDirtyHint, long now, long horizonDue, LogCleaner.StageListener stages)
        throws IOException {
        List<LogSegment> segments = log.segments();
        LogConfig config = log.config();
        LogSegment active = segments.get(segments.size() - 1);
        long logStart = log.logStartOffset();
        long firstDirty = firstDirtyHint < logStart || firstDirtyHint > active.baseOffset() ? logStart : firstDirtyHint;
        long firstUncleanable = firstUncleanableOffset(log, segments, firstDirty, now);
        boolean dirty = firstDirty < firstUncleanable;
        if (!dirty && now < horizonDue) {
            return null;
        }
        map.clear();
        long endOffset = dirty ? buildMap(log, segments, firstDirty, firstUncleanable) : firstDirty;
        Map<Long, AbortedTxn> abortsByMarker = new HashMap<>();
        for (AbortedTxn txn : log.collectAbortedTransactions(segments.get(0).baseOffset(), active.baseOffset())) {
            abortsByMarker.put(txn.lastOffset(), txn);
        }
        Map<Long, BatchFilter.ProducerLast> producers = new HashMap<>();
        log.activeProducers().forEach((id, entry) ->
            producers.put(id, new BatchFilter.ProducerLast(entry.lastDataOffset(), entry.producerEpoch())));
        BatchFilter filter = new BatchFilter(map, endOffset, now, config.deleteRetentionMs(), abortsByMarker, producers);
        int replaced = 0;
        for (List<LogSegment> run : runs(segments, endOffset, config)) {
            LogSegment cleaned = rewriter.rewrite(log.dir(), run, filter, config, now);
            if (cleaned == null) {
                continue;
            }
            stages.reached(LogCleaner.Stage.CLEANED_WRITTEN, log);
            if (!log.replaceSegments(run, cleaned, () -> stages.reached(LogCleaner.Stage.SWAP_COMMITTED, log))) {
                return new PassResult(firstDirty, replaced, Long.MIN_VALUE, true);
            }
            stages.reached(LogCleaner.Stage.SEGMENTS_REPLACED, log);
            replaced++;
        }
        map.clear();
        return new PassResult(Math.max(endOffset, firstDirty), replaced, filter.earliestKeptHorizon(), false);
    }

    private static long firstUncleanableOffset(Log log, List<LogSegment> segments, long firstDirty, long now)
        throws IOException {
        long bound = Math.min(segments.get(segments.size() - 1).baseOffset(), log.lastStableOffset());
        long lagMs = log.config().minCompactionLagMs();
        if (lagMs > 0) {
            for (int i = 0; i < segments.size() - 1; i++) {
                LogSegment segment = segments.get(i);
                if (segments.get(i + 1).baseOffset() > firstDirty && segment.largestTimestamp() > now - lagMs) {
                    return Math.min(bound, Math.max(segment.baseOffset(), firstDirty));
                }
            }
        }
        return bound;
    }

    /**
     * Fills the map from {@code from}; returns where it stopped: {@code to}, or the first key that did not
     * fit. Records of aborted transactions are left out (Kafka's rule): they must never hide an older
     * committed value of their key.
     */
    private long buildMap(Log log, List<LogSegment> segments, long from, long to) throws IOException {
        mapEnd = to;
        TransactionCleaning transactions = new TransactionCleaning(log.collectAbortedTransactions(from, to));
        for (int i = 0; i < segments.size() - 1 && mapEnd == to; i++) {
            LogSegment segment = segments.get(i);
            if (segments.get(i + 1).baseOffset() <= from || segment.baseOffset() >= to) {
                continue;
            }
            reader.read(segment, batch -> addToMap(batch, from, to, transactions));
        }
        return mapEnd;
    }

    private boolean addToMap(RecordBatchView batch, long from, long to, TransactionCleaning transactions) {
        if (batch.baseOffset() >= to) {
            return false;
        }
        if (batch.lastOffset() < from) {
            return true;
        }
        if (batch.isControlBatch()) {
            transactions.onControlBatch(batch);
            return true;
        }
        if (transactions.isAbortedData(batch)) {
            return true;
        }
        BatchRecordIterator records = batch.records();
        while (records.hasNext()) {
            records.nextInto(record);
            long offset = record.offset();
            if (offset >= from && offset < to && record.hasKey() && !map.put(record.key(), offset)) {
                mapEnd = offset;
                return false;
            }
        }
        return true;
    }

    /**
     * The non-active segments starting below {@code endOffset}, in consecutive runs that each fit one
     * segment: at most {@code segment.bytes} of input, offsets within 2^31 of the run's base, and index
     * entries within {@code segment.index.bytes}.
     */
    private static List<List<LogSegment>> runs(List<LogSegment> segments, long endOffset, LogConfig config) {
        int maxIndexEntries = config.segmentIndexBytes() / 12;
        List<List<LogSegment>> runs = new ArrayList<>();
        List<LogSegment> run = new ArrayList<>();
        long runBytes = 0;
        long runEntries = 0;
        for (int i = 0; i < segments.size() - 1 && segments.get(i).baseOffset() < endOffset; i++) {
            LogSegment segment = segments.get(i);
            long lastOffset = segments.get(i + 1).baseOffset() - 1;
            long entries = segment.offsetIndex().entries() + 1L;
            boolean fits = run.isEmpty()
                || runBytes + segment.size() <= config.segmentBytes()
                && lastOffset - run.get(0).baseOffset() <= Integer.MAX_VALUE
                && runEntries + entries + 2 <= maxIndexEntries;
            if (!fits) {
                runs.add(run);
                run = new ArrayList<>();
                runBytes = 0;
                runEntries = 0;
            }
            run.add(segment);
            runBytes += segment.size();
            runEntries += entries;
        }
        if (!run.isEmpty()) {
            runs.add(run);
        }
        return runs;
    }
}
