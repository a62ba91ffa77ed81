package io.zkafka.tools.internals;

import java.util.concurrent.TimeUnit;

/**
 * Holds a sender to about {@code target} records per second, as Kafka's perf tools do: once the
 * average rate since the start runs above the target, each further send adds 1/target s of owed
 * sleep, paid in sleeps of at least {@value #MIN_SLEEP_MS} ms so the OS timer's granularity does not
 * distort it. A negative target never throttles. Confined to the sending thread.
 */
public final class ThroughputThrottler {
    private static final long MIN_SLEEP_MS = 2;
    private static final long NS_PER_SEC = TimeUnit.SECONDS.toNanos(1);

    private final double target;
    private final long startMs;
    private final long sleepPerRecordNs;
    private long owedNs;

    public ThroughputThrottler(double target, long startMs) {
        this.target = target;
        this.startMs = startMs;
        this.sleepPerRecordNs = target > 0 ? (long) (NS_PER_SEC / target) : Long.MAX_VALUE;
    }

    /** Whether {@code sentSoFar} records by {@code nowMs} is faster than the target. */
    public boolean shouldThrottle(long sentSoFar, long nowMs) {
        if (target < 0) {
            return false;
        }
        double elapsedSec = (nowMs - startMs) / 1000.0;
        return elapsedSec > 0 && sentSoFar / elapsedSec > target;
    }

    /** Sleeps what is owed once it reaches the minimum; with a target of 0, sleeps until interrupted. */
    public void throttle() throws InterruptedException {
        if (target == 0) {
            Thread.sleep(Long.MAX_VALUE);
            return;
        }
        owedNs += sleepPerRecordNs;
        if (owedNs >= TimeUnit.MILLISECONDS.toNanos(MIN_SLEEP_MS)) {
            long sleepStart = System.nanoTime();
            TimeUnit.NANOSECONDS.sleep(owedNs);
            owedNs = Math.max(0, owedNs - (System.nanoTime() - sleepStart));
        }
    }
}
