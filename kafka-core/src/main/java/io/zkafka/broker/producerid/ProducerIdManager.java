package io.zkafka.broker.producerid;

import io.zkafka.coordination.ProducerIdBlock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands out producer ids on this broker from blocks it reserves ({@link BlockSource}: in ZooKeeper,
 * {@code /latest_producer_id_block}). Ids come from the current block without any I/O; once at most
 * {@value #PREFETCH_PERCENT}% of it is left, the next block is claimed in the background, so a
 * request normally never waits for ZooKeeper. Only when a block runs out before the next one
 * arrived (or at the first request) does a request wait, as a future, never a blocked thread. A
 * failed claim fails the waiting requests, and for {@code retryBackoffMs} new ones at once, after
 * which the next request claims again.
 *
 * <p>Thread-safe: the blocks, the waiters and the claim in flight are guarded by the private
 * {@code lock}; claims run on one daemon thread, {@code zkafka-producer-id-blocks}, which completes
 * waiting futures (outside the lock). Lifecycle: usable from construction, {@link #close()} fails
 * whatever still waits.
 */
public final class ProducerIdManager implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ProducerIdManager.class);
    static final int PREFETCH_PERCENT = 10;

    /** Where blocks come from: one blocking claim of the next block for this broker. */
    @FunctionalInterface
    public interface BlockSource {
        ProducerIdBlock claimNextBlock();
    }

    private final BlockSource source;
    private final long retryBackoffMs;
    private final LongSupplier clock;
    private final ExecutorService claimer = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "zkafka-producer-id-blocks");
        thread.setDaemon(true);
        return thread;
    });
    private final Object lock = new Object();
    private final Deque<CompletableFuture<Long>> waiters = new ArrayDeque<>();
    private ProducerIdBlock current;
    private long nextId;
    private ProducerIdBlock prefetched;
    private boolean claiming;
    private RuntimeException lastFailure;
    private long lastFailureMs;
    private boolean closed;

    public ProducerIdManager(BlockSource source, long retryBackoffMs, LongSupplier clock) {
        this.source = source;
        this.retryBackoffMs = retryBackoffMs;
        this.clock = clock;
    }

    /** The next unused producer id; completes at once unless a block must be claimed first. */
    public CompletableFuture<Long> generateProducerId() {
        synchronized (lock) {
            if (closed) {
                return CompletableFuture.failedFuture(new IllegalStateException("The producer id manager is closed"));
            }
            long id = takeLocked();
            if (id >= 0) {
                return CompletableFuture.completedFuture(id);
            }
            if (!claiming && lastFailure != null && clock.getAsLong() - lastFailureMs < retryBackoffMs) {
                return CompletableFuture.failedFuture(lastFailure);
            }
            CompletableFuture<Long> waiter = new CompletableFuture<>();
            waiters.addLast(waiter);
            startClaimLocked();
            return waiter;
        }
    }

    /** An id from the current or the prefetched block, or -1; prefetches when the current runs low. */
    private long takeLocked() {
        if (current == null || nextId > current.lastProducerId()) {
            if (prefetched == null) {
                return -1;
            }
            current = prefetched;
            prefetched = null;
            nextId = current.firstProducerId();
        }
        long id = nextId++;
        long left = current.lastProducerId() - id;
        if (prefetched == null && left * 100 <= current.size() * PREFETCH_PERCENT) {
            startClaimLocked();
        }
        return id;
    }

    private void startClaimLocked() {
        if (claiming || closed) {
            return;
        }
        claiming = true;
        claimer.execute(this::claim);
    }

    private void claim() {
        ProducerIdBlock block = null;
        RuntimeException failure = null;
        try {
            block = source.claimNextBlock();
            LOG.info("Claimed producer ids {} to {}", block.firstProducerId(), block.lastProducerId());
        } catch (RuntimeException e) {
            LOG.warn("Could not claim a block of producer ids: {}", e.getMessage());
            failure = e;
        }
        List<CompletableFuture<Long>> served = new ArrayList<>();
        List<Long> ids = new ArrayList<>();
        List<CompletableFuture<Long>> failed = new ArrayList<>();
        synchronized (lock) {
            claiming = false;
            if (failure != null) {
                lastFailure = failure;
                lastFailureMs = clock.getAsLong();
                failed.addAll(waiters);
                waiters.clear();
            } else {
                lastFailure = null;
                prefetched = block;
                while (!waiters.isEmpty()) {
                    long id = takeLocked();
                    if (id < 0) {
                        startClaimLocked();
                        break;
                    }
                    served.add(waiters.pollFirst());
                    ids.add(id);
                }
            }
        }
        for (int i = 0; i < served.size(); i++) {
            served.get(i).complete(ids.get(i));
        }
        for (CompletableFuture<Long> waiter : failed) {
            waiter.completeExceptionally(failure);
        }
    }

    /** Whether the next block is already claimed (for tests). */
    boolean hasNextBlock() {
        synchronized (lock) {
            return prefetched != null;
        }
    }

    /** Stops claiming; requests still waiting for a block fail. Idempotent. */
    @Override
    public void close() {
        List<CompletableFuture<Long>> pending;
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            pending = new ArrayList<>(waiters);
            waiters.clear();
        }
        claimer.shutdownNow();
        try {
            claimer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        pending.forEach(w -> w.completeExceptionally(new IllegalStateException("The broker is shutting down")));
    }
}
