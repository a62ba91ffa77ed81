package io.zkafka.storage.cleaner;

import static io.zkafka.common.record.RecordBatchDescriptor.DELETE_HORIZON_FLAG_MASK;
import static io.zkafka.common.record.RecordBatchDescriptor.NO_PRODUCER_EPOCH;
import static io.zkafka.common.record.RecordBatchDescriptor.NO_PRODUCER_ID;
import static io.zkafka.common.record.RecordBatchDescriptor.NO_SEQUENCE;

import io.zkafka.common.record.BatchRecordIterator;
import io.zkafka.common.record.RecordBatchBuilder;
import io.zkafka.common.record.RecordBatchView;
import io.zkafka.common.record.RecordView;
import io.zkafka.common.record.TimestampType;
import io.zkafka.storage.AbortedTxn;
import java.nio.ByteBuffer;
import java.util.Map;

/**
 * Decides, record by record, what of one batch survives a pass, and rebuilds the batch from the
 * survivors when something changes.
 *
 * <p>A record is dropped when the pass's key map holds a newer offset for its key, or when it is a
 * tombstone (a key with a null value) in a batch whose delete horizon has passed. A tombstone kept in a
 * batch the map covers (every offset of the batch below the pass's end offset) gives its batch a delete
 * horizon of now + {@code delete.retention.ms} if it had none: Kafka's KIP-534 rule, the horizon living
 * in the base timestamp under attribute bit 6. Tombstones of a batch the map does not wholly cover are
 * kept and get no horizon: their older values may lie beyond what this pass has seen. Records without a
 * key are always kept.
 *
 * <p>Transactions (Kafka's rules, through {@link TransactionCleaning}; only below the pass's end
 * offset, which is below the last stable offset and the high watermark): a batch of an aborted
 * transaction whose abort marker is below the end offset loses all its records. A marker stays while
 * its transaction has data in the log; once that is gone it gets a delete horizon of now +
 * {@code delete.retention.ms}, like a tombstone, and goes when a pass finds the horizon passed. An
 * abort marker that stays keeps its aborted-transaction index entry ({@link #keptAbort()}) as long as
 * its data is there. What producer state needs is kept: the batch holding an active producer's last
 * data offset stays (empty, if nothing of it survives), and so do the markers of an active producer
 * whose epoch a marker set, as long as no data batch of that epoch follows.
 *
 * <p>A rebuilt batch keeps the original's base offset, last offset delta, leader epoch, producer
 * fields, transactional and control flags, timestamp type and compression codec, and each record keeps
 * its offset, timestamp, key, value and headers. Unchanged batches are copied byte for byte.
 *
 * <p>Not thread-safe: one per pass, on the cleaner thread.
 */
final class BatchFilter {
    /** What an active producer's state needs kept: its last data offset (-1 if none) and epoch. */
    record ProducerLast(long lastDataOffset, short epoch) {
    }

    private final KeyOffsetMap map;
    private final long endOffset;
    private final long now;
    private final long deleteRetentionMs;
    private final TransactionCleaning transactions;
    private final Map<Long, AbortedTxn> abortsByMarker;
    private final Map<Long, ProducerLast> activeProducers;
    private final RecordView record = new RecordView();
    private long earliestKeptHorizon = Long.MAX_VALUE;
    private ByteBuffer rebuilt;
    private AbortedTxn keptAbort;

    /** What became of a batch. */
    enum Outcome { UNCHANGED, REBUILT, DROPPED }

    /**
     * @param endOffset first offset the pass's map has not seen: records from here on are never removed
     * @param abortsByMarker the aborted transactions of the segments cleaned, by marker offset; those with
     *     a marker below {@code endOffset} are the ones whose data goes
     * @param activeProducers the log's producers as the pass started, by producer id
     */
    BatchFilter(KeyOffsetMap map, long endOffset, long now, long deleteRetentionMs,
                Map<Long, AbortedTxn> abortsByMarker, Map<Long, ProducerLast> activeProducers) {
        this.map = map;
        this.endOffset = endOffset;
        this.now = now;
        this.deleteRetentionMs = deleteRetentionMs;
        this.abortsByMarker = abortsByMarker;
        this.activeProducers = activeProducers;
        this.transactions = new TransactionCleaning(abortsByMarker.values().stream()
            .filter(txn -> txn.lastOffset() < endOffset).toList());
    }

