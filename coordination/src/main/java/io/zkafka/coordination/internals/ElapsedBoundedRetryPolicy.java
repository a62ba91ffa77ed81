package io.zkafka.coordination.internals;

import org.apache.curator.RetryPolicy;
import org.apache.curator.RetrySleeper;
import org.apache.curator.retry.BoundedExponentialBackoffRetry;

/**
 * Curator's bounded exponential backoff, additionally refusing any retry once an operation has
 * been retrying for longer than a time budget (the connection timeout), so that an operation
 * during a lost quorum fails within roughly twice the connection timeout instead of
 * (retries + 1) times it. Stateless and thread-safe.
 */
public final class ElapsedBoundedRetryPolicy implements RetryPolicy {
    private final BoundedExponentialBackoffRetry backoff;
    private final long maxElapsedMs;

    public ElapsedBoundedRetryPolicy(int baseSleepMs, int maxSleepMs, int maxRetries, long maxElapsedMs) {
        this.backoff = new BoundedExponentialBackoffRetry(baseSleepMs, maxSleepMs, maxRetries);
        this.maxElapsedMs = maxElapsedMs;
    }

    @Override
    public boolean allowRetry(int retryCount, long elapsedTimeMs, RetrySleeper sleeper) {
        return elapsedTimeMs < maxElapsedMs && backoff.allowRetry(retryCount, elapsedTimeMs, sleeper);
    }
}
