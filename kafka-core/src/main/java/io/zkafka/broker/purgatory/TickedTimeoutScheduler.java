package io.zkafka.broker.purgatory;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Timeouts grouped by the tick they fall due in: one executor task per tick that has timeouts, not
 * one per timeout. A broker schedules a timeout for every parked fetch and every acks=all produce,
 * thousands a second, and nearly all are cancelled long before they are due. With a task each, the
 * timer thread woke for every one of them (to skip it when due, or because the newest became the
 * earliest), competing for the CPU with the requests themselves; here a timeout joins its tick's
 * bucket, a cancelled one leaves it at once, and the timer thread wakes at most once per tick. A
 * timeout runs at the end of its tick, never early: ticks are 1 ms for delays below
 * {@value #COARSE_FROM_MS} ms and {@value #COARSE_TICK_MS} ms from there (at most 10% late).
 *
 * <p>Thread-safe: each bucket's entries are under the bucket's monitor; the buckets of ticks not yet
 * run are in a concurrent map. A bucket that has run takes no more entries: a timeout scheduled into
 * it at that moment goes into a fresh bucket for the same tick, which is due at once.
 */
final class TickedTimeoutScheduler implements TimeoutScheduler {
    private static final Logger log = LoggerFactory.getLogger(TickedTimeoutScheduler.class);
    static final long COARSE_FROM_MS = 100;
    static final long COARSE_TICK_MS = 10;
    private static final long FINE_TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final long COARSE_TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(COARSE_TICK_MS);

    private final ScheduledExecutorService executor;
    /** By the end of their tick, in {@code System.nanoTime()}: a coarse tick's end is also a fine tick's. */
    private final ConcurrentHashMap<Long, Bucket> buckets = new ConcurrentHashMap<>();

    TickedTimeoutScheduler(ScheduledExecutorService executor) {
        this.executor = executor;
    }

    @Override
    public Cancellable schedule(Runnable task, long delayMs) {
        long delay = Math.max(0, delayMs);
        long dueNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(delay);
        long tickNanos = delay < COARSE_FROM_MS ? FINE_TICK_NANOS : COARSE_TICK_NANOS;
        long tick = (Math.floorDiv(dueNanos, tickNanos) + 1) * tickNanos;
        Entry entry = new Entry(task);
        while (true) {
            Bucket bucket = buckets.computeIfAbsent(tick, this::newBucket);
            if (bucket.add(entry)) {
                return entry;
            }
            buckets.remove(tick, bucket);
        }
    }

    /** Buckets waiting for their tick (for tests). */
    int pendingBuckets() {
        return buckets.size();
    }

    private Bucket newBucket(long tick) {
        Bucket bucket = new Bucket(tick);
        long delayNanos = Math.max(0, tick - System.nanoTime());
        executor.schedule(bucket::expire, delayNanos, TimeUnit.NANOSECONDS);
        return bucket;
    }

    private final class Bucket {
        private final long tick;
        private final Set<Entry> entries = new LinkedHashSet<>();
        private boolean expired;

        Bucket(long tick) {
            this.tick = tick;
        }

        synchronized boolean add(Entry entry) {
            if (expired) {
                return false;
            }
            entries.add(entry);
            entry.bucket = this;
            return true;
        }

        synchronized void remove(Entry entry) {
            entries.remove(entry);
        }

        void expire() {
            List<Entry> due;
            synchronized (this) {
                expired = true;
                due = new ArrayList<>(entries);
                entries.clear();
            }
            buckets.remove(tick, this);
            for (Entry entry : due) {
                // a timeout that fails must not cost the others of its tick their run (a parked
                // request whose timeout is skipped would wait for an answer that never comes)
                try {
                    entry.run();
                } catch (RuntimeException e) {
                    log.error("A timeout failed; the others due with it still run", e);
                }
            }
        }
    }

    private static final class Entry implements Cancellable {
        /** Null once run or cancelled: a cancelled timeout lets go of its action at once. */
        private Runnable task;
        private volatile Bucket bucket;

        Entry(Runnable task) {
            this.task = task;
        }

        @Override
        public void cancel() {
            Bucket home;
            synchronized (this) {
                task = null;
                home = bucket;
            }
            if (home != null) {
                home.remove(this);
            }
        }

        void run() {
            Runnable due;
            synchronized (this) {
                due = task;
                task = null;
            }
            if (due != null) {
                due.run();
            }
        }
    }
}