    /** The earliest delete horizon of the tombstones kept so far, or {@link Long#MAX_VALUE}. */
    long earliestKeptHorizon() {
        return earliestKeptHorizon;
    }

    /**
     * Filters {@code batch}, which must come in offset order over the pass; for {@link Outcome#REBUILT}
     * the new bytes are in {@link #rebuilt()}, and a kept abort marker's index entry in {@link #keptAbort()}.
     */
    Outcome filter(RecordBatchView batch) {
        rebuilt = null;
        keptAbort = null;
        if (batch.baseOffset() >= endOffset) {
            if (batch.isControlBatch()) {
                keptAbort = abortsByMarker.get(batch.baseOffset());
            }
            return Outcome.UNCHANGED;
        }
        if (batch.isControlBatch()) {
            return filterMarker(batch);
        }
        if (transactions.isAbortedData(batch)) {
            return dropAll(batch);
        }
        boolean covered = batch.lastOffset() < endOffset;
        boolean hadHorizon = (batch.attributes() & DELETE_HORIZON_FLAG_MASK) != 0;
        boolean horizonPassed = hadHorizon && batch.baseTimestamp() <= now;
        int kept = 0;
        int keptTombstones = 0;
        BatchRecordIterator records = batch.records();
        while (records.hasNext()) {
            records.nextInto(record);
            Verdict verdict = judge(record, covered, horizonPassed);
            if (verdict != Verdict.DROP) {
                kept++;
                keptTombstones += verdict == Verdict.KEEP_TOMBSTONE ? 1 : 0;
            }
        }
        long horizon = keptTombstones == 0 || !covered && !hadHorizon ? -1
            : hadHorizon ? batch.baseTimestamp() : now + deleteRetentionMs;
        if (horizon >= 0) {
            earliestKeptHorizon = Math.min(earliestKeptHorizon, horizon);
        }
        if (kept == batch.recordCount() && (horizon >= 0) == hadHorizon) {
            return Outcome.UNCHANGED;
        }
        if (kept == 0) {
            return dropAll(batch);
        }
        rebuilt = rebuild(batch, covered, horizonPassed, horizon);
        return Outcome.REBUILT;
    }

    /** No record of {@code batch} stays; the batch itself does, empty, if producer state needs it. */
    private Outcome dropAll(RecordBatchView batch) {
        if (!isLastOfActiveProducer(batch)) {
            return Outcome.DROPPED;
        }
        if (batch.recordCount() == 0 && !batch.isTransactional()) {
            return Outcome.UNCHANGED;
        }
        rebuilt = emptyPlaceholder(batch);
        return Outcome.REBUILT;
    }

    private Outcome filterMarker(RecordBatchView batch) {
        TransactionCleaning.MarkerVerdict verdict = transactions.onControlBatch(batch);
        if (!verdict.discardable() || isLastOfActiveProducer(batch)) {
            keptAbort = verdict.keptAbort();
            return Outcome.UNCHANGED;
        }
        boolean hadHorizon = (batch.attributes() & DELETE_HORIZON_FLAG_MASK) != 0;
        if (hadHorizon && batch.baseTimestamp() <= now) {
            return Outcome.DROPPED;
        }
        long horizon = hadHorizon ? batch.baseTimestamp() : now + deleteRetentionMs;
        earliestKeptHorizon = Math.min(earliestKeptHorizon, horizon);
        if (hadHorizon) {
            return Outcome.UNCHANGED;
        }
        rebuilt = markerWithHorizon(batch, horizon);
        return Outcome.REBUILT;
    }

    /**
     * Kafka's rule for what producer state needs: the batch holding an active producer's last data
     * offset, or, for a producer whose epoch a marker set after its last data, its markers of that epoch.
     */
    private boolean isLastOfActiveProducer(RecordBatchView batch) {
        ProducerLast last = batch.producerId() == NO_PRODUCER_ID ? null : activeProducers.get(batch.producerId());
        if (last == null) {
            return false;
        }
        if (last.lastDataOffset() >= 0) {
            return !batch.isControlBatch() && batch.lastOffset() == last.lastDataOffset();
        }
        return batch.isControlBatch() && batch.producerEpoch() == last.epoch();
    }

