package io.zkafka.broker.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class SerialExecutorTest {
    private final ExecutorService pool = Executors.newFixedThreadPool(2);

    @AfterEach
    void stop() throws InterruptedException {
        pool.shutdownNow();
        assertTrue(pool.awaitTermination(30, TimeUnit.SECONDS));
    }

    @Test
    void shouldRunTasksInOrderAndGoOnAfterOneThrows() throws Exception {
        SerialExecutor serial = new SerialExecutor(pool);
        List<Integer> ran = new CopyOnWriteArrayList<>();
        CountDownLatch last = new CountDownLatch(1);
        serial.execute(() -> ran.add(1));
        serial.execute(() -> {
            throw new IllegalStateException("a failing task (expected in this test)");
        });
        serial.execute(() -> {
            throw new AssertionError("an Error from a task (expected in this test)");
        });
        serial.execute(() -> ran.add(4));
        serial.execute(last::countDown);
        assertTrue(last.await(30, TimeUnit.SECONDS), "the tasks after the failing ones did not run");
        assertEquals(List.of(1, 4), ran);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!serial.isIdle() && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertTrue(serial.isIdle());
        CountDownLatch again = new CountDownLatch(1);
        serial.execute(again::countDown);
        assertTrue(again.await(30, TimeUnit.SECONDS), "a task submitted after the failures did not run");
    }
}
