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

    /**
     * Adds {@code used} bytes at {@code nowMs} and returns how long the client must wait to come back to
     * {@code quota} bytes per second, by Kafka's formula {@code (rate - quota) / quota * span}: 0 when
     * the rate is within it.
     */
    synchronized double recordAndThrottleMs(long used, long nowMs, double quota) {
        if (nowMs >= starts[current] + windowMs) {
            current = (current + 1) % samples;
            starts[current] = nowMs;
            bytes[current] = 0;
        }
        bytes[current] += used;
        lastRecordMs = nowMs;
        long total = 0;
        long oldest = nowMs;
        for (int i = 0; i < samples; i++) {
            if (nowMs - starts[i] < samples * windowMs) {
                total += bytes[i];
                oldest = Math.min(oldest, starts[i]);
            }
        }
        long span = spanMs(nowMs - oldest);
        double perSecond = total * 1000.0 / span;
        return perSecond <= quota ? 0 : (perSecond - quota) / quota * span;
    }

    /** The time a rate divides by when its oldest window began {@code sinceOldestMs} ago: Kafka's window size. */
    private long spanMs(long sinceOldestMs) {
        long span = sinceOldestMs;
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
}
