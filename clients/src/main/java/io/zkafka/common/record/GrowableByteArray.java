package io.zkafka.common.record;

import io.zkafka.common.errors.CorruptRecordException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * A byte array that grows by doubling up to a fixed limit, used as the destination of compression
 * and decompression. Growth follows the bytes actually produced, never a size the input declares,
 * so a decompression bomb costs at most {@code limit} bytes before it is refused.
 *
 * <p>Not thread-safe.
 */
final class GrowableByteArray extends OutputStream {
    private final int limit;
    private final String limitName;
    private byte[] bytes;
    private int size;

    /**
     * @param limitName what the limit is, for the exception raised when it is crossed
     */
    GrowableByteArray(int initialCapacity, int limit, String limitName) {
        if (limit < 0) {
            throw new IllegalArgumentException("Negative " + limitName + " " + limit);
        }
        this.limit = limit;
        this.limitName = limitName;
        this.bytes = new byte[Math.max(0, Math.min(initialCapacity, limit))];
    }

    byte[] array() {
        return bytes;
    }

    int size() {
        return size;
    }

    /** The limit, named, for messages: "decompressed size limit of 1048576 bytes". */
    String limitDescription() {
        return limitName + " of " + limit + " bytes";
    }

    /** Room left before the limit. */
    int remainingToLimit() {
        return limit - size;
    }

    /** Makes room for {@code needed} more bytes and returns the array to write them into at {@link #size()}. */
    byte[] reserve(int needed) {
        if (needed > limit - size) {
            throw new CorruptRecordException("Records need more than the " + limitDescription());
        }
        int required = size + needed;
        if (required > bytes.length) {
            long doubled = Math.max(64L, 2L * bytes.length);
            bytes = Arrays.copyOf(bytes, (int) Math.min(limit, Math.max(doubled, required)));
        }
        return bytes;
    }

    /** Records that {@code count} bytes were written into the array returned by {@link #reserve}. */
    void advance(int count) {
        size += count;
    }

    @Override
    public void write(int b) {
        reserve(1)[size++] = (byte) b;
    }

    @Override
    public void write(byte[] src, int offset, int length) {
        System.arraycopy(src, offset, reserve(length), size, length);
        size += length;
    }

    /** The bytes written so far, position 0, limit {@link #size()}, sharing the array. */
    ByteBuffer toByteBuffer() {
        return ByteBuffer.wrap(bytes, 0, size);
    }
}
