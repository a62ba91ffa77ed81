package io.zkafka.storage.cleaner;

import static io.zkafka.common.record.RecordBatchDescriptor.DELETE_HORIZON_FLAG_MASK;

import io.zkafka.common.record.BatchRecordIterator;
import io.zkafka.common.record.RecordBatchBuilder;
import io.zkafka.common.record.RecordBatchView;
import io.zkafka.common.record.RecordView;
import io.zkafka.common.record.TimestampType;
import java.nio.ByteBuffer;

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
 * key and control batches are always kept.
 *
 * <p>A rebuilt batch keeps the original's base offset, last offset delta, leader epoch, producer
 * fields, transactional flag, timestamp type and compression codec, and each record keeps its offset,
 * timestamp, key, value and headers. Unchanged batches are copied byte for byte.
 *
 * <p>Not thread-safe: one per pass, on the cleaner thread.
 */
final class BatchFilter {
    private final KeyOffsetMap map;
    private final long endOffset;
    private final long now;
    private final long deleteRetentionMs;
    private final RecordView record = new RecordView();
    private long earliestKeptHorizon = Long.MAX_VALUE;
    private ByteBuffer rebuilt;

    /** What became of a batch. */
    enum Outcome { UNCHANGED, REBUILT, DROPPED }

    /**
     * @param endOffset first offset the pass's map has not seen: records from here on are never removed
     */
    BatchFilter(KeyOffsetMap map, long endOffset, long now, long deleteRetentionMs) {
        this.map = map;
        this.endOffset = endOffset;
        this.now = now;
        this.deleteRetentionMs = deleteRetentionMs;
    }

    /** The earliest delete horizon of the tombstones kept so far, or {@link Long#MAX_VALUE}. */
    long earliestKeptHorizon() {
        return earliestKeptHorizon;
    }

    /** Filters {@code batch}; for {@link Outcome#REBUILT} the new bytes are in {@link #rebuilt()}. */
    Outcome filter(RecordBatchView batch) {
        rebuilt = null;
        if (batch.isControlBatch() || batch.baseOffset() >= endOffset) {
            return Outcome.UNCHANGED;
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
            return Outcome.DROPPED;
        }
        rebuilt = rebuild(batch, covered, horizonPassed, horizon);
        return Outcome.REBUILT;
    }

    /** The bytes of the batch last rebuilt by {@link #filter}. */
    ByteBuffer rebuilt() {
        return rebuilt;
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
     * A batch of no records holding {@code batch}'s offsets, epoch and producer fields: written in place
     * of a dropped batch that ends a cleaned segment, so the segment still declares the offset range it
     * replaces (the loader completes a swap over exactly that range).
     */
    static ByteBuffer emptyPlaceholder(RecordBatchView batch) {
        RecordBatchBuilder builder = RecordBatchBuilder.create(batch.compressionType(), batch.baseOffset(), 1024)
            .partitionLeaderEpoch(batch.partitionLeaderEpoch())
            .producer(batch.producerId(), batch.producerEpoch(), batch.baseSequence())
            .transactional(batch.isTransactional())
            .lastOffsetDelta(batch.lastOffsetDelta())
            .baseTimestamp(batch.maxTimestamp());
        if (batch.timestampType() == TimestampType.LOG_APPEND_TIME) {
            builder.logAppendTime(batch.maxTimestamp());
        }
        return builder.build();
    }
}
