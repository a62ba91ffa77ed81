package io.zkafka.clients.consumer.internals;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkafka.common.errors.TimeoutException;
import io.zkafka.common.errors.WakeupException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The coordinator's waits end at their deadline, on their future, or on a wakeup, without a network. */
class CoordinatorChannelTest {
    private final WakeupTrigger wakeup = new WakeupTrigger();
    private final CoordinatorChannel channel = new CoordinatorChannel("g", null, null, wakeup, 1000, 10_000);
    private final ScheduledExecutorService other = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void stop() {
        other.shutdownNow();
    }

    @Test
    void shouldReturnTheAnswerOnceTheFutureCompletes() {
        CompletableFuture<String> future = new CompletableFuture<>();
        other.schedule(() -> future.complete("answer"), 50, TimeUnit.MILLISECONDS);
        assertEquals("answer", channel.await(future, System.currentTimeMillis() + 10_000, "test"));
    }

    @Test
    void shouldEndAWaitWithWakeupExceptionWhenAnotherThreadWakesIt() {
        other.schedule(wakeup::wakeup, 100, TimeUnit.MILLISECONDS);
        long start = System.nanoTime();
        assertThrows(WakeupException.class, () -> channel.await(new CompletableFuture<>(),
            System.currentTimeMillis() + 30_000, "test"));
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(10));
        // one wakeup, one exception: the next wait runs normally
        assertEquals("x", channel.await(CompletableFuture.completedFuture("x"), System.currentTimeMillis() + 1000,
            "test"));
    }

    @Test
    void shouldEndABackoffOnWakeup() {
        other.schedule(wakeup::wakeup, 100, TimeUnit.MILLISECONDS);
        long start = System.nanoTime();
        assertThrows(WakeupException.class, () -> channel.backoff(System.currentTimeMillis() + 30_000));
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(5), "the 10 s backoff was not cut short");
    }

    @Test
    void shouldThrowATimeoutAtTheDeadline() {
        assertThrows(TimeoutException.class, () -> channel.await(new CompletableFuture<>(),
            System.currentTimeMillis() + 50, "test"));
    }

    @Test
    void shouldRethrowTheFuturesFailure() {
        CompletableFuture<String> failed = CompletableFuture.failedFuture(new IllegalStateException("broken"));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> channel.await(failed,
            System.currentTimeMillis() + 1000, "test"));
        assertEquals("broken", e.getMessage());
    }
}
