package io.zkafka.test;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Waiting on conditions with deadlines: tests never sleep and hope. */
public final class TestUtils {
    private TestUtils() {
    }

    /** Polls {@code condition} every 20 ms until it holds; fails with {@code message} after {@code timeout}. */
    public static void waitForCondition(BooleanSupplier condition, Duration timeout, Supplier<String> message) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (condition.getAsBoolean()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Condition not met within " + timeout.toMillis() + " ms: " + message.get());
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("Interrupted while waiting: " + message.get(), e);
            }
        }
    }

    public static void waitForCondition(BooleanSupplier condition, Duration timeout, String message) {
        waitForCondition(condition, timeout, () -> message);
    }
}
