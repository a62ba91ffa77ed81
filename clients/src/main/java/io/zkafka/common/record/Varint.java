package io.zkafka.common.record;

import io.zkafka.common.errors.CorruptRecordException;
import java.nio.ByteBuffer;

/** Zig-zag variable-length integers as in protobuf and Kafka's record format. */
public final class Varint {
    private Varint() {
    }

    public static int sizeOfVarint(int value) {
        return sizeOfUnsigned(Integer.toUnsignedLong((value << 1) ^ (value >> 31)));
    }

    public static int sizeOfVarlong(long value) {
        return sizeOfUnsigned((value << 1) ^ (value >> 63));
    }

    private static int sizeOfUnsigned(long v) {
        // 1 byte per 7 significant bits, at least one byte
        int bits = 64 - Long.numberOfLeadingZeros(v | 1);
        return (bits + 6) / 7;
    }

    public static void writeVarint(int value, ByteBuffer buffer) {
        writeUnsigned(Integer.toUnsignedLong((value << 1) ^ (value >> 31)), buffer);
    }

    public static void writeVarlong(long value, ByteBuffer buffer) {
        writeUnsigned((value << 1) ^ (value >> 63), buffer);
    }

    private static void writeUnsigned(long v, ByteBuffer buffer) {
        while ((v & ~0x7FL) != 0) {
            buffer.put((byte) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        buffer.put((byte) v);
    }

    /** Writes a zig-zag varint at {@code index} of {@code array}; returns the index after it. */
    public static int writeVarint(int value, byte[] array, int index) {
        return writeUnsigned(Integer.toUnsignedLong((value << 1) ^ (value >> 31)), array, index);
    }

    /** Writes a zig-zag varlong at {@code index} of {@code array}; returns the index after it. */
    public static int writeVarlong(long value, byte[] array, int index) {
        return writeUnsigned((value << 1) ^ (value >> 63), array, index);
    }

    private static int writeUnsigned(long v, byte[] array, int index) {
        while ((v & ~0x7FL) != 0) {
            array[index++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        array[index++] = (byte) v;
        return index;
    }

    /**
     * Reads an unsigned varint (the lengths and tagged fields of Kafka's flexible messages); one
     * longer than 5 bytes is corrupt, a truncated one throws {@link java.nio.BufferUnderflowException}.
     */
    public static int readUnsignedVarint(ByteBuffer buffer) {
        int value = 0;
        for (int shift = 0; shift < 35; shift += 7) {
            byte b = buffer.get();
            value |= (b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                return value;
            }
        }
        throw new CorruptRecordException("Unsigned varint is longer than 5 bytes");
    }

    /** Reads a zig-zag varint; a value longer than 5 bytes is corrupt. */
    public static int readVarint(ByteBuffer buffer) {
        int raw = 0;
        int shift = 0;
        byte b;
        do {
            if (shift > 28) {
                throw new CorruptRecordException("Varint is longer than 5 bytes");
            }
            if (!buffer.hasRemaining()) {
                throw new CorruptRecordException("Truncated varint");
            }
            b = buffer.get();
            raw |= (b & 0x7F) << shift;
            shift += 7;
        } while ((b & 0x80) != 0);
        return (raw >>> 1) ^ -(raw & 1);
    }

    /** Reads a zig-zag varlong; a value longer than 10 bytes is corrupt. */
    public static long readVarlong(ByteBuffer buffer) {
        long raw = 0;
        int shift = 0;
        byte b;
        do {
            if (shift > 63) {
                throw new CorruptRecordException("Varlong is longer than 10 bytes");
            }
            if (!buffer.hasRemaining()) {
                throw new CorruptRecordException("Truncated varlong");
            }
            b = buffer.get();
            raw |= (long) (b & 0x7F) << shift;
            shift += 7;
        } while ((b & 0x80) != 0);
        return (raw >>> 1) ^ -(raw & 1);
    }
}
