package io.zkafka.broker.replica;

import io.zkafka.common.TopicPartition;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;

/**
 * Storage errors met while serving a partition, logged as one warning line without a stack trace, at
 * most once per partition per interval: a full disk fails every request for its partitions, and a
 * line per request would fill the broker's own log (the folder's failure itself is logged once, with
 * its cause, by the log dir failure channel). Thread-safe.
 */
public final class StorageErrorLog {
    /** How long a partition's storage errors stay quiet after one is logged. */
    public static final long DEFAULT_INTERVAL_MS = TimeUnit.MINUTES.toMillis(1);

    private final Logger logger;
    private final long intervalMs;
    private final LongSupplier clock;
    private final Map<TopicPartition, Long> lastLoggedMs = new ConcurrentHashMap<>();

    public StorageErrorLog(Logger logger) {
        this(logger, DEFAULT_INTERVAL_MS, System::currentTimeMillis);
    }

    public StorageErrorLog(Logger logger, long intervalMs, LongSupplier clock) {
        this.logger = logger;
        this.intervalMs = intervalMs;
        this.clock = clock;
    }

    /**
     * Logs that {@code action} on {@code tp} failed, unless this partition's last such line is recent.
     *
     * @return whether a line was logged
     */
    public boolean warn(TopicPartition tp, String action, Exception error) {
        long now = clock.getAsLong();
        boolean[] due = new boolean[1];
        lastLoggedMs.compute(tp, (key, last) -> {
            due[0] = last == null || now - last >= intervalMs;
            return due[0] ? now : last;
        });
        if (due[0]) {
            logger.warn("{} {} failed: {} (KAFKA_STORAGE_ERROR; this partition's next storage errors are not logged "
                + "for {} s)", action, tp, error.getMessage(), intervalMs / 1_000);
        }
        return due[0];
    }
}
