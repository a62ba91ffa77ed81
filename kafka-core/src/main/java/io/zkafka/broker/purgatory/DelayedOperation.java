package io.zkafka.broker.purgatory;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Work that finishes when a condition holds (enough bytes to fetch, the high watermark past a
 * batch) or when its timeout passes, whichever comes first; it completes exactly once. Nothing
 * waits on a thread: {@link Purgatory} re-checks the condition when the watched state changes.
 *
 * <p>Thread-safe: {@link #tryComplete()} may run on several threads at once and must only read;
 * the once-only {@link #onComplete()} is guarded by an atomic flag.
 */
public abstract class DelayedOperation {
    private final AtomicBoolean completed = new AtomicBoolean();
    private final long delayMs;
    private volatile ScheduledFuture<?> timeout;

    protected DelayedOperation(long delayMs) {
        this.delayMs = delayMs;
    }

    public long delayMs() {
        return delayMs;
    }

    /** Checks the condition and, when it holds, calls {@link #forceComplete()}; returns whether done. */
    public abstract boolean tryComplete();

    /** Runs once, on whichever thread completed the operation (a request handler or the timer). */
    protected abstract void onComplete();

    /** Completes the operation if nobody has; returns true for the caller that did. */
    public final boolean forceComplete() {
        if (!completed.compareAndSet(false, true)) {
            return false;
        }
        ScheduledFuture<?> pending = timeout;
        if (pending != null) {
            pending.cancel(false);
        }
        onComplete();
        return true;
    }

    public final boolean isCompleted() {
        return completed.get();
    }

    void timeout(ScheduledFuture<?> timeout) {
        this.timeout = timeout;
        if (isCompleted()) {
            timeout.cancel(false);
        }
    }
}
