package io.zkafka.broker.group;

import io.zkafka.common.utils.Time;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The broker's {@link CoordinatorScheduler}: one named thread ({@code zkafka-group-coordinator},
 * {@code zkafka-txn-coordinator}), reading the time from an injected {@link Time}. A task that
 * throws is logged and does not stop the thread; once closed, new tasks are dropped. Thread-safe.
 */
public final class CoordinatorThread implements CoordinatorScheduler {
    private static final Logger log = LoggerFactory.getLogger(CoordinatorThread.class);
    private static final Cancellable DROPPED = () -> { };

    private final Time time;
    private final ScheduledThreadPoolExecutor executor;

    CoordinatorThread(Time time) {
        this(time, "zkafka-group-coordinator");
    }

    public CoordinatorThread(Time time, String threadName) {
        this.time = time;
        this.executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
        // session timers are replaced on every heartbeat: do not keep the cancelled ones queued
        executor.setRemoveOnCancelPolicy(true);
    }

    @Override
    public long milliseconds() {
        return time.milliseconds();
    }

    @Override
    public Cancellable schedule(long delayMs, Runnable task) {
        try {
            ScheduledFuture<?> future = executor.schedule(logged(task), delayMs, TimeUnit.MILLISECONDS);
            return () -> future.cancel(false);
        } catch (RejectedExecutionException e) {
            return DROPPED; // closing
        }
    }

    @Override
    public void scheduleWithFixedDelay(long intervalMs, Runnable task) {
        try {
            executor.scheduleWithFixedDelay(logged(task), intervalMs, intervalMs, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // closing
        }
    }

    @Override
    public void execute(Runnable task) {
        try {
            executor.execute(logged(task));
        } catch (RejectedExecutionException e) {
            // closing
        }
    }

    private static Runnable logged(Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                log.error("A coordinator task failed on {}", Thread.currentThread().getName(), e);
            }
        };
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
