package io.zkafka.broker.network;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs why a listener closed a connection, at most one line per second with a count of the
 * lines left out, so a client (or an attacker) sending garbage in a loop cannot flood the log.
 * Thread-safe.
 */
public final class RejectionLog {
    private static final Logger log = LoggerFactory.getLogger(RejectionLog.class);
    private static final long INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final AtomicLong nextLineNanos = new AtomicLong(System.nanoTime());
    private final AtomicLong suppressed = new AtomicLong();

    public void log(String peer, String reason) {
        long now = System.nanoTime();
        long next = nextLineNanos.get();
        if (now - next >= 0 && nextLineNanos.compareAndSet(next, now + INTERVAL_NANOS)) {
            long left = suppressed.getAndSet(0);
            log.warn("Closing connection from {}: {}{}", peer, reason,
                left == 0 ? "" : " (" + left + " more closed since the last line)");
        } else {
            suppressed.incrementAndGet();
        }
    }
}
