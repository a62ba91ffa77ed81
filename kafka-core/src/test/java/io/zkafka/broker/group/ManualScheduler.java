package io.zkafka.broker.group;

import java.util.Comparator;
import java.util.PriorityQueue;

/**
 * A {@link CoordinatorScheduler} a unit test drives: time stands still until {@link #advance},
 * which moves it forward and runs every task falling due on the way, in time order (ties in the
 * order they were scheduled), each at its own due time, on the calling thread. Tasks handed to
 * {@link #execute} are due at once and run on the next {@link #advance} (of 0 ms, too). A task
 * that throws fails the test's call. Confined to the test's thread.
 */
public final class ManualScheduler implements CoordinatorScheduler {
    private static final class Task {
        final long dueMs;
        final long sequence;
        final Runnable body;
        final long periodMs;
        boolean cancelled;

        Task(long dueMs, long sequence, Runnable body, long periodMs) {
            this.dueMs = dueMs;
            this.sequence = sequence;
            this.body = body;
            this.periodMs = periodMs;
        }
    }

    private final PriorityQueue<Task> tasks = new PriorityQueue<>(
        Comparator.<Task>comparingLong(t -> t.dueMs).thenComparingLong(t -> t.sequence));
    private long nowMs;
    private long sequence;
    private boolean closed;

    public ManualScheduler(long startMs) {
        this.nowMs = startMs;
    }

    @Override
    public long milliseconds() {
        return nowMs;
    }

    @Override
    public Cancellable schedule(long delayMs, Runnable task) {
        Task scheduled = add(Math.max(0, delayMs), task, 0);
        return () -> scheduled.cancelled = true;
    }

    @Override
    public void scheduleWithFixedDelay(long intervalMs, Runnable task) {
        add(intervalMs, task, intervalMs);
    }

    @Override
    public void execute(Runnable task) {
        add(0, task, 0);
    }

    private Task add(long delayMs, Runnable body, long periodMs) {
        Task task = new Task(nowMs + delayMs, sequence++, body, periodMs);
        if (!closed) {
            tasks.add(task);
        }
        return task;
    }

    /** Moves time {@code ms} forward, running what falls due on the way. */
    public void advance(long ms) {
        long target = nowMs + ms;
        for (Task next = tasks.peek(); next != null && next.dueMs <= target; next = tasks.peek()) {
            tasks.poll();
            if (next.cancelled) {
                continue;
            }
            nowMs = next.dueMs;
            next.body.run();
            if (next.periodMs > 0) {
                add(next.periodMs, next.body, next.periodMs);
            }
        }
        nowMs = target;
    }

    /** The tasks waiting to run (not cancelled). */
    public int pending() {
        return (int) tasks.stream().filter(t -> !t.cancelled).count();
    }

    @Override
    public void close() {
        closed = true;
        tasks.clear();
    }
}
