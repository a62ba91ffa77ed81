package io.zkafka.common.record;

import java.nio.ByteBuffer;

/**
 * Sizes and writes the fields of one record (layout in {@link RecordDescriptor}) straight into a
 * batch buffer, without intermediate arrays. Stateless; the caller makes room first.
 */
final class RecordEncoder {
    private RecordEncoder() {
    }

    /** Size of a record body, without its length prefix, given the encoded sizes of key and value. */
    static int sizeOfBody(int offsetDelta, long timestampDelta, int keyFieldSize, int valueFieldSize,
                          Header[] headers) {
        int size = 1 // attributes
            + Varint.sizeOfVarlong(timestampDelta)
            + Varint.sizeOfVarint(offsetDelta)
            + keyFieldSize
            + valueFieldSize
            + Varint.sizeOfVarint(headers.length);
        for (Header header : headers) {
            int keyLength = Utf8.encodedLength(header.key());
            size += Varint.sizeOfVarint(keyLength) + keyLength + sizeOfField(header.value());
        }
        return size;
    }

    /** Encoded size of a length-prefixed byte field, null included. */
    static int sizeOfField(byte[] bytes) {
        return bytes == null ? 1 : Varint.sizeOfVarint(bytes.length) + bytes.length;
    }

    static int sizeOfField(ByteBuffer bytes) {
        return bytes == null ? 1 : Varint.sizeOfVarint(bytes.remaining()) + bytes.remaining();
    }

    /** Writes the length prefix and the fields before the key. */
    static void writeStart(ByteBuffer out, int bodySize, long timestampDelta, int offsetDelta) {
        Varint.writeVarint(bodySize, out);
        out.put((byte) 0);
        Varint.writeVarlong(timestampDelta, out);
        Varint.writeVarint(offsetDelta, out);
    }

    static void writeField(ByteBuffer out, byte[] bytes) {
        if (bytes == null) {
            Varint.writeVarint(RecordDescriptor.NULL_LENGTH, out);
        } else {
            Varint.writeVarint(bytes.length, out);
            out.put(bytes);
        }
    }

    /** Writes the remaining bytes of {@code bytes}, leaving its position where it was. */
    static void writeField(ByteBuffer out, ByteBuffer bytes) {
        if (bytes == null) {
            Varint.writeVarint(RecordDescriptor.NULL_LENGTH, out);
        } else {
            int length = bytes.remaining();
            Varint.writeVarint(length, out);
            out.put(out.position(), bytes, bytes.position(), length);
            out.position(out.position() + length);
        }
    }

    static void writeHeaders(ByteBuffer out, Header[] headers) {
        Varint.writeVarint(headers.length, out);
        for (Header header : headers) {
            Varint.writeVarint(Utf8.encodedLength(header.key()), out);
            Utf8.encode(header.key(), out);
            writeField(out, header.value());
        }
    }
}
