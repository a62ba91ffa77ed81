package io.zkafka.clients.producer.internals;

import io.zkafka.common.errors.TimeoutException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The producer's {@code buffer.memory}: batch buffers are taken from it and given back, so memory
 * stays bounded and buffers of the common size ({@code batch.size}) are reused instead of
 * reallocated. A caller that finds too little memory waits, first come first served, up to its
 * deadline ({@code max.block.ms}), then gets a {@link TimeoutException}.
 *
 * <p>Thread-safe: every field is guarded by the private {@code lock}.
 */
public final class BufferPool {
    private final long totalMemory;
    private final int poolableSize;
    private final ReentrantLock lock = new ReentrantLock();
    private final ArrayDeque<ByteBuffer> free = new ArrayDeque<>();
    private final ArrayDeque<Condition> waiters = new ArrayDeque<>();
    /** Memory neither handed out nor held in {@link #free}. */
    private long nonPooledAvailableMemory;
    private boolean closed;

    public BufferPool(long totalMemory, int poolableSize) {
        this.totalMemory = totalMemory;
        this.poolableSize = poolableSize;
        this.nonPooledAvailableMemory = totalMemory;
    }

    /**
     * A cleared heap buffer of exactly {@code size} bytes, waiting up to {@code maxTimeToBlockMs}
     * for memory.
     *
     * @throws IllegalArgumentException if {@code size} exceeds the whole pool
     * @throws TimeoutException if the memory did not become free in time
     * @throws IllegalStateException if the pool was closed while waiting
     */
    public ByteBuffer allocate(int size, long maxTimeToBlockMs) throws InterruptedException {
        if (size > totalMemory) {
            throw new IllegalArgumentException("Attempt to allocate " + size + " bytes, but there is a hard limit of "
                + totalMemory + " on memory allocations (buffer.memory).");
        }
        ByteBuffer pooled;
        lock.lock();
        try {
            if (closed) {
                throw new IllegalStateException("Producer closed while allocating memory");
            }
            pooled = waiters.isEmpty() ? takeIfAvailable(size) : null;
            if (pooled == null && !(waiters.isEmpty() && reserveIfAvailable(size))) {
                pooled = awaitMemory(size, maxTimeToBlockMs);
            }
        } finally {
            lock.unlock();
        }
        // a fresh buffer is zeroed outside the lock, so other threads are not held up by it
        return pooled != null ? pooled : ByteBuffer.allocate(size);
    }

    /** Waits for this caller's turn and enough memory; returns a pooled buffer, or null after reserving memory. */
    private ByteBuffer awaitMemory(int size, long maxTimeToBlockMs) throws InterruptedException {
        Condition turn = lock.newCondition();
        waiters.addLast(turn);
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(maxTimeToBlockMs);
        try {
            while (true) {
                if (closed) {
                    throw new IllegalStateException("Producer closed while allocating memory");
                }
                if (waiters.peekFirst() == turn) {
                    ByteBuffer pooled = takeIfAvailable(size);
                    if (pooled != null) {
                        return pooled;
                    }
                    if (reserveIfAvailable(size)) {
                        return null;
                    }
                }
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0) {
                    throw new TimeoutException("Failed to allocate " + size + " bytes within the configured max "
                        + "blocking time " + maxTimeToBlockMs + " ms. Total memory: " + totalMemory
                        + " bytes. Available memory: " + availableMemoryLocked() + " bytes. Poolable size: "
                        + poolableSize + " bytes");
                }
                turn.awaitNanos(remaining);
            }
        } finally {
            waiters.remove(turn);
            Condition next = waiters.peekFirst();
            if (next != null) {
                next.signal();
            }
        }
    }

    private ByteBuffer takeIfAvailable(int size) {
        if (size == poolableSize && !free.isEmpty()) {
            return free.pollFirst();
        }
        return null;
    }

    /** Reserves {@code size} bytes of unpooled memory, dropping pooled buffers to make room. */
    private boolean reserveIfAvailable(int size) {
        if (nonPooledAvailableMemory + (long) free.size() * poolableSize < size) {
            return false;
        }
        while (nonPooledAvailableMemory < size) {
            free.pollLast();
            nonPooledAvailableMemory += poolableSize;
        }
        nonPooledAvailableMemory -= size;
        return true;
    }

    /** Gives a buffer back; one of the poolable size is kept for reuse. */
    public void deallocate(ByteBuffer buffer) {
        lock.lock();
        try {
            if (buffer.capacity() == poolableSize) {
                buffer.clear();
                free.addLast(buffer);
            } else {
                nonPooledAvailableMemory += buffer.capacity();
            }
            Condition next = waiters.peekFirst();
            if (next != null) {
                next.signal();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Memory not handed out, pooled buffers included. */
    public long availableMemory() {
        lock.lock();
        try {
            return availableMemoryLocked();
        } finally {
            lock.unlock();
        }
    }

    private long availableMemoryLocked() {
        return nonPooledAvailableMemory + (long) free.size() * poolableSize;
    }

    /** Threads waiting for memory: while any wait, the sender sends batches that are not full yet. */
    public int queued() {
        lock.lock();
        try {
            return waiters.size();
        } finally {
            lock.unlock();
        }
    }

    public int poolableSize() {
        return poolableSize;
    }

    public long totalMemory() {
        return totalMemory;
    }

    /** Wakes every waiter, which then fails: the producer is closing. */
    public void close() {
        lock.lock();
        try {
            closed = true;
            waiters.forEach(Condition::signal);
        } finally {
            lock.unlock();
        }
    }
}
