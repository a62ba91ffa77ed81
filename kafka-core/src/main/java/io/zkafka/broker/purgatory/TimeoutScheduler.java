package io.zkafka.broker.purgatory;

import java.util.concurrent.ScheduledExecutorService;

/**
 * Runs a task once after a delay, cancellably: what a {@link Purgatory} expires its operations with.
 * The broker's is a scheduled executor ({@link #of}); tests drive one by hand with their clock.
 */
@FunctionalInterface
public interface TimeoutScheduler {

    /** A scheduled task that may still be called off. */
    @FunctionalInterface
    interface Cancellable {
        /** Does nothing when the task has run or was cancelled already. */
        void cancel();
    }

    /** Runs {@code task} once {@code delayMs} have passed, on the scheduler's thread. */
    Cancellable schedule(Runnable task, long delayMs);

    /**
     * A scheduler over {@code executor}'s thread that wakes it once per tick with timeouts, however
     * many there are ({@link TickedTimeoutScheduler}). A cancelled task lets go of its action at once:
     * a completed acks=all produce must not stay reachable for its whole request timeout.
     */
    static TimeoutScheduler of(ScheduledExecutorService executor) {
        return new TickedTimeoutScheduler(executor);
    }
}
