package io.zkafka.storage.cleaner;

/**
 * Broker-level settings of the log cleaner, with Kafka's meanings. Immutable.
 *
 * @param enabled whether {@code LogManager} runs the cleaner thread ({@code log.cleaner.enable})
 * @param backoffMs how long the thread waits when no log needed cleaning ({@code log.cleaner.backoff.ms})
 * @param maxMapKeys most distinct keys one pass may remember; a dirty section with more is cleaned in
 *     several passes
 * @param maxMapBytes most key bytes one pass may remember (the role of {@code log.cleaner.dedupe.buffer.size})
 * @param ioBufferBytes initial size of the read buffer; it grows to hold the largest batch met
 */
public record CleanerConfig(boolean enabled, long backoffMs, int maxMapKeys, long maxMapBytes, int ioBufferBytes) {
    public CleanerConfig {
        if (backoffMs < 1) {
            throw new IllegalArgumentException("log.cleaner.backoff.ms must be at least 1, not " + backoffMs);
        }
        if (maxMapKeys < 1) {
            throw new IllegalArgumentException("The cleaner's key map must hold at least 1 key, not " + maxMapKeys);
        }
        if (maxMapBytes < 1) {
            throw new IllegalArgumentException("log.cleaner.dedupe.buffer.size must be at least 1, not " + maxMapBytes);
        }
        if (ioBufferBytes < 1024) {
            throw new IllegalArgumentException("log.cleaner.io.buffer.size must be at least 1024, not " + ioBufferBytes);
        }
    }

    /** Kafka's defaults: enabled, 15 s backoff, a 128 MiB key budget (at most 4 Mi keys), 512 KiB reads. */
    public static CleanerConfig defaults() {
        return new CleanerConfig(true, 15_000, 4 * 1024 * 1024, 128L * 1024 * 1024, 512 * 1024);
    }

    public CleanerConfig withBackoffMs(long newBackoffMs) {
        return new CleanerConfig(enabled, newBackoffMs, maxMapKeys, maxMapBytes, ioBufferBytes);
    }

    public CleanerConfig withMapLimits(int newMaxMapKeys, long newMaxMapBytes) {
        return new CleanerConfig(enabled, backoffMs, newMaxMapKeys, newMaxMapBytes, ioBufferBytes);
    }
}
