package io.zkafka.common;

import java.util.Locale;

/**
 * Which records a consumer's fetches and offset lookups see (Kafka's {@code isolation.level}):
 * {@link #READ_UNCOMMITTED} everything below the high watermark, {@link #READ_COMMITTED} only what is
 * below the last stable offset, without aborted transactions' records. The ids are Kafka's wire values;
 * {@link #toString()} is the config value.
 */
public enum IsolationLevel {
    READ_UNCOMMITTED((byte) 0),
    READ_COMMITTED((byte) 1);

    public final byte id;

    IsolationLevel(byte id) {
        this.id = id;
    }

    /** The level of a wire id. */
    public static IsolationLevel forId(byte id) {
        return switch (id) {
            case 0 -> READ_UNCOMMITTED;
            case 1 -> READ_COMMITTED;
            default -> throw new IllegalArgumentException("Unknown isolation level id " + id);
        };
    }

    /** The level of a config value, {@code read_committed} or {@code read_uncommitted} (any case). */
    public static IsolationLevel forConfig(String value) {
        return valueOf(value.trim().toUpperCase(Locale.ROOT));
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
