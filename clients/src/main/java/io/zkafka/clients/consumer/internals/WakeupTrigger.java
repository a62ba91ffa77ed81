package io.zkafka.clients.consumer.internals;

import io.zkafka.common.errors.WakeupException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The consumer's {@code wakeup()} as a future that blocking waits race against: {@link #wakeup}
 * completes the current signal (any thread), {@link #maybeTrigger} consumes it on the application
 * thread by throwing {@link WakeupException} and arming a fresh one.
 *
 * <p>Thread-safe: the signal is an atomic reference to a future.
 */
public final class WakeupTrigger {
    private final AtomicReference<CompletableFuture<Void>> signal = new AtomicReference<>(new CompletableFuture<>());

    /** Makes the wait in progress, or the next one, end with {@link WakeupException}. */
    public void wakeup() {
        signal.get().complete(null);
    }

    /** Completes when {@link #wakeup} is called; wait on it together with the awaited future. */
    public CompletableFuture<Void> signal() {
        return signal.get();
    }

    /** Throws {@link WakeupException} once per {@link #wakeup}. */
    public void maybeTrigger() {
        CompletableFuture<Void> current = signal.get();
        if (current.isDone() && signal.compareAndSet(current, new CompletableFuture<>())) {
            throw new WakeupException();
        }
    }
}
