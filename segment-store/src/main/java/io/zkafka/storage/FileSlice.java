package io.zkafka.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;

/**
 * A run of whole record batches in a segment file: the channel, where they start and how many bytes.
 * Send it with {@link FileChannel#transferTo} (zero copy). The channel is owned by the segment; do not
 * close it. A slice stays readable for {@code file.delete.delay.ms} after its segment is deleted; a
 * truncation of the log can make its tail shorter than {@link #length()}.
 *
 * @param firstOffset the offset that was asked for (may lie inside the first batch)
 * @param nextOffset no lower than the offset after the slice's last batch: the base offset of the batch
 *     that follows it when the read met it, else the bound the read stopped at (its maximum offset, the
 *     next segment's base offset or the log end offset); {@code firstOffset} for an empty slice.
 *     Read_committed fetches collect the aborted transactions below it.
 */
public record FileSlice(FileChannel channel, long position, int length, long firstOffset, long nextOffset) {

    public static FileSlice empty(long firstOffset) {
        return new FileSlice(null, 0, 0, firstOffset, firstOffset);
    }

    public boolean isEmpty() {
        return length == 0;
    }

    /** Copies the slice into a new heap buffer (tests and tools; the fetch path uses transferTo). */
    public ByteBuffer readAll() throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, position + buffer.position()) < 0) {
                break;
            }
        }
        return buffer.flip();
    }

    /** Sends the whole slice to {@code target}, looping as transferTo may send less than asked. */
    public long transferTo(WritableByteChannel target) throws IOException {
        long sent = 0;
        while (sent < length) {
            long n = channel.transferTo(position + sent, length - sent, target);
            if (n <= 0) {
                break;
            }
            sent += n;
        }
        return sent;
    }
}
