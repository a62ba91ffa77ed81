package io.zkafka.common.protocol;

import io.netty.buffer.ByteBuf;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * Record batch bytes that ride in a frame after the Kryo part, never passing through Kryo. The
 * Kryo part declares only the size. On the sending side the bytes come from memory (a producer's
 * batch) or from a file slice (a fetch response, sent with zero copy); on the receiving side the
 * decoder attaches a view of the frame, valid until the frame is released.
 *
 * <p>Not thread-safe: filled by the decoder, then handed to one consumer.
 */
public final class RecordsPayload {
    /**
     * A frame whose records from files total at most this many bytes is sent as one buffer, the
     * records copied into it, rather than with zero copy: the frame then leaves in one write and one
     * TCP segment, where a file slice costs the sender more system calls and can wake the reader once
     * per segment. Copying this much costs less than either; above it zero copy wins.
     */
    public static final int COPY_FILE_BYTES_UP_TO = 16 * 1024;

    public static final RecordsPayload EMPTY = new RecordsPayload(0, ByteBuffer.allocate(0), null, 0);

    private final int sizeInBytes;
    private ByteBuffer buffer;
    private final FileChannel file;
    private final long filePosition;

    private RecordsPayload(int sizeInBytes, ByteBuffer buffer, FileChannel file, long filePosition) {
        this.sizeInBytes = sizeInBytes;
        this.buffer = buffer;
        this.file = file;
        this.filePosition = filePosition;
    }

    /** Bytes in memory, from {@code buffer.position()} to its limit (the buffer is not copied). */
    public static RecordsPayload of(ByteBuffer buffer) {
        return new RecordsPayload(buffer.remaining(), buffer, null, 0);
    }

    /** A slice of a file, sent with {@code FileChannel.transferTo} where the transport allows. */
    public static RecordsPayload ofFile(FileChannel file, long position, int sizeInBytes) {
        return new RecordsPayload(sizeInBytes, null, file, position);
    }

    /**
     * A payload read from a Kryo part: its size is declared, its bytes are attached by the decoder
     * once the whole Kryo part has been read.
     */
    public static RecordsPayload pending(int sizeInBytes) {
        if (sizeInBytes < 0) {
            throw new MalformedMessageException("Negative records size " + sizeInBytes);
        }
        return sizeInBytes == 0 ? EMPTY : new RecordsPayload(sizeInBytes, null, null, 0);
    }

    boolean isAttached() {
        return buffer != null || file != null;
    }

    void attach(ByteBuffer bytes) {
        this.buffer = bytes;
    }

    public int sizeInBytes() {
        return sizeInBytes;
    }

    public boolean isFile() {
        return file != null;
    }

    /** The bytes in memory: position 0 .. limit. Null for a file slice. */
    public ByteBuffer buffer() {
        return buffer == null ? null : buffer.duplicate();
    }

    public FileChannel file() {
        return file;
    }

    public long filePosition() {
        return filePosition;
    }

    /**
     * Appends the bytes to {@code out}, reading them from the file for a file slice.
     *
     * @throws EOFException when the file ends before the slice does
     */
    public void copyTo(ByteBuf out) throws IOException {
        if (file == null) {
            if (sizeInBytes > 0) {
                out.writeBytes(buffer.duplicate());
            }
            return;
        }
        long position = filePosition;
        int left = sizeInBytes;
        while (left > 0) {
            int read = out.writeBytes(file, position, left);
            if (read < 0) {
                throw new EOFException("the file ended " + left + " bytes before the records did");
            }
            position += read;
            left -= read;
        }
    }

    @Override
    public String toString() {
        return "RecordsPayload(" + sizeInBytes + " bytes" + (file != null ? " from file" : "") + ")";
    }
}
