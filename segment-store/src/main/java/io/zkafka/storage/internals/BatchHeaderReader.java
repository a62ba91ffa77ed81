package io.zkafka.storage.internals;

import static io.zkafka.common.record.RecordBatchDescriptor.HEADER_SIZE;
import static io.zkafka.common.record.RecordBatchDescriptor.LOG_OVERHEAD;

import io.zkafka.common.record.RecordBatchView;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * Reads batch headers from a segment file with positional reads, so the broker can walk a segment
 * without decoding records. Each read takes up to {@value #WINDOW_BYTES} bytes from the header's
 * position on (never past the walk's end) into a reused buffer, and the headers that lie whole in
 * it are read from there: a walk from an offset-index entry (one every 4 KiB of log by default) over
 * small batches costs one or two reads instead of one per batch. The header's fields are then read
 * through {@link #view()}; its CRC is not checked. Not thread-safe: make one per walk.
 */
public final class BatchHeaderReader {
    static final int WINDOW_BYTES = 4096;

    private final FileChannel channel;
    private final ByteBuffer window = ByteBuffer.allocate(WINDOW_BYTES);
    private final RecordBatchView view = new RecordBatchView(window, 0);
    /** The file position of the window's first byte, and how many bytes it holds. */
    private long windowStart;
    private int windowBytes;

    public BatchHeaderReader(FileChannel channel) {
        this.channel = channel;
    }

    /**
     * Reads the header of the batch at {@code position}; false if no whole header and body with a
     * plausible length lies before {@code end}.
     */
    public boolean readAt(long position, long end) throws IOException {
        if (end - position < HEADER_SIZE) {
            return false;
        }
        if (position < windowStart || position + HEADER_SIZE > windowStart + windowBytes) {
            fill(position, (int) Math.min(WINDOW_BYTES, end - position));
            if (windowBytes < HEADER_SIZE) {
                return false;
            }
        }
        view.wrap(window, (int) (position - windowStart));
        int length = view.batchLength();
        return length >= HEADER_SIZE - LOG_OVERHEAD && length <= end - position - LOG_OVERHEAD;
    }

    /** The header just read; valid until the next {@link #readAt}. */
    public RecordBatchView view() {
        return view;
    }

    private void fill(long position, int bytes) throws IOException {
        window.clear().limit(bytes);
        windowStart = position;
        while (window.hasRemaining()) {
            int read = channel.read(window, position + window.position());
            if (read < 0) {
                break;
            }
        }
        windowBytes = window.position();
        window.clear();
    }
}
