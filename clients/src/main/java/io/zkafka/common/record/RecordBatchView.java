package io.zkafka.common.record;

import static io.zkafka.common.record.RecordBatchDescriptor.*;

import io.zkafka.common.errors.CorruptRecordException;
import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * A reusable window over one record batch in a {@link ByteBuffer}, read and stamped in place with
 * absolute indexes, never copying. {@link #wrap} re-points it, so one view can walk a whole buffer
 * of batches without allocating. The layout is drawn in {@link RecordBatchDescriptor}.
 *
 * <p>Not thread-safe; the wrapped buffer's position and limit are never changed.
 */
public final class RecordBatchView {
    private ByteBuffer buffer;
    private int offset;

    public RecordBatchView() {
    }

    public RecordBatchView(ByteBuffer buffer, int offset) {
        wrap(buffer, offset);
    }

    /** Points this view at the batch starting at absolute index {@code offset} of {@code buffer}. */
    public RecordBatchView wrap(ByteBuffer buffer, int offset) {
        this.buffer = buffer;
        this.offset = offset;
        return this;
    }

    public ByteBuffer buffer() {
        return buffer;
    }

    public int offset() {
        return offset;
    }

    public long baseOffset() {
        return buffer.getLong(offset + BASE_OFFSET_OFFSET);
    }

    /** The batch length field: bytes after it, i.e. {@code sizeInBytes() - LOG_OVERHEAD}. */
    public int batchLength() {
        return buffer.getInt(offset + LENGTH_OFFSET);
    }

    /** The whole batch's size in bytes, header included. */
    public int sizeInBytes() {
        return LOG_OVERHEAD + batchLength();
    }

    public int partitionLeaderEpoch() {
        return buffer.getInt(offset + PARTITION_LEADER_EPOCH_OFFSET);
    }

    public byte magic() {
        return buffer.get(offset + MAGIC_OFFSET);
    }

    /** The stored CRC, as an unsigned 32-bit value. */
    public long checksum() {
        return Integer.toUnsignedLong(buffer.getInt(offset + CRC_OFFSET));
    }

    public short attributes() {
        return buffer.getShort(offset + ATTRIBUTES_OFFSET);
    }

    public CompressionType compressionType() {
        return CompressionType.forId(attributes() & COMPRESSION_CODEC_MASK);
    }

    public TimestampType timestampType() {
        return (attributes() & TIMESTAMP_TYPE_MASK) == 0 ? TimestampType.CREATE_TIME : TimestampType.LOG_APPEND_TIME;
    }

    public boolean isTransactional() {
        return (attributes() & TRANSACTIONAL_FLAG_MASK) != 0;
    }

    public boolean isControlBatch() {
        return (attributes() & CONTROL_FLAG_MASK) != 0;
    }

    public int lastOffsetDelta() {
        return buffer.getInt(offset + LAST_OFFSET_DELTA_OFFSET);
    }

    public long lastOffset() {
        return baseOffset() + lastOffsetDelta();
    }

    /** The offset after this batch's last record. */
    public long nextOffset() {
        return lastOffset() + 1;
    }

    public long baseTimestamp() {
        return buffer.getLong(offset + BASE_TIMESTAMP_OFFSET);
    }

    public long maxTimestamp() {
        return buffer.getLong(offset + MAX_TIMESTAMP_OFFSET);
    }

    public long producerId() {
        return buffer.getLong(offset + PRODUCER_ID_OFFSET);
    }

    public short producerEpoch() {
        return buffer.getShort(offset + PRODUCER_EPOCH_OFFSET);
    }

    public int baseSequence() {
        return buffer.getInt(offset + BASE_SEQUENCE_OFFSET);
    }

    public int recordCount() {
        return buffer.getInt(offset + RECORDS_COUNT_OFFSET);
    }

    /** Stamps the base offset. The CRC does not cover it, so the batch stays valid. */
    public void setBaseOffset(long baseOffset) {
        buffer.putLong(offset + BASE_OFFSET_OFFSET, baseOffset);
    }

    /** Stamps the partition leader epoch. The CRC does not cover it, so the batch stays valid. */
    public void setPartitionLeaderEpoch(int epoch) {
        buffer.putInt(offset + PARTITION_LEADER_EPOCH_OFFSET, epoch);
    }

    /**
     * Sets the timestamp type and max timestamp, as a broker does for log append time, and
     * recomputes the CRC, which covers both. The batch must be complete in the buffer.
     */
    public void setMaxTimestamp(TimestampType type, long maxTimestamp) {
        int attributes = attributes() & ~TIMESTAMP_TYPE_MASK;
        if (type == TimestampType.LOG_APPEND_TIME) {
            attributes |= TIMESTAMP_TYPE_MASK;
        }
        buffer.putShort(offset + ATTRIBUTES_OFFSET, (short) attributes);
        buffer.putLong(offset + MAX_TIMESTAMP_OFFSET, maxTimestamp);
        buffer.putInt(offset + CRC_OFFSET, (int) computeChecksum());
    }

    /**
     * The batch's records, decompressed if need be within
     * {@link BatchRecordIterator#DEFAULT_MAX_DECOMPRESSED_BYTES}. Call {@link #validate} first:
     * this checks the records, not the CRC.
     */
    public BatchRecordIterator records() {
        return new BatchRecordIterator(this);
    }

    /** The batch's records, decompressed within {@code maxDecompressedBytes}. */
    public BatchRecordIterator records(int maxDecompressedBytes) {
        return new BatchRecordIterator(this, maxDecompressedBytes);
    }

    /**
     * Validates the header and CRC ({@link #validate}) and then every record, reading them all.
     *
     * @throws CorruptRecordException naming the first thing found wrong
     */
    public void validateRecords(int maxBatchSize, int maxDecompressedBytes) {
        validate(maxBatchSize);
        BatchRecordIterator records = records(maxDecompressedBytes);
        RecordView view = new RecordView();
        while (records.hasNext()) {
            records.nextInto(view);
        }
    }

    /** CRC-32C of the bytes from the attributes field to the end of the batch. */
    public long computeChecksum() {
        CRC32C crc = new CRC32C();
        int from = offset + ATTRIBUTES_OFFSET;
        int to = offset + sizeInBytes();
        crc.update(buffer.duplicate().limit(to).position(from));
        return crc.getValue();
    }

    public boolean isValidChecksum() {
        return checksum() == computeChecksum();
    }

    /**
     * Checks everything that can be checked without decompressing: that the header fits in what
     * remains of the buffer, the magic, the length against {@code maxBatchSize} and the buffer,
     * the offset delta against the record count, and the CRC.
     *
     * @throws CorruptRecordException naming the first thing found wrong
     */
    public void validate(int maxBatchSize) {
        int available = buffer.limit() - offset;
        if (available < HEADER_SIZE) {
            throw new CorruptRecordException("Truncated batch: " + available
                + " bytes left, a batch header needs " + HEADER_SIZE);
        }
        byte magic = magic();
        if (magic != MAGIC_V2) {
            throw new CorruptRecordException("Bad magic " + magic + " at batch offset " + baseOffset()
                + "; only magic " + MAGIC_V2 + " is supported");
        }
        int length = batchLength();
        if (length < HEADER_SIZE - LOG_OVERHEAD) {
            throw new CorruptRecordException("Batch length " + length + " is less than the header's "
                + (HEADER_SIZE - LOG_OVERHEAD) + " bytes");
        }
        if ((long) length + LOG_OVERHEAD > maxBatchSize) {
            throw new CorruptRecordException("Batch of " + ((long) length + LOG_OVERHEAD)
                + " bytes exceeds the limit of " + maxBatchSize);
        }
        if (length > available - LOG_OVERHEAD) {
            throw new CorruptRecordException("Truncated batch: length field says " + length
                + " bytes follow but only " + (available - LOG_OVERHEAD) + " do");
        }
        int codec = attributes() & COMPRESSION_CODEC_MASK;
        if (codec > CompressionType.ZSTD.id()) {
            throw new CorruptRecordException("Unknown compression codec id " + codec + " at batch offset "
                + baseOffset());
        }
        int count = recordCount();
        int lastOffsetDelta = lastOffsetDelta();
        if (count < 0 || lastOffsetDelta < 0 || (count > 0 && lastOffsetDelta < count - 1)) {
            throw new CorruptRecordException("Record count " + count + " does not fit last offset delta "
                + lastOffsetDelta);
        }
        if (!isValidChecksum()) {
            throw new CorruptRecordException("Bad CRC at batch offset " + baseOffset() + ": stored "
                + checksum() + ", computed " + computeChecksum());
        }
    }

    @Override
    public String toString() {
        return "RecordBatch(baseOffset=" + baseOffset() + ", lastOffset=" + lastOffset() + ", size="
            + sizeInBytes() + ", count=" + recordCount() + ", epoch=" + partitionLeaderEpoch() + ")";
    }
}
