package io.zkafka.broker.purgatory;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Work that finishes when a condition holds (enough bytes to fetch, the high watermark past a
 * batch) or when its timeout passes, whichever comes first; it completes exactly once. Nothing
 * waits on a thread: {@link Purgatory} re-checks the condition when the watched state changes.
 *
 * <p>Thread-safe: {@link #tryComplete()} may run on several threads at once and must only read
 * (it runs once per change of every key the operation watches, so it must also be cheap: compare
 * offsets, never read a log); the once-only {@link #onComplete()} is guarded by an atomic flag.
 * The timeout and the purgatory's hook are volatile, set once by the purgatory.
 */
public abstract class DelayedOperation {
    private final AtomicBoolean completed = new AtomicBoolean();
    private final long delayMs;
    private volatile TimeoutScheduler.Cancellable timeout;
    private volatile Runnable afterCompletion;

    protected DelayedOperation(long delayMs) {
        this.delayMs = delayMs;
    }

    public long delayMs() {
        return delayMs;
    }

    /** Checks the condition and, when it holds, calls {@link #forceComplete()}; returns whether done. */
    public abstract boolean tryComplete();

    /**
     * {@link #tryComplete()} prompted by a change of one of the keys it watches: an operation that
     * watches many keys may look at that one first, or only.
     */
    public boolean tryComplete(Object changedKey) {
        return tryComplete();
    }

    /** Runs once, on whichever thread completed the operation (a request handler or the timer). */
    protected abstract void onComplete();

    /** Completes the operation if nobody has; returns true for the caller that did. */
    public final boolean forceComplete() {
        if (!completed.compareAndSet(false, true)) {
            return false;
        }
        TimeoutScheduler.Cancellable pending = timeout;
        if (pending != null) {
            pending.cancel();
        }
        try {
            onComplete();
        } finally {
            Runnable hook = afterCompletion;
            if (hook != null) {
                hook.run();
            }
        }
        return true;
    }

    public final boolean isCompleted() {
        return completed.get();
    }

    /** Set by the purgatory before the operation is watched: takes it off every key it watches. */
    final void afterCompletion(Runnable hook) {
        this.afterCompletion = hook;
    }

    final void timeout(TimeoutScheduler.Cancellable timeout) {
        this.timeout = timeout;
        if (isCompleted()) {
            timeout.cancel();
        }
    }
}
