package io.zkafka.common.record;

import static io.zkafka.common.record.RecordBatchDescriptor.*;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * Appends records into one batch buffer and finishes it into the bytes of one record batch
 * (layouts in {@link RecordBatchDescriptor} and {@link RecordDescriptor}). Each record's bytes are
 * written once, straight into the batch buffer; {@link #build()} compresses the records section
 * when asked and fills the header and CRC.
 *
 * <p>{@link #hasRoomFor} applies the size limit to the uncompressed size, so compressed batches
 * stay conservatively small; the first record of a batch always fits, so a single record larger
 * than the limit still makes a batch of its own (the caller enforces the hard maximum).
 *
 * <p>The compaction cleaner rebuilds batches that keep their offsets: it appends with explicit
 * offset deltas ({@link #appendWithOffsetDelta}), gaps allowed, sets the original
 * {@link #lastOffsetDelta}, base timestamp and producer fields, and may build a batch of no
 * records that only keeps its offsets and producer state.
 *
 * <p>Not thread-safe.
 */
public final class RecordBatchBuilder {
    private static final Header[] NO_HEADERS = new Header[0];
    private static final int UNSET = Integer.MIN_VALUE;

    private final CompressionType compression;
    private final int sizeLimit;
    private TimestampType timestampType;
    private ByteBuffer buffer;
    private long baseOffset;
    private int partitionLeaderEpoch = NO_PARTITION_LEADER_EPOCH;
    private long producerId = NO_PRODUCER_ID;
    private short producerEpoch = NO_PRODUCER_EPOCH;
    private int baseSequence = NO_SEQUENCE;
    private int flags;
    private boolean baseTimestampSet;
    private long baseTimestamp = NO_TIMESTAMP;
    private long maxTimestamp = NO_TIMESTAMP;
    private long logAppendTime = NO_TIMESTAMP;
    private int lastAppendedOffsetDelta = -1;
    private int lastOffsetDeltaOverride = UNSET;
    private int recordCount;
    private boolean built;

    /**
     * @param initialCapacity bytes to allocate up front; the buffer grows when a record needs more
     * @param sizeLimit the batch size {@link #hasRoomFor} keeps to (Kafka's {@code batch.size})
     */
    public RecordBatchBuilder(CompressionType compression, TimestampType timestampType, long baseOffset,
                              int initialCapacity, int sizeLimit) {
        this.compression = compression;
        this.timestampType = timestampType;
        this.baseOffset = baseOffset;
        this.sizeLimit = sizeLimit;
        this.buffer = ByteBuffer.allocate(Math.max(initialCapacity, HEADER_SIZE));
        this.buffer.position(RECORDS_OFFSET);
    }

    public static RecordBatchBuilder uncompressed(long baseOffset, int sizeLimit) {
        return create(CompressionType.NONE, baseOffset, sizeLimit);
    }

    /** A create-time batch of the given compression, with at most 16 KiB allocated up front. */
    public static RecordBatchBuilder create(CompressionType compression, long baseOffset, int sizeLimit) {
        return new RecordBatchBuilder(compression, TimestampType.CREATE_TIME, baseOffset,
            Math.min(sizeLimit, 16 * 1024), sizeLimit);
    }

    public RecordBatchBuilder partitionLeaderEpoch(int epoch) {
        this.partitionLeaderEpoch = epoch;
        return this;
    }

    public RecordBatchBuilder producer(long producerId, short producerEpoch, int baseSequence) {
        this.producerId = producerId;
        this.producerEpoch = producerEpoch;
        this.baseSequence = baseSequence;
        return this;
    }

    public RecordBatchBuilder transactional(boolean transactional) {
        return flag(TRANSACTIONAL_FLAG_MASK, transactional);
    }

    public RecordBatchBuilder controlBatch(boolean control) {
        return flag(CONTROL_FLAG_MASK, control);
    }

    /** Fixes the base timestamp instead of taking the first record's; only before the first append. */
    public RecordBatchBuilder baseTimestamp(long timestamp) {
        if (recordCount > 0) {
            throw new IllegalStateException("The base timestamp is fixed by the first record");
        }
        this.baseTimestamp = timestamp;
        this.baseTimestampSet = true;
        return this;
    }

    /** Marks the batch as carrying a delete horizon, which Kafka stores as the base timestamp. */
    public RecordBatchBuilder deleteHorizon(long deleteHorizonMs) {
        baseTimestamp(deleteHorizonMs);
        return flag(DELETE_HORIZON_FLAG_MASK, true);
    }

    /** Makes the batch a log-append-time batch whose max timestamp, and so every record's timestamp, is {@code time}. */
    public RecordBatchBuilder logAppendTime(long time) {
        this.timestampType = TimestampType.LOG_APPEND_TIME;
        this.logAppendTime = time;
        return this;
    }

    /**
     * Sets the last offset delta the header declares, at least the last appended record's; a
     * cleaned batch keeps its original last offset after its last record was removed.
     */
    public RecordBatchBuilder lastOffsetDelta(int lastOffsetDelta) {
        if (lastOffsetDelta < 0) {
            throw new IllegalArgumentException("Negative last offset delta " + lastOffsetDelta);
        }
        this.lastOffsetDeltaOverride = lastOffsetDelta;
        return this;
    }

    private RecordBatchBuilder flag(int mask, boolean on) {
        flags = on ? flags | mask : flags & ~mask;
        return this;
    }

    public long baseOffset() {
        return baseOffset;
    }

    public CompressionType compression() {
        return compression;
    }

    public int recordCount() {
        return recordCount;
    }

    public boolean isEmpty() {
        return recordCount == 0;
    }

    /** The offset delta {@link #append} gives the next record. */
    public int nextOffsetDelta() {
        return lastAppendedOffsetDelta + 1;
    }

    /** Bytes written so far (uncompressed), header included. */
    public int estimatedSizeInBytes() {
        return buffer.position();
    }

    /** Whether a record of these fields keeps the batch within its size limit (always true when empty). */
    public boolean hasRoomFor(long timestamp, byte[] key, byte[] value, Header[] headers) {
        if (recordCount == 0) {
            return true;
        }
        int size = sizeOfRecord(nextOffsetDelta(), timestamp - baseTimestamp, key, value, headers);
        return buffer.position() + size <= sizeLimit;
    }

    public long append(long timestamp, byte[] key, byte[] value) {
        return append(timestamp, key, value, NO_HEADERS);
    }

    /** Appends a record and returns the offset it will have relative to the base offset. */
    public long append(long timestamp, byte[] key, byte[] value, Header[] headers) {
        return appendWithOffsetDelta(nextOffsetDelta(), timestamp, key, value, headers);
    }

    /**
     * Appends a record at an explicit offset delta, greater than the last one appended.
     *
     * @return {@code offsetDelta}
     */
    public long appendWithOffsetDelta(int offsetDelta, long timestamp, byte[] key, byte[] value, Header[] headers) {
        headers = headers == null ? NO_HEADERS : headers;
        int bodySize = RecordEncoder.sizeOfBody(offsetDelta, deltaFrom(timestamp),
            RecordEncoder.sizeOfField(key), RecordEncoder.sizeOfField(value), headers);
        beginRecord(offsetDelta, timestamp, bodySize);
        RecordEncoder.writeField(buffer, key);
        RecordEncoder.writeField(buffer, value);
        return endRecord(offsetDelta, timestamp, headers);
    }

    /**
     * As {@link #appendWithOffsetDelta(int, long, byte[], byte[], Header[])}, copying key and value
     * from buffers (their remaining bytes; positions unchanged), such as a {@link RecordView}'s slices.
     */
    public long appendBuffersWithOffsetDelta(int offsetDelta, long timestamp, ByteBuffer key, ByteBuffer value,
                                             Header[] headers) {
        headers = headers == null ? NO_HEADERS : headers;
        int bodySize = RecordEncoder.sizeOfBody(offsetDelta, deltaFrom(timestamp),
            RecordEncoder.sizeOfField(key), RecordEncoder.sizeOfField(value), headers);
        beginRecord(offsetDelta, timestamp, bodySize);
        RecordEncoder.writeField(buffer, key);
        RecordEncoder.writeField(buffer, value);
        return endRecord(offsetDelta, timestamp, headers);
    }

    private long deltaFrom(long timestamp) {
        return recordCount == 0 && !baseTimestampSet ? 0 : timestamp - baseTimestamp;
    }

    private void beginRecord(int offsetDelta, long timestamp, int bodySize) {
        if (built) {
            throw new IllegalStateException("Batch already built");
        }
        if (offsetDelta <= lastAppendedOffsetDelta) {
            throw new IllegalArgumentException("Offset delta " + offsetDelta + " does not follow " + lastAppendedOffsetDelta);
        }
        if (recordCount == 0 && !baseTimestampSet) {
            baseTimestamp = timestamp;
        }
        ensureRemaining(Varint.sizeOfVarint(bodySize) + bodySize);
        RecordEncoder.writeStart(buffer, bodySize, timestamp - baseTimestamp, offsetDelta);
    }

    private long endRecord(int offsetDelta, long timestamp, Header[] headers) {
        RecordEncoder.writeHeaders(buffer, headers);
        if (timestamp > maxTimestamp) {
            maxTimestamp = timestamp;
        }
        lastAppendedOffsetDelta = offsetDelta;
        recordCount++;
        return offsetDelta;
    }

    private void ensureRemaining(int needed) {
        if (buffer.remaining() < needed) {
            int capacity = (int) Math.min(Integer.MAX_VALUE - 8, Math.max(buffer.capacity() * 2L,
                (long) buffer.position() + needed));
            ByteBuffer larger = ByteBuffer.allocate(capacity);
            buffer.flip();
            larger.put(buffer);
            buffer = larger;
        }
    }

    /**
     * Finishes the batch: compresses the records if asked, fills the header and the CRC, and
     * returns a buffer whose position is 0 and limit the batch's end. A batch of no records can
     * only be built once {@link #lastOffsetDelta} is set; it is written uncompressed.
     */
    public ByteBuffer build() {
        if (built) {
            throw new IllegalStateException("Batch already built");
        }
        if (recordCount == 0 && lastOffsetDeltaOverride == UNSET) {
            throw new IllegalStateException("A batch needs at least one record, or a last offset delta");
        }
        if (lastOffsetDeltaOverride != UNSET && lastOffsetDeltaOverride < lastAppendedOffsetDelta) {
            throw new IllegalStateException("Last offset delta " + lastOffsetDeltaOverride
                + " is below the last appended record's " + lastAppendedOffsetDelta);
        }
        built = true;
        CompressionType written = recordCount == 0 ? CompressionType.NONE : compression;
        if (written != CompressionType.NONE) {
            buffer = RecordCompression.compressRecords(buffer, written);
        }
        int end = buffer.position();
        int attributes = written.id() | flags;
        if (timestampType == TimestampType.LOG_APPEND_TIME) {
            attributes |= TIMESTAMP_TYPE_MASK;
        }
        long batchMaxTimestamp = maxTimestamp;
        if (logAppendTime != NO_TIMESTAMP || timestampType == TimestampType.LOG_APPEND_TIME && recordCount == 0) {
            batchMaxTimestamp = logAppendTime;
        } else if (recordCount == 0) {
            batchMaxTimestamp = baseTimestamp;
        }
        buffer.putLong(BASE_OFFSET_OFFSET, baseOffset);
        buffer.putInt(LENGTH_OFFSET, end - LOG_OVERHEAD);
        buffer.putInt(PARTITION_LEADER_EPOCH_OFFSET, partitionLeaderEpoch);
        buffer.put(MAGIC_OFFSET, MAGIC_V2);
        buffer.putShort(ATTRIBUTES_OFFSET, (short) attributes);
        buffer.putInt(LAST_OFFSET_DELTA_OFFSET,
            lastOffsetDeltaOverride == UNSET ? lastAppendedOffsetDelta : lastOffsetDeltaOverride);
        buffer.putLong(BASE_TIMESTAMP_OFFSET, baseTimestamp);
        buffer.putLong(MAX_TIMESTAMP_OFFSET, batchMaxTimestamp);
        buffer.putLong(PRODUCER_ID_OFFSET, producerId);
        buffer.putShort(PRODUCER_EPOCH_OFFSET, producerEpoch);
        buffer.putInt(BASE_SEQUENCE_OFFSET, baseSequence);
        buffer.putInt(RECORDS_COUNT_OFFSET, recordCount);

        CRC32C crc = new CRC32C();
        crc.update(buffer.array(), buffer.arrayOffset() + ATTRIBUTES_OFFSET, end - ATTRIBUTES_OFFSET);
        buffer.putInt(CRC_OFFSET, (int) crc.getValue());

        buffer.limit(end);
        buffer.position(0);
        return buffer;
    }

    /** Encoded size of a record, its length prefix included. */
    public static int sizeOfRecord(int offsetDelta, long timestampDelta, byte[] key, byte[] value,
                                   Header[] headers) {
        int body = RecordEncoder.sizeOfBody(offsetDelta, timestampDelta, RecordEncoder.sizeOfField(key),
            RecordEncoder.sizeOfField(value), headers == null ? NO_HEADERS : headers);
        return Varint.sizeOfVarint(body) + body;
    }
}
