package io.zkafka.clients.producer.internals;

import io.zkafka.common.TopicPartition;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The outcome of one batch, shared by the futures of all its records: the base offset the broker
 * gave it (or -1), the log append time (or -1), or the error. Set once by the sender thread;
 * readers wait on the latch, whose release publishes the fields. A batch that was split instead
 * ({@link #splitInto}) hands its records on to the results of its pieces.
 */
public final class ProduceRequestResult {
    private final TopicPartition topicPartition;
    private final CountDownLatch latch = new CountDownLatch(1);
    private volatile long baseOffset = -1L;
    private volatile long logAppendTime = -1L;
    private volatile RuntimeException error;
    private volatile ProduceRequestResult[] pieces;
    private volatile int[] firstIndexes;

    public ProduceRequestResult(TopicPartition topicPartition) {
        this.topicPartition = topicPartition;
    }

    /** Records the outcome; {@link #done()} publishes it. */
    void set(long baseOffset, long logAppendTime, RuntimeException error) {
        this.baseOffset = baseOffset;
        this.logAppendTime = logAppendTime;
        this.error = error;
    }

    /**
     * The batch was split: its record {@code i} is now record {@code i - firstIndexes[k]} of
     * {@code pieces[k]}, the last piece whose first index is at most {@code i}. Publishes at once.
     */
    void splitInto(List<ProduceRequestResult> newPieces, int[] newFirstIndexes) {
        this.firstIndexes = newFirstIndexes.clone();
        this.pieces = newPieces.toArray(new ProduceRequestResult[0]);
        done();
    }

    /** Where record {@code relativeOffset} of this batch went when it was split, or null if it was not. */
    Location locate(int relativeOffset) {
        ProduceRequestResult[] split = pieces;
        if (split == null) {
            return null;
        }
        int found = Arrays.binarySearch(firstIndexes, relativeOffset);
        int piece = found >= 0 ? found : -found - 2;
        return new Location(split[piece], relativeOffset - firstIndexes[piece]);
    }

    /** A record's place: its batch's result and its index in that batch. */
    record Location(ProduceRequestResult result, int relativeOffset) {
    }

    void done() {
        latch.countDown();
    }

    public void await() throws InterruptedException {
        latch.await();
    }

    /** Waits until this batch, and every piece it was split into, completed (a flush). */
    public void awaitIncludingPieces() throws InterruptedException {
        latch.await();
        ProduceRequestResult[] split = pieces;
        if (split != null) {
            for (ProduceRequestResult piece : split) {
                piece.awaitIncludingPieces();
            }
        }
    }

    public boolean await(long timeout, TimeUnit unit) throws InterruptedException {
        return latch.await(timeout, unit);
    }

    public boolean completed() {
        return latch.getCount() == 0L;
    }

    public TopicPartition topicPartition() {
        return topicPartition;
    }

    public long baseOffset() {
        return baseOffset;
    }

    public long logAppendTime() {
        return logAppendTime;
    }

    public RuntimeException error() {
        return error;
    }
}
