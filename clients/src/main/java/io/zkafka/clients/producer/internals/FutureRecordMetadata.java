package io.zkafka.clients.producer.internals;

import io.zkafka.clients.producer.RecordMetadata;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The future {@code send} returns: a record's place in its batch, resolved against the batch's
 * shared {@link ProduceRequestResult} when that completes, following the record into the batch
 * it went to if its batch was split. The only object the producer allocates per record.
 * Thread-safe (immutable; waits on the batch's latch).
 */
public final class FutureRecordMetadata implements Future<RecordMetadata> {
    private final ProduceRequestResult result;
    private final int relativeOffset;
    private final long createTimestamp;
    private final int serializedKeySize;
    private final int serializedValueSize;

    public FutureRecordMetadata(ProduceRequestResult result, int relativeOffset, long createTimestamp,
                                int serializedKeySize, int serializedValueSize) {
        this.result = result;
        this.relativeOffset = relativeOffset;
        this.createTimestamp = createTimestamp;
        this.serializedKeySize = serializedKeySize;
        this.serializedValueSize = serializedValueSize;
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        return false;
    }

    @Override
    public boolean isCancelled() {
        return false;
    }

    @Override
    public boolean isDone() {
        ProduceRequestResult.Location at = new ProduceRequestResult.Location(result, relativeOffset);
        while (at.result().completed()) {
            ProduceRequestResult.Location next = at.result().locate(at.relativeOffset());
            if (next == null) {
                return true;
            }
            at = next;
        }
        return false;
    }

    @Override
    public RecordMetadata get() throws InterruptedException, ExecutionException {
        ProduceRequestResult.Location at = new ProduceRequestResult.Location(result, relativeOffset);
        while (true) {
            at.result().await();
            ProduceRequestResult.Location next = at.result().locate(at.relativeOffset());
            if (next == null) {
                return valueOrError(at);
            }
            at = next;
        }
    }

    @Override
    public RecordMetadata get(long timeout, TimeUnit unit)
        throws InterruptedException, ExecutionException, TimeoutException {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        ProduceRequestResult.Location at = new ProduceRequestResult.Location(result, relativeOffset);
        while (true) {
            if (!at.result().await(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                throw new TimeoutException("Timeout after waiting for " + unit.toMillis(timeout) + " ms.");
            }
            ProduceRequestResult.Location next = at.result().locate(at.relativeOffset());
            if (next == null) {
                return valueOrError(at);
            }
            at = next;
        }
    }

    private RecordMetadata valueOrError(ProduceRequestResult.Location at) throws ExecutionException {
        RuntimeException error = at.result().error();
        if (error != null) {
            throw new ExecutionException(error);
        }
        return value(at.result(), at.relativeOffset());
    }

    /** This record's index in the batch it was appended to. */
    int relativeOffset() {
        return relativeOffset;
    }

    /** The metadata, assuming the batch completed (successfully or not: on error the offset is -1). */
    RecordMetadata value() {
        return value(result, relativeOffset);
    }

    private RecordMetadata value(ProduceRequestResult result, int relativeOffset) {
        long baseOffset = result.baseOffset();
        long offset = baseOffset < 0 || result.error() != null ? -1L : baseOffset + relativeOffset;
        long appendTime = result.logAppendTime();
        return new RecordMetadata(result.topicPartition(), offset, appendTime >= 0 ? appendTime : createTimestamp,
            serializedKeySize, serializedValueSize);
    }
}
