package io.zkafka.broker.purgatory;

import io.zkafka.common.utils.Time;
import java.util.Comparator;
import java.util.PriorityQueue;

/**
 * A clock and timeout scheduler that move only when a test calls {@link #advance}: due tasks then
 * run on the test's thread, in deadline order. Thread-safe (tasks may be scheduled from any thread).
 */
public final class ManualTimer implements Time, TimeoutScheduler {
    private final Object lock = new Object();
    private final PriorityQueue<Task> tasks = new PriorityQueue<>(Comparator.comparingLong((Task t) -> t.dueMs)
        .thenComparingLong(t -> t.sequence));
    private long nowMs;
    private long sequence;

    private static final class Task implements Cancellable {
        final long dueMs;
        final long sequence;
        final Runnable action;
        volatile boolean cancelled;

        Task(long dueMs, long sequence, Runnable action) {
            this.dueMs = dueMs;
            this.sequence = sequence;
            this.action = action;
        }

        @Override
        public void cancel() {
            cancelled = true;
        }
    }

    public ManualTimer(long startMs) {
        this.nowMs = startMs;
    }

    @Override
    public long milliseconds() {
        synchronized (lock) {
            return nowMs;
        }
    }

    @Override
    public long nanoseconds() {
        return milliseconds() * 1_000_000L;
    }

    @Override
    public Cancellable schedule(Runnable task, long delayMs) {
        synchronized (lock) {
            Task scheduled = new Task(nowMs + delayMs, sequence++, task);
            tasks.add(scheduled);
            return scheduled;
        }
    }

    /** Moves the clock by {@code ms} and runs every task that became due, cancelled ones excepted. */
    public void advance(long ms) {
        long target;
        synchronized (lock) {
            target = nowMs + ms;
        }
        while (true) {
            Task next;
            synchronized (lock) {
                next = tasks.peek();
                if (next == null || next.dueMs > target) {
                    nowMs = target;
                    return;
                }
                tasks.poll();
                nowMs = Math.max(nowMs, next.dueMs);
            }
            if (!next.cancelled) {
                next.action.run();
            }
        }
    }

    /** Tasks scheduled and neither run nor cancelled. */
    public int pending() {
        synchronized (lock) {
            return (int) tasks.stream().filter(task -> !task.cancelled).count();
        }
    }
}
