package io.zkafka.broker.purgatory;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

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
     * A scheduler over {@code executor}'s thread. A cancelled task lets go of its action at once: a
     * scheduled executor keeps cancelled tasks queued until they are due, and a completed acks=all
     * produce must not stay reachable for its whole request timeout.
     */
    static TimeoutScheduler of(ScheduledExecutorService executor) {
        return (task, delayMs) -> {
            AtomicReference<Runnable> action = new AtomicReference<>(task);
            ScheduledFuture<?> future = executor.schedule(() -> {
                Runnable due = action.getAndSet(null);
                if (due != null) {
                    due.run();
                }
            }, delayMs, TimeUnit.MILLISECONDS);
            return () -> {
                action.set(null);
                future.cancel(false);
            };
        };
    }
}
