package io.zkafka.common.record;

import static io.zkafka.common.record.RecordBatchDescriptor.HEADER_SIZE;
import static io.zkafka.common.record.RecordBatchDescriptor.LENGTH_OFFSET;
import static io.zkafka.common.record.RecordBatchDescriptor.LOG_OVERHEAD;

import io.zkafka.common.errors.CorruptRecordException;
import java.nio.ByteBuffer;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * Iterates the batches laid end to end in a buffer, from its position to its limit (neither is
 * changed), as a fetch response or a segment file holds them. Each complete batch is validated
 * ({@link RecordBatchView#validate}) before it is returned. A trailing partial batch, which a
 * fetch may end with, ends the iteration cleanly: {@link #position()} then says where it starts.
 * A length field that no valid batch could have (below the header size, above
 * {@code maxBatchSize}) is corruption, even in the trailing batch.
 *
 * <p>Not thread-safe.
 */
public final class RecordBatchIterator implements Iterator<RecordBatchView> {
    private final ByteBuffer buffer;
    private final int maxBatchSize;
    private final int limit;
    private int position;

    public RecordBatchIterator(ByteBuffer buffer, int maxBatchSize) {
        this.buffer = buffer;
        this.maxBatchSize = maxBatchSize;
        this.position = buffer.position();
        this.limit = buffer.limit();
    }

    /**
     * Whether a complete batch starts at {@link #position()}.
     *
     * @throws CorruptRecordException if the next batch's length field is out of range
     */
    @Override
    public boolean hasNext() {
        int remaining = limit - position;
        if (remaining < LOG_OVERHEAD) {
            return false;
        }
        int length = buffer.getInt(position + LENGTH_OFFSET);
        if (length < HEADER_SIZE - LOG_OVERHEAD || (long) length + LOG_OVERHEAD > maxBatchSize) {
            throw new CorruptRecordException("Batch at index " + position + " has length " + length
                + "; a batch is " + HEADER_SIZE + ".." + maxBatchSize + " bytes");
        }
        return length + LOG_OVERHEAD <= remaining;
    }

    /**
     * The next batch, validated, in a new view.
     *
     * @throws CorruptRecordException if it is not a valid batch
     */
    @Override
    public RecordBatchView next() {
        if (!hasNext()) {
            throw new NoSuchElementException("No complete batch at index " + position);
        }
        RecordBatchView batch = new RecordBatchView(buffer, position);
        batch.validate(maxBatchSize);
        position += batch.sizeInBytes();
        return batch;
    }

    /** Where the next batch, or the trailing partial one, starts. */
    public int position() {
        return position;
    }

    /** Whether bytes remain after the complete batches: a partial batch, once {@link #hasNext()} is false. */
    public boolean hasPartialBatch() {
        return !hasNext() && position < limit;
    }
}
