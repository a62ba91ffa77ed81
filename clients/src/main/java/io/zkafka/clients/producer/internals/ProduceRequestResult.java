package io.zkafka.clients.producer.internals;

import io.zkafka.common.TopicPartition;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The outcome of one batch, shared by the futures of all its records: the base offset the broker
 * gave it (or -1), the log append time (or -1), or the error. Set once by the sender thread;
 * readers wait on the latch, whose release publishes the fields.
 */
public final class ProduceRequestResult {
    private final TopicPartition topicPartition;
    private final CountDownLatch latch = new CountDownLatch(1);
    private volatile long baseOffset = -1L;
    private volatile long logAppendTime = -1L;
    private volatile RuntimeException error;

    public ProduceRequestResult(TopicPartition topicPartition) {
        this.topicPartition = topicPartition;
    }

    /** Records the outcome; {@link #done()} publishes it. */
    void set(long baseOffset, long logAppendTime, RuntimeException error) {
        this.baseOffset = baseOffset;
        this.logAppendTime = logAppendTime;
        this.error = error;
    }

    void done() {
        latch.countDown();
    }

    public void await() throws InterruptedException {
        latch.await();
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
