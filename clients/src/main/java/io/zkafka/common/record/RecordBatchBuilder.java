package io.zkafka.common.record;

import static io.zkafka.common.record.RecordBatchDescriptor.*;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;

/**
 * Appends records into one batch buffer and finishes it into the bytes of one record batch.
 * Each record's bytes are written once, straight into the batch buffer.
 *
 * <p>{@link #hasRoomFor} applies the size limit; the first record of a batch always fits, so a
 * single record larger than the limit still makes a batch of its own (the caller enforces the
 * hard maximum). Not thread-safe.
 */
public final class RecordBatchBuilder {
    private static final Header[] NO_HEADERS = new Header[0];

    private final CompressionType compression;
    private final TimestampType timestampType;
    private final int sizeLimit;
    private ByteBuffer buffer;
    private long baseOffset;
    private int partitionLeaderEpoch = NO_PARTITION_LEADER_EPOCH;
    private long producerId = NO_PRODUCER_ID;
    private short producerEpoch = NO_PRODUCER_EPOCH;
    private int baseSequence = NO_SEQUENCE;
    private long baseTimestamp = NO_TIMESTAMP;
    private long maxTimestamp = NO_TIMESTAMP;
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
        return new RecordBatchBuilder(CompressionType.NONE, TimestampType.CREATE_TIME, baseOffset,
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

    public int recordCount() {
        return recordCount;
    }

    public boolean isEmpty() {
        return recordCount == 0;
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
        int size = sizeOfRecord(recordCount, timestamp - baseTimestamp, key, value, headers);
        return buffer.position() + size <= sizeLimit;
    }

    public long append(long timestamp, byte[] key, byte[] value) {
        return append(timestamp, key, value, NO_HEADERS);
    }

    /** Appends a record and returns the offset it will have relative to the base offset. */
    public long append(long timestamp, byte[] key, byte[] value, Header[] headers) {
        if (built) {
            throw new IllegalStateException("Batch already built");
        }
        if (headers == null) {
            headers = NO_HEADERS;
        }
        if (recordCount == 0) {
            baseTimestamp = timestamp;
        }
        int offsetDelta = recordCount;
        long timestampDelta = timestamp - baseTimestamp;
        int bodySize = sizeOfRecordBody(offsetDelta, timestampDelta, key, value, headers);
        ensureRemaining(Varint.sizeOfVarint(bodySize) + bodySize);

        Varint.writeVarint(bodySize, buffer);
        buffer.put((byte) 0);
        Varint.writeVarlong(timestampDelta, buffer);
        Varint.writeVarint(offsetDelta, buffer);
        writeBytes(key);
        writeBytes(value);
        Varint.writeVarint(headers.length, buffer);
        for (Header header : headers) {
            byte[] headerKey = header.key().getBytes(StandardCharsets.UTF_8);
            Varint.writeVarint(headerKey.length, buffer);
            buffer.put(headerKey);
            writeBytes(header.value());
        }
        if (timestamp > maxTimestamp) {
            maxTimestamp = timestamp;
        }
        recordCount++;
        return offsetDelta;
    }

    private void writeBytes(byte[] bytes) {
        if (bytes == null) {
            Varint.writeVarint(-1, buffer);
        } else {
            Varint.writeVarint(bytes.length, buffer);
            buffer.put(bytes);
        }
    }

    private void ensureRemaining(int needed) {
        if (buffer.remaining() < needed) {
            int capacity = Math.max(buffer.capacity() * 2, buffer.position() + needed);
            ByteBuffer larger = ByteBuffer.allocate(capacity);
            buffer.flip();
            larger.put(buffer);
            buffer = larger;
        }
    }

    /**
     * Finishes the batch: compresses the records if asked, fills the header and the CRC, and
     * returns a buffer whose position is 0 and limit the batch's end.
     */
    public ByteBuffer build() {
        if (built) {
            throw new IllegalStateException("Batch already built");
        }
        if (recordCount == 0) {
            throw new IllegalStateException("A batch needs at least one record");
        }
        built = true;
        if (compression != CompressionType.NONE) {
            buffer = RecordCompression.compressRecords(buffer, compression);
        }
        int end = buffer.position();
        int attributes = compression.id();
        if (timestampType == TimestampType.LOG_APPEND_TIME) {
            attributes |= TIMESTAMP_TYPE_MASK;
        }
        buffer.putLong(BASE_OFFSET_OFFSET, baseOffset);
        buffer.putInt(LENGTH_OFFSET, end - LOG_OVERHEAD);
        buffer.putInt(PARTITION_LEADER_EPOCH_OFFSET, partitionLeaderEpoch);
        buffer.put(MAGIC_OFFSET, MAGIC_V2);
        buffer.putShort(ATTRIBUTES_OFFSET, (short) attributes);
        buffer.putInt(LAST_OFFSET_DELTA_OFFSET, recordCount - 1);
        buffer.putLong(BASE_TIMESTAMP_OFFSET, baseTimestamp);
        buffer.putLong(MAX_TIMESTAMP_OFFSET, maxTimestamp);
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
        int body = sizeOfRecordBody(offsetDelta, timestampDelta, key, value, headers == null ? NO_HEADERS : headers);
        return Varint.sizeOfVarint(body) + body;
    }

    private static int sizeOfRecordBody(int offsetDelta, long timestampDelta, byte[] key, byte[] value,
                                        Header[] headers) {
        int size = 1 // attributes
            + Varint.sizeOfVarlong(timestampDelta)
            + Varint.sizeOfVarint(offsetDelta)
            + sizeOfBytes(key)
            + sizeOfBytes(value)
            + Varint.sizeOfVarint(headers.length);
        for (Header header : headers) {
            int keyLength = utf8Length(header.key());
            size += Varint.sizeOfVarint(keyLength) + keyLength + sizeOfBytes(header.value());
        }
        return size;
    }

    private static int sizeOfBytes(byte[] bytes) {
        return bytes == null ? Varint.sizeOfVarint(-1) : Varint.sizeOfVarint(bytes.length) + bytes.length;
    }

    private static int utf8Length(String s) {
        int length = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                length++;
            } else if (c < 0x800) {
                length += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                length += 4;
                i++;
            } else if (Character.isSurrogate(c)) {
                length++; // String.getBytes(UTF_8) writes a lone surrogate as '?'
            } else {
                length += 3;
            }
        }
        return length;
    }
}
