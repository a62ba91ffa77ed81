package io.zkafka.common.record;

import static io.zkafka.common.record.RecordDescriptor.MIN_BODY_SIZE;
import static io.zkafka.common.record.RecordDescriptor.MIN_HEADER_SIZE;
import static io.zkafka.common.record.RecordDescriptor.NULL_LENGTH;

import io.zkafka.common.errors.CorruptRecordException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * A reusable window over one record of a batch (layout in {@link RecordDescriptor}). Pointing it
 * at a record parses and validates the whole record once, remembering where the key, value and
 * headers lie; the accessors then read in place. Keys and values come back as read-only slices
 * of the batch's buffer, or as copies on demand.
 *
 * <p>Not thread-safe. Re-pointing it ({@link BatchRecordIterator#nextInto}) invalidates what it
 * returned before only for the position bookkeeping; slices already handed out stay valid as
 * long as the underlying buffer does.
 */
public final class RecordView {
    private ByteBuffer buffer;
    private int start;
    private int end;
    private int cursor;
    private long offset;
    private int offsetDelta;
    private long timestamp;
    private int keyPosition;
    private int keyLength;
    private int valuePosition;
    private int valueLength;
    private int headersPosition;
    private int headerCount;

    /**
     * Parses the record starting at absolute index {@code position}, which must end by
     * {@code limit}, and returns the index after it.
     *
     * @param logAppendTime the timestamp of every record when the batch uses log append time, else null
     * @throws CorruptRecordException if the record does not parse within its bounds
     */
    int readFrom(ByteBuffer buffer, int position, int limit, long baseOffset, long baseTimestamp, Long logAppendTime) {
        this.buffer = buffer;
        this.start = position;
        this.cursor = position;
        this.end = limit;
        int length = readVarint();
        if (length < MIN_BODY_SIZE || length > limit - cursor) {
            throw new CorruptRecordException("Record length " + length + " is outside " + MIN_BODY_SIZE + ".."
                + (limit - cursor) + ", the bytes left in the batch");
        }
        end = cursor + length;
        cursor++; // attributes: unused in format v2
        long timestampDelta = readVarlong();
        offsetDelta = readVarint();
        offset = baseOffset + offsetDelta;
        timestamp = logAppendTime != null ? logAppendTime : baseTimestamp + timestampDelta;
        keyLength = readLength("key");
        keyPosition = skip(keyLength);
        valueLength = readLength("value");
        valuePosition = skip(valueLength);
        headerCount = readVarint();
        if (headerCount < 0 || headerCount > (end - cursor) / MIN_HEADER_SIZE) {
            throw new CorruptRecordException("Header count " + headerCount + " cannot fit the " + (end - cursor)
                + " bytes left in the record at offset " + offset);
        }
        headersPosition = cursor;
        for (int i = 0; i < headerCount; i++) {
            int headerKeyLength = readLength("header key");
            if (headerKeyLength == NULL_LENGTH) {
                throw new CorruptRecordException("Null header key in the record at offset " + offset);
            }
            skip(headerKeyLength);
            skip(readLength("header value"));
        }
        if (cursor != end) {
            throw new CorruptRecordException("Record at offset " + offset + " declares " + length
                + " bytes but its fields end " + (end - cursor) + " bytes sooner");
        }
        return end;
    }

    public long offset() {
        return offset;
    }

    public int offsetDelta() {
        return offsetDelta;
    }

    public long timestamp() {
        return timestamp;
    }

    /** Encoded size, the length prefix included. */
    public int sizeInBytes() {
        return end - start;
    }

    public boolean hasKey() {
        return keyLength != NULL_LENGTH;
    }

    /** Key length in bytes, or -1 for a null key. */
    public int keySize() {
        return keyLength;
    }

    /** A read-only slice over the key, or null. */
    public ByteBuffer key() {
        return slice(keyPosition, keyLength);
    }

    /** A copy of the key, or null. */
    public byte[] keyBytes() {
        return copy(keyPosition, keyLength);
    }

    public boolean hasValue() {
        return valueLength != NULL_LENGTH;
    }

    /** Value length in bytes, or -1 for a null value (a tombstone). */
    public int valueSize() {
        return valueLength;
    }

    /** A read-only slice over the value, or null. */
    public ByteBuffer value() {
        return slice(valuePosition, valueLength);
    }

    /** A copy of the value, or null. */
    public byte[] valueBytes() {
        return copy(valuePosition, valueLength);
    }

    public int headerCount() {
        return headerCount;
    }

    /** The headers, decoded now (keys as UTF-8, values copied). */
    public Header[] headers() {
        Header[] headers = new Header[headerCount];
        cursor = headersPosition;
        for (int i = 0; i < headerCount; i++) {
            int headerKeyLength = readLength("header key");
            String key = new String(copy(skip(headerKeyLength), headerKeyLength), StandardCharsets.UTF_8);
            int headerValueLength = readLength("header value");
            headers[i] = new Header(key, copy(skip(headerValueLength), headerValueLength));
        }
        return headers;
    }

    private int readLength(String field) {
        int length = readVarint();
        if (length < NULL_LENGTH || length > end - cursor) {
            throw new CorruptRecordException("The " + field + " length " + length + " of the record at offset "
                + offset + " is outside -1.." + (end - cursor) + ", the bytes left in the record");
        }
        return length;
    }

    /** Moves past a field of {@code length} bytes (none if null) and returns where it started. */
    private int skip(int length) {
        int at = cursor;
        if (length > 0) {
            cursor += length;
        }
        return at;
    }

    private ByteBuffer slice(int position, int length) {
        if (length == NULL_LENGTH) {
            return null;
        }
        return buffer.asReadOnlyBuffer().limit(position + length).position(position).slice();
    }

    private byte[] copy(int position, int length) {
        if (length == NULL_LENGTH) {
            return null;
        }
        byte[] bytes = new byte[length];
        if (buffer.hasArray()) {
            System.arraycopy(buffer.array(), buffer.arrayOffset() + position, bytes, 0, length);
        } else {
            buffer.get(position, bytes);
        }
        return bytes;
    }

    private int readVarint() {
        int raw = 0;
        for (int shift = 0; shift < 35; shift += 7) {
            byte b = nextByte();
            raw |= (b & 0x7F) << shift;
            if (b >= 0) {
                return (raw >>> 1) ^ -(raw & 1);
            }
        }
        throw new CorruptRecordException("Varint longer than 5 bytes at index " + cursor);
    }

    private long readVarlong() {
        long raw = 0;
        for (int shift = 0; shift < 70; shift += 7) {
            byte b = nextByte();
            raw |= (long) (b & 0x7F) << shift;
            if (b >= 0) {
                return (raw >>> 1) ^ -(raw & 1);
            }
        }
        throw new CorruptRecordException("Varlong longer than 10 bytes at index " + cursor);
    }

    private byte nextByte() {
        if (cursor >= end) {
            throw new CorruptRecordException("Truncated record: a varint runs past index " + end);
        }
        return buffer.get(cursor++);
    }

    @Override
    public String toString() {
        return "Record(offset=" + offset + ", timestamp=" + timestamp + ", key=" + keyLength + " bytes, value="
            + valueLength + " bytes, headers=" + headerCount + ")";
    }
}
