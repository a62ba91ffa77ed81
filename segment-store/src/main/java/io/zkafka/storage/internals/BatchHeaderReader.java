package io.zkafka.storage.internals;

import static io.zkafka.common.record.RecordBatchDescriptor.HEADER_SIZE;
import static io.zkafka.common.record.RecordBatchDescriptor.LOG_OVERHEAD;

import io.zkafka.common.record.RecordBatchView;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * Reads batch headers from a segment file with positional reads, one header ({@code HEADER_SIZE}
 * bytes) at a time into a reused buffer, so the broker can walk a segment without reading records.
 * The header's fields are then read through {@link #view()}; its CRC cannot be checked (the records
 * are not read). Not thread-safe: make one per walk.
 */
public final class BatchHeaderReader {
    private final FileChannel channel;
    private final ByteBuffer header = ByteBuffer.allocate(HEADER_SIZE);
    private final RecordBatchView view = new RecordBatchView(header, 0);

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
        header.clear();
        while (header.hasRemaining()) {
            if (channel.read(header, position + header.position()) < 0) {
                return false;
            }
        }
        int length = view.batchLength();
        return length >= HEADER_SIZE - LOG_OVERHEAD && length <= end - position - LOG_OVERHEAD;
    }

    /** The header just read; valid until the next {@link #readAt}. */
    public RecordBatchView view() {
        return view;
    }
}
