package io.zkafka.broker.producerid;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkafka.coordination.ProducerIdBlock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Blocks, prefetch and waiting of the producer id manager, against an in-memory block source that
 * hands out consecutive blocks of {@value #BLOCK} ids and lets the test hold a claim back.
 */
@Timeout(30)
class ProducerIdManagerTest {
    private static final int BLOCK = 10;

    private final AtomicLong clock = new AtomicLong(1_000);
    private final AtomicInteger claims = new AtomicInteger();
    private final Semaphore claimsAllowed = new Semaphore(Integer.MAX_VALUE);
    private volatile RuntimeException failNextClaim;
    private ProducerIdManager manager;

    private ProducerIdBlock claim() {
        try {
            if (!claimsAllowed.tryAcquire(20, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the test never released the claim");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        RuntimeException failure = failNextClaim;
        if (failure != null) {
            failNextClaim = null;
            throw failure;
        }
        int n = claims.getAndIncrement();
        return new ProducerIdBlock(1, (long) n * BLOCK, (long) n * BLOCK + BLOCK - 1);
    }

    private ProducerIdManager manager() {
        manager = new ProducerIdManager(this::claim, 500, clock::get);
        return manager;
    }

    @AfterEach
    void close() {
        if (manager != null) {
            manager.close();
        }
    }

    private static long get(CompletableFuture<Long> id) throws Exception {
        return id.get(10, TimeUnit.SECONDS);
    }

    @Test
    void shouldHandOutEveryIdOfEachBlockOnceInOrder() throws Exception {
        ProducerIdManager ids = manager();
        for (long expected = 0; expected < 5 * BLOCK; expected++) {
            assertEquals(expected, get(ids.generateProducerId()));
        }
    }

    @Test
    void shouldClaimTheNextBlockBeforeTheCurrentRunsOut() throws Exception {
        ProducerIdManager ids = manager();
        assertEquals(0, get(ids.generateProducerId()));
        for (int i = 1; i < BLOCK - 1; i++) {
            assertEquals(i, get(ids.generateProducerId()));
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!ids.hasNextBlock() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertTrue(ids.hasNextBlock(), "the second block was claimed while one id of the first was left");
        assertEquals(2, claims.get());
        claimsAllowed.drainPermits();
        CompletableFuture<Long> last = ids.generateProducerId();
        CompletableFuture<Long> fromPrefetched = ids.generateProducerId();
        assertTrue(last.isDone() && fromPrefetched.isDone(), "no request waits for ZooKeeper");
        assertEquals(BLOCK - 1, get(last));
        assertEquals(BLOCK, get(fromPrefetched));
    }

    @Test
    void shouldMakeRequestsWaitForTheFirstBlockWithoutBlockingTheirThread() throws Exception {
        claimsAllowed.drainPermits();
        ProducerIdManager ids = manager();
        List<CompletableFuture<Long>> waiting = new ArrayList<>();
        for (int i = 0; i < BLOCK + 3; i++) {
            waiting.add(ids.generateProducerId());
        }
        assertFalse(waiting.get(0).isDone());
        claimsAllowed.release(Integer.MAX_VALUE);
        Set<Long> got = new HashSet<>();
        for (CompletableFuture<Long> id : waiting) {
            got.add(get(id));
        }
        assertEquals(BLOCK + 3, got.size(), "every waiter gets its own id, across two blocks: " + got);
    }

    @Test
    void shouldFailWaitersWhenAClaimFailsAndClaimAgainAfterTheBackoff() throws Exception {
        failNextClaim = new IllegalStateException("ZooKeeper is unreachable");
        ProducerIdManager ids = manager();
        ExecutionException first = assertThrows(ExecutionException.class, () -> get(ids.generateProducerId()));
        assertTrue(first.getCause().getMessage().contains("unreachable"));
        assertTrue(ids.generateProducerId().isCompletedExceptionally(), "within the backoff it fails at once");
        assertEquals(0, claims.get());
        clock.addAndGet(500);
        assertEquals(0, get(ids.generateProducerId()));
    }

    @Test
    void shouldFailWhatStillWaitsWhenClosed() throws Exception {
        claimsAllowed.drainPermits();
        ProducerIdManager ids = manager();
        CompletableFuture<Long> waiting = ids.generateProducerId();
        CountDownLatch closed = new CountDownLatch(1);
        Thread closer = new Thread(() -> {
            ids.close();
            closed.countDown();
        });
        closer.start();
        assertTrue(closed.await(10, TimeUnit.SECONDS));
        assertThrows(ExecutionException.class, () -> get(waiting));
        assertTrue(ids.generateProducerId().isCompletedExceptionally());
    }
}
