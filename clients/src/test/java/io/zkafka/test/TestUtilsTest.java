package io.zkafka.test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class TestUtilsTest {
    private static final Duration LONG = Duration.ofSeconds(30);

    @Test
    void shouldReturnOnceTheConditionHolds() {
        AtomicInteger checks = new AtomicInteger();
        TestUtils.waitForCondition(() -> checks.incrementAndGet() == 5, LONG, "the fifth check");
        assertEquals(5, checks.get());
    }

    @Test
    void shouldFailWithTheMessageAfterTheTimeout() {
        long started = System.nanoTime();
        AssertionError failure = assertThrows(AssertionError.class,
            () -> TestUtils.waitForCondition(() -> false, Duration.ofMillis(200), () -> "the impossible"));
        assertTrue(System.nanoTime() - started >= Duration.ofMillis(200).toNanos());
        assertEquals("Condition not met within 200 ms: the impossible", failure.getMessage());
    }

    @Test
    void shouldFailAtOnceWhenInterruptedAndKeepTheFlag() {
        Thread.currentThread().interrupt();
        try {
            AssertionError failure = assertThrows(AssertionError.class,
                () -> TestUtils.waitForCondition(() -> false, LONG, "never"));
            assertTrue(failure.getMessage().startsWith("Interrupted while waiting"), failure.getMessage());
            assertTrue(Thread.currentThread().isInterrupted());
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void shouldRetryAssertionsUntilTheyPass() {
        AtomicInteger attempts = new AtomicInteger();
        TestUtils.retryUntilPassing(LONG, () -> assertEquals(3, attempts.incrementAndGet()));
        assertEquals(3, attempts.get());
    }

    @Test
    void shouldRethrowTheLastAssertionFailureAfterTheTimeout() {
        AtomicInteger attempts = new AtomicInteger();
        AssertionError failure = assertThrows(AssertionError.class, () -> TestUtils.retryUntilPassing(
            Duration.ofMillis(200), () -> assertEquals(-1, attempts.incrementAndGet(), "attempt")));
        assertTrue(failure.getMessage().startsWith("Assertions still failing after 200 ms: attempt"),
            failure.getMessage());
        assertTrue(failure.getCause().getMessage().contains("but was: <" + attempts.get() + ">"),
            failure.getCause().getMessage());
    }

    @Test
    void shouldStopRetryingOnAnythingButAnAssertionFailure() {
        AtomicInteger attempts = new AtomicInteger();
        IllegalStateException bug = new IllegalStateException("a bug, not a state to wait out");
        assertSame(bug, assertThrows(IllegalStateException.class, () -> TestUtils.retryUntilPassing(LONG, () -> {
            attempts.incrementAndGet();
            throw bug;
        })));
        AssertionError checked = assertThrows(AssertionError.class, () -> TestUtils.retryUntilPassing(LONG, () -> {
            attempts.incrementAndGet();
            throw new IOException("disk gone");
        }));
        assertTrue(checked.getCause() instanceof IOException, String.valueOf(checked.getCause()));
        assertEquals(2, attempts.get());
    }
}
