package io.zkafka.clients.producer.internals;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkafka.common.errors.TimeoutException;
import io.zkafka.test.TestUtils;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class BufferPoolTest {

    @Test
    void shouldReuseBuffersOfThePoolableSize() throws Exception {
        BufferPool pool = new BufferPool(4096, 1024);
        ByteBuffer first = pool.allocate(1024, 0);
        first.put((byte) 7);
        pool.deallocate(first);
        ByteBuffer second = pool.allocate(1024, 0);
        assertSame(first, second);
        assertEquals(0, second.position(), "a reused buffer comes back cleared");
        assertEquals(3072, pool.availableMemory());
    }

    @Test
    void shouldGiveBackMemoryOfOddSizedBuffersWithoutPoolingThem() throws Exception {
        BufferPool pool = new BufferPool(4096, 1024);
        ByteBuffer big = pool.allocate(3000, 0);
        assertEquals(1096, pool.availableMemory());
        pool.deallocate(big);
        assertEquals(4096, pool.availableMemory());
    }

    @Test
    void shouldTimeOutWithAMessageNamingTheLimitWhenMemoryStaysFull() throws Exception {
        BufferPool pool = new BufferPool(2048, 1024);
        pool.allocate(1024, 0);
        pool.allocate(1024, 0);
        long start = System.nanoTime();
        TimeoutException e = assertThrows(TimeoutException.class, () -> pool.allocate(1024, 50));
        assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(50));
        assertTrue(e.getMessage().contains("max blocking time 50 ms"), e.getMessage());
        assertEquals(0, pool.queued());
    }

    @Test
    void shouldHandMemoryToABlockedCallerWhenABufferComesBack() throws Exception {
        BufferPool pool = new BufferPool(2048, 1024);
        ByteBuffer a = pool.allocate(1024, 0);
        pool.allocate(1024, 0);
        CompletableFuture<ByteBuffer> blocked = CompletableFuture.supplyAsync(() -> {
            try {
                return pool.allocate(1024, 10_000);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        TestUtils.waitForCondition(() -> pool.queued() == 1, Duration.ofSeconds(10), "the caller blocks");
        pool.deallocate(a);
        assertSame(a, blocked.get(10, TimeUnit.SECONDS));
    }

    @Test
    void shouldRefuseAnAllocationLargerThanTheWholePool() {
        BufferPool pool = new BufferPool(1000, 100);
        assertThrows(IllegalArgumentException.class, () -> pool.allocate(1001, 0));
    }

    @Test
    void shouldFailBlockedCallersWhenClosed() throws Exception {
        BufferPool pool = new BufferPool(1024, 1024);
        pool.allocate(1024, 0);
        CompletableFuture<Throwable> blocked = CompletableFuture.supplyAsync(() -> {
            try {
                pool.allocate(1024, 10_000);
                return null;
            } catch (Throwable t) {
                return t;
            }
        });
        TestUtils.waitForCondition(() -> pool.queued() == 1, Duration.ofSeconds(10), "the caller blocks");
        pool.close();
        assertTrue(blocked.get(10, TimeUnit.SECONDS) instanceof IllegalStateException);
    }
}