    /** The bytes of the batch last rebuilt by {@link #filter}. */
    ByteBuffer rebuilt() {
        return rebuilt;
    }

    /** The index entry of the abort marker last filtered, if it stays and its entry with it; else null. */
    AbortedTxn keptAbort() {
        return keptAbort;
    }

    private static ByteBuffer markerWithHorizon(RecordBatchView batch, long horizon) {
        RecordBatchBuilder builder = RecordBatchBuilder.create(batch.compressionType(), batch.baseOffset(),
                Integer.MAX_VALUE)
            .partitionLeaderEpoch(batch.partitionLeaderEpoch())
            .producer(batch.producerId(), batch.producerEpoch(), batch.baseSequence())
            .transactional(batch.isTransactional())
            .controlBatch(true)
            .lastOffsetDelta(batch.lastOffsetDelta())
            .deleteHorizon(horizon);
        if (batch.timestampType() == TimestampType.LOG_APPEND_TIME) {
            builder.logAppendTime(batch.maxTimestamp());
        }
        BatchRecordIterator records = batch.records();
        while (records.hasNext()) {
            RecordView r = records.next();
            builder.appendBuffersWithOffsetDelta(r.offsetDelta(), r.timestamp(), r.key(), r.value(), r.headers());
        }
        return builder.build();
    }

    private enum Verdict { KEEP, KEEP_TOMBSTONE, DROP }

    private Verdict judge(RecordView r, boolean covered, boolean horizonPassed) {
        if (!r.hasKey()) {
            return Verdict.KEEP;
        }
        if (r.offset() < endOffset && map.get(r.key()) > r.offset()) {
            return Verdict.DROP;
        }
        if (r.hasValue()) {
            return Verdict.KEEP;
        }
        return covered && horizonPassed ? Verdict.DROP : Verdict.KEEP_TOMBSTONE;
    }

    private ByteBuffer rebuild(RecordBatchView batch, boolean covered, boolean horizonPassed, long horizon) {
        RecordBatchBuilder builder = RecordBatchBuilder.create(batch.compressionType(), batch.baseOffset(),
                Integer.MAX_VALUE)
            .partitionLeaderEpoch(batch.partitionLeaderEpoch())
            .producer(batch.producerId(), batch.producerEpoch(), batch.baseSequence())
            .transactional(batch.isTransactional())
            .lastOffsetDelta(batch.lastOffsetDelta());
        if (horizon >= 0) {
            builder.deleteHorizon(horizon);
        }
        if (batch.timestampType() == TimestampType.LOG_APPEND_TIME) {
            builder.logAppendTime(batch.maxTimestamp());
        }
        BatchRecordIterator records = batch.records();
        while (records.hasNext()) {
            records.nextInto(record);
            if (judge(record, covered, horizonPassed) != Verdict.DROP) {
                builder.appendBuffersWithOffsetDelta(record.offsetDelta(), record.timestamp(), record.key(),
                    record.value(), record.headers());
            }
        }
        return builder.build();
    }

    /**
     * A batch of no records holding {@code batch}'s offsets and epoch: written in place of a dropped batch
     * that ends a cleaned segment, so the segment still declares the offset range it replaces (the loader
     * completes a swap over exactly that range), and in place of a producer's last data batch. It keeps a
     * data batch's producer fields (its sequences are the producer's), never the transactional or control
     * flag: an empty transactional batch would open a transaction when the log is replayed, and a marker's
     * fields are no data batch's.
     */
    static ByteBuffer emptyPlaceholder(RecordBatchView batch) {
        boolean data = !batch.isControlBatch();
        RecordBatchBuilder builder = RecordBatchBuilder.create(batch.compressionType(), batch.baseOffset(), 1024)
            .partitionLeaderEpoch(batch.partitionLeaderEpoch())
            .producer(data ? batch.producerId() : NO_PRODUCER_ID, data ? batch.producerEpoch() : NO_PRODUCER_EPOCH,
                data ? batch.baseSequence() : NO_SEQUENCE)
            .lastOffsetDelta(batch.lastOffsetDelta())
            .baseTimestamp(batch.maxTimestamp());
        if (batch.timestampType() == TimestampType.LOG_APPEND_TIME) {
            builder.logAppendTime(batch.maxTimestamp());
        }
        return builder.build();
    }
}
