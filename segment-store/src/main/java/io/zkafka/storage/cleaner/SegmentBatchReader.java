package io.zkafka.storage.cleaner;

import static io.zkafka.common.record.RecordBatchDescriptor.LENGTH_OFFSET;
import static io.zkafka.common.record.RecordBatchDescriptor.LOG_OVERHEAD;

import io.zkafka.common.errors.CorruptRecordException;
import io.zkafka.common.record.RecordBatchIterator;
import io.zkafka.common.record.RecordBatchView;
import io.zkafka.storage.internals.LogSegment;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Reads the batches of a segment file through one reusable buffer, a chunk at a time, validating each
 * (CRC included). The buffer grows to hold the largest batch met, and never past
 * {@link #MAX_BATCH_BYTES}.
 *
 * <p>Not thread-safe: owned by the cleaner thread.
 */
final class SegmentBatchReader {
    /** Largest batch the cleaner reads: what a batch length field can describe. */
    static final int MAX_BATCH_BYTES = Integer.MAX_VALUE - 8;

    /** Receives each batch; the view is valid only during the call. */
    interface BatchVisitor {
        /** @return false to stop reading */
        boolean visit(RecordBatchView batch) throws IOException;
    }

    private ByteBuffer buffer;

    SegmentBatchReader(int initialBytes) {
        this.buffer = ByteBuffer.allocate(initialBytes);
    }

    /**
     * Visits every whole batch of {@code segment} in file order until the visitor says stop.
     *
     * @throws CorruptRecordException if a batch is not valid or the file ends inside one
     */
    void read(LogSegment segment, BatchVisitor visitor) throws IOException {
        long position = 0;
        int size = segment.size();
        while (position < size) {
            buffer.clear();
            segment.readInto(buffer, position);
            buffer.flip();
            RecordBatchIterator batches = new RecordBatchIterator(buffer, MAX_BATCH_BYTES);
            while (batches.hasNext()) {
                if (!visitor.visit(batches.next())) {
                    return;
                }
            }
            if (batches.position() == 0) {
                growFor(segment, position, size);
            }
            position += batches.position();
        }
    }

    private void growFor(LogSegment segment, long position, int size) {
        if (buffer.limit() < LOG_OVERHEAD) {
            throw new CorruptRecordException("Segment " + segment.logFile() + " ends inside a batch header at "
                + position);
        }
        long batchBytes = (long) buffer.getInt(LENGTH_OFFSET) + LOG_OVERHEAD;
        if (batchBytes > size - position) {
            throw new CorruptRecordException("Segment " + segment.logFile() + " ends inside the batch at position "
                + position + " (" + batchBytes + " bytes)");
        }
        buffer = ByteBuffer.allocate((int) batchBytes);
    }
}
