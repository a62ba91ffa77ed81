package io.zkafka.broker.group;

/**
 * A coordinator's clock and its one thread: the time every decision reads, the timers (session
 * expiry, join phases, transaction timeouts, periodic work) and the tasks handed to that thread.
 * Injected, so that a test drives time and runs the timers itself ({@code ManualScheduler} in the
 * test sources); the broker's is a {@link CoordinatorThread}. The group coordinator and the
 * transaction coordinator ({@code broker.txn}) each have one.
 */
public interface CoordinatorScheduler extends AutoCloseable {
    /** A scheduled task that may be called off. */
    @FunctionalInterface
    interface Cancellable {
        /** Calls the task off if it has not started; a no-op afterwards. */
        void cancel();
    }

    /** The current time in milliseconds since the epoch. */
    long milliseconds();

    /** Runs {@code task} on the coordinator thread once, {@code delayMs} from now. */
    Cancellable schedule(long delayMs, Runnable task);

    /** Runs {@code task} on the coordinator thread every {@code intervalMs}, first one interval from now. */
    void scheduleWithFixedDelay(long intervalMs, Runnable task);

    /** Runs {@code task} on the coordinator thread soon. */
    void execute(Runnable task);

    /** Stops the thread; tasks not started are dropped, and later ones too. */
    @Override
    void close();
}
