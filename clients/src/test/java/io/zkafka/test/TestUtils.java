package io.zkafka.test;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.junit.jupiter.api.function.Executable;

/**
 * Waiting on conditions with deadlines, for the tests of every module (published in the clients
 * module's {@code tests} jar): tests never sleep and hope. A condition is checked at once, then after
 * pauses that double from 1 ms up to {@value #MAX_PAUSE_MS} ms, so a quick condition is seen quickly
 * and a slow one (a tool run, a ZooKeeper round trip) is not hammered. Stateless.
 */
public final class TestUtils {
    static final long MAX_PAUSE_MS = 100;

    private TestUtils() {
    }

    /**
     * Checks {@code condition} until it holds; fails with {@code message} once {@code timeout} has
     * passed, or when the waiting thread is interrupted (the interrupt flag stays set). An exception
     * thrown by the condition ends the wait at once.
     */
    public static void waitForCondition(BooleanSupplier condition, Duration timeout, Supplier<String> message) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long pauseMs = 1;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("Condition not met within " + timeout.toMillis() + " ms: " + message.get());
            }
            pause(pauseMs, message);
            pauseMs = Math.min(MAX_PAUSE_MS, pauseMs * 2);
        }
    }

    /** {@link #waitForCondition(BooleanSupplier, Duration, Supplier)} with a fixed message. */
    public static void waitForCondition(BooleanSupplier condition, Duration timeout, String message) {
        waitForCondition(condition, timeout, () -> message);
    }

    /**
     * Runs {@code assertions} until they pass, for a condition best said with assertions (their
     * messages then tell what was last seen). Only an {@link AssertionError} means "not yet": any other
     * exception ends the wait at once. After {@code timeout} the last assertion failure is rethrown,
     * wrapped in one that names the timeout.
     */
    public static void retryUntilPassing(Duration timeout, Executable assertions) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long pauseMs = 1;
        while (true) {
            AssertionError failure;
            try {
                assertions.execute();
                return;
            } catch (AssertionError e) {
                failure = e;
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Throwable e) {
                throw new AssertionError("Assertions threw " + e, e);
            }
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("Assertions still failing after " + timeout.toMillis() + " ms: "
                    + failure.getMessage(), failure);
            }
            AssertionError last = failure;
            pause(pauseMs, last::getMessage);
            pauseMs = Math.min(MAX_PAUSE_MS, pauseMs * 2);
        }
    }

    private static void pause(long pauseMs, Supplier<String> message) {
        try {
            TimeUnit.MILLISECONDS.sleep(pauseMs);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("Interrupted while waiting: " + message.get(), e);
        }
    }
}
