package io.zkafka.clients.consumer.internals;

import io.zkafka.common.TopicPartition;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;

/**
 * Fetched data waiting for {@code poll}, in arrival order, with its size (the fetcher stops
 * fetching ahead while it exceeds the bound). Also the consumer's one place to wait: {@code poll}
 * and {@code position} sleep on {@link #awaitChange} until data or a reset arrives, {@code wakeup}
 * is called, or their time is up.
 *
 * <p>Thread-safe: the I/O thread adds, the application thread takes; every field is guarded by
 * the private {@code lock}.
 */
public final class FetchBuffer {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final ArrayDeque<CompletedFetch> fetches = new ArrayDeque<>();
    private long bufferedBytes;
    private long version;

    public void add(CompletedFetch fetch) {
        lock.lock();
        try {
            fetches.addLast(fetch);
            bufferedBytes += fetch.sizeInBytes();
            version++;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** The oldest fetch whose partition passes {@code eligible} (paused partitions keep theirs), or null. */
    public CompletedFetch peek(Predicate<TopicPartition> eligible) {
        lock.lock();
        try {
            for (CompletedFetch fetch : fetches) {
                if (eligible.test(fetch.partition)) {
                    return fetch;
                }
            }
            return null;
        } finally {
            lock.unlock();
        }
    }

    public void remove(CompletedFetch fetch) {
        lock.lock();
        try {
            if (fetches.remove(fetch)) {
                bufferedBytes -= fetch.sizeInBytes();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Drops every fetch of partitions that fail {@code keep} (unassigned ones). */
    public void retainAll(Predicate<TopicPartition> keep) {
        lock.lock();
        try {
            Iterator<CompletedFetch> it = fetches.iterator();
            while (it.hasNext()) {
                CompletedFetch fetch = it.next();
                if (!keep.test(fetch.partition)) {
                    it.remove();
                    bufferedBytes -= fetch.sizeInBytes();
                }
            }
        } finally {
            lock.unlock();
        }
    }

    public long bufferedBytes() {
        lock.lock();
        try {
            return bufferedBytes;
        } finally {
            lock.unlock();
        }
    }

    public boolean isEmpty() {
        lock.lock();
        try {
            return fetches.isEmpty();
        } finally {
            lock.unlock();
        }
    }

    /** A counter that moves on every change; pass it to {@link #awaitChange}. */
    public long version() {
        lock.lock();
        try {
            return version;
        } finally {
            lock.unlock();
        }
    }

    /** Something other than data happened (a reset completed, a fetch failed, a wakeup). */
    public void signalChange() {
        lock.lock();
        try {
            version++;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Waits up to {@code timeoutMs} until the version moves past {@code seenVersion}. */
    public void awaitChange(long seenVersion, long timeoutMs) throws InterruptedException {
        long remaining = TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        lock.lock();
        try {
            while (version == seenVersion && remaining > 0) {
                remaining = changed.awaitNanos(remaining);
            }
        } finally {
            lock.unlock();
        }
    }
}
