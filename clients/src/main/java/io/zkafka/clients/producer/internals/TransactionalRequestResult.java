package io.zkafka.clients.producer.internals;

import io.zkafka.common.KafkaException;
import io.zkafka.common.errors.InterruptException;
import io.zkafka.common.errors.TimeoutException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The outcome of one transactional operation (initTransactions, sendOffsetsToTransaction, a commit,
 * an abort) that the application thread waits for while the sender thread carries it out. Set once;
 * the latch publishes it. A wait that times out leaves the operation running: calling the same API
 * again waits for the same result, as Kafka's producer does. Thread-safe.
 */
public final class TransactionalRequestResult {
    private final String operation;
    private final CountDownLatch latch = new CountDownLatch(1);
    private volatile RuntimeException error;

    TransactionalRequestResult(String operation) {
        this.operation = operation;
    }

    void done() {
        latch.countDown();
    }

    void fail(RuntimeException cause) {
        if (latch.getCount() > 0) {
            this.error = cause;
            latch.countDown();
        }
    }

    public boolean isCompleted() {
        return latch.getCount() == 0;
    }

    public boolean isSuccessful() {
        return isCompleted() && error == null;
    }

    public String operation() {
        return operation;
    }

    /**
     * Waits up to {@code timeoutMs} and throws the operation's error, if it failed: as it is when it
     * is a {@link KafkaException}, else wrapped in one.
     *
     * @throws TimeoutException if the operation did not finish in time (it goes on)
     * @throws InterruptException if the waiting thread is interrupted
     */
    public void await(long timeoutMs) {
        try {
            if (!latch.await(timeoutMs, TimeUnit.MILLISECONDS)) {
                throw new TimeoutException("Timeout expired after " + timeoutMs + "ms while awaiting " + operation);
            }
        } catch (InterruptedException e) {
            throw new InterruptException("Received interrupt while awaiting " + operation, e);
        }
        RuntimeException failed = error;
        if (failed != null) {
            throw failed instanceof KafkaException ? failed : new KafkaException(operation + " failed: " + failed, failed);
        }
    }
}
