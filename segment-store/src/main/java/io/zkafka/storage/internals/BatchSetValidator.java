package io.zkafka.storage.internals;

import static io.zkafka.common.record.RecordBatchDescriptor.ATTRIBUTES_OFFSET;
import static io.zkafka.common.record.RecordBatchDescriptor.CRC_OFFSET;
import static io.zkafka.common.record.RecordBatchDescriptor.LOG_OVERHEAD;
import static io.zkafka.common.record.RecordBatchDescriptor.MAX_TIMESTAMP_OFFSET;
import static io.zkafka.common.record.RecordBatchDescriptor.TIMESTAMP_TYPE_MASK;

import io.zkafka.common.errors.CorruptRecordException;
import io.zkafka.common.record.RecordBatchView;
import io.zkafka.storage.RecordBatchTooLargeException;
import io.zkafka.storage.UnexpectedAppendOffsetException;
import java.nio.ByteBuffer;

/**
 * Checks a buffer of concatenated batches before they are appended, and stamps offsets into their
 * headers in place. Reads and writes headers only; records are never decoded. Stateless.
 */
public final class BatchSetValidator {

    /** What the check found: batch count, offsets (as they are in the buffer now) and largest timestamp. */
    public record Summary(int batchCount, int sizeInBytes, long firstOffset, long lastOffset, long maxTimestamp,
                          long offsetCount) {
    }

    private BatchSetValidator() {
    }

    /**
     * Validates every batch: size against {@code maxBatchSize}, header, magic, CRC; and, when
     * {@code requireRisingOffsets}, that each batch starts above the previous one's last offset.
     *
     * @throws CorruptRecordException if a batch is malformed or the buffer ends inside one
     * @throws RecordBatchTooLargeException if a batch is larger than {@code maxBatchSize}
     * @throws UnexpectedAppendOffsetException if offsets do not rise
     */
    public static Summary validate(ByteBuffer batches, int maxBatchSize, boolean requireRisingOffsets) {
        if (!batches.hasRemaining()) {
            throw new CorruptRecordException("An append needs at least one record batch; the buffer is empty");
        }
        RecordBatchView view = new RecordBatchView();
        int count = 0;
        long firstOffset = -1;
        long lastOffset = -1;
        long maxTimestamp = -1;
        long offsetCount = 0;
        int at = batches.position();
        while (at < batches.limit()) {
            if (batches.limit() - at < LOG_OVERHEAD) {
                throw new CorruptRecordException("Truncated batch: " + (batches.limit() - at)
                    + " bytes at the end of the append, a batch needs at least " + LOG_OVERHEAD);
            }
            view.wrap(batches, at);
            long size = (long) view.batchLength() + LOG_OVERHEAD;
            if (size > maxBatchSize) {
                throw new RecordBatchTooLargeException("Batch " + count + " of the append is " + size
                    + " bytes, more than max.message.bytes=" + maxBatchSize);
            }
            view.validate(maxBatchSize);
            if (requireRisingOffsets && count > 0 && view.baseOffset() <= lastOffset) {
                throw new UnexpectedAppendOffsetException("Batch " + count + " starts at offset " + view.baseOffset()
                    + ", not above the previous batch's last offset " + lastOffset);
            }
            if (count == 0) {
                firstOffset = view.baseOffset();
            }
            lastOffset = view.lastOffset();
            maxTimestamp = Math.max(maxTimestamp, view.maxTimestamp());
            offsetCount += view.lastOffsetDelta() + 1L;
            count++;
            at += (int) size;
        }
        return new Summary(count, batches.remaining(), firstOffset, lastOffset, maxTimestamp, offsetCount);
    }

    /**
     * Stamps consecutive base offsets from {@code firstOffset} and the leader epoch into every batch.
     * With {@code logAppendTime} >= 0 also sets the log-append-time flag and max timestamp, which the
     * CRC covers, so only then the CRC is recomputed.
     */
    public static void assignOffsets(ByteBuffer batches, long firstOffset, int leaderEpoch, long logAppendTime) {
        RecordBatchView view = new RecordBatchView();
        long next = firstOffset;
        for (int at = batches.position(); at < batches.limit(); at += view.sizeInBytes()) {
            view.wrap(batches, at);
            view.setBaseOffset(next);
            view.setPartitionLeaderEpoch(leaderEpoch);
            if (logAppendTime >= 0) {
                batches.putShort(at + ATTRIBUTES_OFFSET, (short) (view.attributes() | TIMESTAMP_TYPE_MASK));
                batches.putLong(at + MAX_TIMESTAMP_OFFSET, logAppendTime);
                batches.putInt(at + CRC_OFFSET, (int) view.computeChecksum());
            }
            next = view.nextOffset();
        }
    }
}
