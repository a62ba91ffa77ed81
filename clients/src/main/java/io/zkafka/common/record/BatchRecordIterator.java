package io.zkafka.common.record;

import static io.zkafka.common.record.RecordBatchDescriptor.HEADER_SIZE;
import static io.zkafka.common.record.RecordBatchDescriptor.LOG_OVERHEAD;
import static io.zkafka.common.record.RecordBatchDescriptor.RECORDS_OFFSET;

import io.zkafka.common.errors.CorruptRecordException;
import java.nio.ByteBuffer;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * Iterates the records of one batch. Uncompressed records are read in place; a compressed batch
 * is decompressed once, at construction, into one buffer of at most {@code maxDecompressedBytes}.
 *
 * <p>Each record is validated as it is reached (see {@link RecordView}); beyond that the offset
 * deltas must increase and stay within the batch's last offset delta, and the records section
 * must hold exactly the declared number of records. The record count is only ever compared,
 * never used to allocate. Header fields are captured at construction. The batch's CRC is not
 * checked here: {@link RecordBatchView#validate} does that.
 *
 * <p>Not thread-safe.
 */
public final class BatchRecordIterator implements Iterator<RecordView> {
    /** Default bound on a batch's decompressed records. */
    public static final int DEFAULT_MAX_DECOMPRESSED_BYTES = 64 * 1024 * 1024;

    private final ByteBuffer records;
    private final int limit;
    private final long baseOffset;
    private final long baseTimestamp;
    private final Long logAppendTime;
    private final int lastOffsetDelta;
    private final int recordCount;
    private int position;
    private int read;
    private int previousOffsetDelta = -1;

    /**
     * @throws CorruptRecordException if the batch's sizes do not fit its buffer, its codec is
     *     unknown or its records do not decompress within {@code maxDecompressedBytes}
     */
    public BatchRecordIterator(RecordBatchView batch, int maxDecompressedBytes) {
        ByteBuffer buffer = batch.buffer();
        int start = batch.offset();
        int available = buffer.limit() - start;
        if (start < 0 || available < HEADER_SIZE) {
            throw new CorruptRecordException("Truncated batch: " + available + " bytes, a header needs " + HEADER_SIZE);
        }
        int length = batch.batchLength();
        if (length < HEADER_SIZE - LOG_OVERHEAD || length > available - LOG_OVERHEAD) {
            throw new CorruptRecordException("Batch length " + length + " is outside " + (HEADER_SIZE - LOG_OVERHEAD)
                + ".." + (available - LOG_OVERHEAD) + ", the bytes available");
        }
        int codec = batch.attributes() & RecordBatchDescriptor.COMPRESSION_CODEC_MASK;
        if (codec > CompressionType.ZSTD.id()) {
            throw new CorruptRecordException("Unknown compression codec id " + codec);
        }
        baseOffset = batch.baseOffset();
        baseTimestamp = batch.baseTimestamp();
        logAppendTime = batch.timestampType() == TimestampType.LOG_APPEND_TIME ? batch.maxTimestamp() : null;
        lastOffsetDelta = batch.lastOffsetDelta();
        recordCount = batch.recordCount();
        if (recordCount < 0) {
            throw new CorruptRecordException("Negative record count " + recordCount);
        }
        ByteBuffer section = buffer.duplicate().limit(start + LOG_OVERHEAD + length).position(start + RECORDS_OFFSET);
        CompressionType compression = CompressionType.forId(codec);
        if (compression == CompressionType.NONE || recordCount == 0) {
            records = buffer;
            position = section.position();
            limit = section.limit();
        } else {
            records = RecordCompression.decompressRecords(section, compression, maxDecompressedBytes);
            position = 0;
            limit = records.limit();
        }
        if (recordCount == 0 && position != limit) {
            throw new CorruptRecordException("A batch of no records has " + (limit - position) + " bytes of records");
        }
    }

    /** Iterates with {@link #DEFAULT_MAX_DECOMPRESSED_BYTES}. */
    public BatchRecordIterator(RecordBatchView batch) {
        this(batch, DEFAULT_MAX_DECOMPRESSED_BYTES);
    }

    @Override
    public boolean hasNext() {
        return read < recordCount;
    }

    /** The next record in a new view. */
    @Override
    public RecordView next() {
        return nextInto(new RecordView());
    }

    /**
     * Points {@code view} at the next record and returns it: the allocation-free way to iterate.
     *
     * @throws CorruptRecordException if the record, or the batch's end after the last record, is invalid
     */
    public RecordView nextInto(RecordView view) {
        if (!hasNext()) {
            throw new NoSuchElementException("All " + recordCount + " records have been read");
        }
        if (position >= limit) {
            throw new CorruptRecordException("Batch declares " + recordCount + " records but its records end after "
                + read);
        }
        position = view.readFrom(records, position, limit, baseOffset, baseTimestamp, logAppendTime);
        int delta = view.offsetDelta();
        if (delta <= previousOffsetDelta || delta > lastOffsetDelta) {
            throw new CorruptRecordException("Offset delta " + delta + " of record " + read + " is not between "
                + (previousOffsetDelta + 1) + " and the batch's last offset delta " + lastOffsetDelta);
        }
        previousOffsetDelta = delta;
        read++;
        if (read == recordCount && position != limit) {
            throw new CorruptRecordException((limit - position) + " bytes follow the batch's last record of "
                + recordCount);
        }
        return view;
    }
}
