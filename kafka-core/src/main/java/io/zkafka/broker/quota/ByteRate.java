package io.zkafka.broker.quota;

/**
 * Bytes per second over the last {@code samples} windows of {@code windowMs}, as Kafka measures a
 * quota: a window starts when the first bytes after the previous one's end come, a window older than
 * all of them together is forgotten, and the rate divides by the time since the oldest window began,
 * but by no less than {@code samples - 1} whole windows (so a client's first burst is spread over
 * that span rather than judged on its first millisecond). Thread-safe.
 */
final class ByteRate {
    private final int samples;
    private final long windowMs;
    private final long[] starts;
    private final long[] bytes;
    private int current;
    private long lastRecordMs;

    ByteRate(int samples, long windowMs, long nowMs) {
        this.samples = samples;
        this.windowMs = windowMs;
        this.starts = new long[samples];
        this.bytes = new long[samples];
        for (int i = 0; i < samples; i++) {
            starts[i] = nowMs;
        }
        this.lastRecordMs = nowMs;
    }

    /** Adds {@code used} bytes at {@code nowMs}. */
    synchronized void record(long used, long nowMs) {
        if (nowMs >= starts[current] + windowMs) {
            current = (current + 1) % samples;
            starts[current] = nowMs;
            bytes[current] = 0;
        }
        bytes[current] += used;
        lastRecordMs = nowMs;
    }

    /** Bytes per second at {@code nowMs}. */
    synchronized double perSecond(long nowMs) {
        long total = 0;
        for (int i = 0; i < samples; i++) {
            if (!expired(i, nowMs)) {
                total += bytes[i];
            }
        }
        return total * 1000.0 / spanMs(nowMs);
    }

    /** The time the rate divides by at {@code nowMs}, in ms: Kafka's window size for a throttle time. */
    synchronized long spanMs(long nowMs) {
        long oldest = nowMs;
        for (int i = 0; i < samples; i++) {
            if (!expired(i, nowMs)) {
                oldest = Math.min(oldest, starts[i]);
            }
        }
        long span = nowMs - oldest;
        long fullWindows = span / windowMs;
        if (fullWindows < samples - 1) {
            span += (samples - 1 - fullWindows) * windowMs;
        }
        return Math.max(span, 1);
    }

    /** Whether nothing has been recorded for longer than all the windows together: the rate is then 0. */
    synchronized boolean idle(long nowMs) {
        return nowMs - lastRecordMs >= samples * windowMs;
    }

    private boolean expired(int sample, long nowMs) {
        return nowMs - starts[sample] >= samples * windowMs;
    }
}
