package io.zkafka.storage;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * The per-log settings, with Apache Kafka's topic-level key names, units and defaults. Built once
 * from a map of overrides on top of defaults; a bad value fails with a message naming the key.
 * Immutable and thread-safe.
 */
public final class LogConfig {
    public static final String SEGMENT_BYTES = "segment.bytes";
    public static final String SEGMENT_MS = "segment.ms";
    public static final String RETENTION_MS = "retention.ms";
    public static final String RETENTION_BYTES = "retention.bytes";
    public static final String MAX_MESSAGE_BYTES = "max.message.bytes";
    public static final String INDEX_INTERVAL_BYTES = "index.interval.bytes";
    public static final String SEGMENT_INDEX_BYTES = "segment.index.bytes";
    public static final String FLUSH_MESSAGES = "flush.messages";
    public static final String FLUSH_MS = "flush.ms";
    public static final String CLEANUP_POLICY = "cleanup.policy";
    public static final String DELETE_RETENTION_MS = "delete.retention.ms";
    public static final String MIN_COMPACTION_LAG_MS = "min.compaction.lag.ms";
    public static final String FILE_DELETE_DELAY_MS = "file.delete.delay.ms";
    public static final String MESSAGE_TIMESTAMP_TYPE = "message.timestamp.type";

    public static final String CLEANUP_POLICY_DELETE = "delete";
    public static final String CLEANUP_POLICY_COMPACT = "compact";

    /** One setting: its key, default (as text, as a user would write it), bounds and doc line. */
    private record Definition(String key, String defaultValue, long min, long max, String doc) {
    }

    private static final Map<String, Definition> DEFINITIONS = new LinkedHashMap<>();

    static {
        define(SEGMENT_BYTES, "1073741824", 14, Integer.MAX_VALUE, "Roll a new segment when the active one reaches this size.");
        define(SEGMENT_MS, "604800000", 1, Long.MAX_VALUE, "Roll a new segment when the active one is this old.");
        define(RETENTION_MS, "604800000", -1, Long.MAX_VALUE, "Delete segments whose newest timestamp is older than this; -1 keeps them.");
        define(RETENTION_BYTES, "-1", -1, Long.MAX_VALUE, "Delete old segments while the log is larger than this; -1 means no limit.");
        define(MAX_MESSAGE_BYTES, "1048588", 0, Integer.MAX_VALUE, "Largest record batch accepted, in bytes.");
        define(INDEX_INTERVAL_BYTES, "4096", 0, Integer.MAX_VALUE, "Bytes of log between two offset index entries.");
        define(SEGMENT_INDEX_BYTES, "10485760", 12 * 2, Integer.MAX_VALUE, "Maximum size of an offset or time index file.");
        define(FLUSH_MESSAGES, String.valueOf(Long.MAX_VALUE), 1, Long.MAX_VALUE, "Fsync after this many messages since the last flush.");
        define(FLUSH_MS, String.valueOf(Long.MAX_VALUE), 0, Long.MAX_VALUE, "Fsync when the last flush is this old.");
        define(CLEANUP_POLICY, "delete", 0, 0, "delete, compact, or both comma-separated.");
        define(DELETE_RETENTION_MS, "86400000", 0, Long.MAX_VALUE, "How long tombstones are kept in a compacted log.");
        define(MIN_COMPACTION_LAG_MS, "0", 0, Long.MAX_VALUE, "Minimum age of a record before compaction may remove it.");
        define(FILE_DELETE_DELAY_MS, "60000", 0, Long.MAX_VALUE, "Delay before a deleted segment's files are removed from disk.");
        define(MESSAGE_TIMESTAMP_TYPE, "CreateTime", 0, 0, "CreateTime or LogAppendTime.");
    }

    private static void define(String key, String defaultValue, long min, long max, String doc) {
        DEFINITIONS.put(key, new Definition(key, defaultValue, min, max, doc));
    }

    private final Map<String, String> values;
    private final int segmentBytes;
    private final long segmentMs;
    private final long retentionMs;
    private final long retentionBytes;
    private final int maxMessageBytes;
    private final int indexIntervalBytes;
    private final int segmentIndexBytes;
    private final long flushMessages;
    private final long flushMs;
    private final boolean delete;
    private final boolean compact;
    private final long deleteRetentionMs;
    private final long minCompactionLagMs;
    private final long fileDeleteDelayMs;
    private final boolean logAppendTime;

    private LogConfig(Map<String, String> values) {
        this.values = Collections.unmodifiableMap(values);
        this.segmentBytes = (int) number(SEGMENT_BYTES);
        this.segmentMs = number(SEGMENT_MS);
        this.retentionMs = number(RETENTION_MS);
        this.retentionBytes = number(RETENTION_BYTES);
        this.maxMessageBytes = (int) number(MAX_MESSAGE_BYTES);
        this.indexIntervalBytes = (int) number(INDEX_INTERVAL_BYTES);
        this.segmentIndexBytes = (int) number(SEGMENT_INDEX_BYTES);
        this.flushMessages = number(FLUSH_MESSAGES);
        this.flushMs = number(FLUSH_MS);
        this.deleteRetentionMs = number(DELETE_RETENTION_MS);
        this.minCompactionLagMs = number(MIN_COMPACTION_LAG_MS);
        this.fileDeleteDelayMs = number(FILE_DELETE_DELAY_MS);
        boolean sawDelete = false;
        boolean sawCompact = false;
        for (String policy : values.get(CLEANUP_POLICY).split(",")) {
            switch (policy.trim().toLowerCase(Locale.ROOT)) {
                case CLEANUP_POLICY_DELETE -> sawDelete = true;
                case CLEANUP_POLICY_COMPACT -> sawCompact = true;
                default -> throw invalid(CLEANUP_POLICY, values.get(CLEANUP_POLICY), "expected delete, compact or both");
            }
        }
        this.delete = sawDelete;
        this.compact = sawCompact;
        String timestampType = values.get(MESSAGE_TIMESTAMP_TYPE);
        if (!timestampType.equals("CreateTime") && !timestampType.equals("LogAppendTime")) {
            throw invalid(MESSAGE_TIMESTAMP_TYPE, timestampType, "expected CreateTime or LogAppendTime");
        }
        this.logAppendTime = timestampType.equals("LogAppendTime");
    }

    /** Kafka's defaults for every key. */
    public static LogConfig defaults() {
        return of(Map.of());
    }

    /** The defaults with {@code overrides} on top; unknown keys are ignored (they belong to others). */
    public static LogConfig of(Map<String, ?> overrides) {
        Map<String, String> values = new LinkedHashMap<>();
        for (Definition definition : DEFINITIONS.values()) {
            Object override = overrides.get(definition.key());
            values.put(definition.key(), override == null ? definition.defaultValue() : override.toString().trim());
        }
        return new LogConfig(values);
    }

    public static LogConfig of(Properties properties) {
        Map<String, String> map = new LinkedHashMap<>();
        for (String name : properties.stringPropertyNames()) {
            map.put(name, properties.getProperty(name));
        }
        return of(map);
    }

    /** This config with {@code overrides} on top (a topic's overrides over the broker's defaults). */
    public LogConfig with(Map<String, ?> overrides) {
        Map<String, Object> merged = new LinkedHashMap<>(values);
        merged.putAll(overrides);
        return of(merged);
    }

    /** Every key with its value, in definition order. */
    public Map<String, String> values() {
        return values;
    }

    /** One line per key: {@code key (default): doc}, the configuration reference. */
    public static String describe() {
        StringBuilder out = new StringBuilder();
        for (Definition d : DEFINITIONS.values()) {
            out.append(d.key()).append(" (default ").append(d.defaultValue()).append("): ").append(d.doc()).append('\n');
        }
        return out.toString();
    }

    private long number(String key) {
        Definition definition = DEFINITIONS.get(key);
        String text = values.get(key);
        long value;
        try {
            value = Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw invalid(key, text, "not a whole number");
        }
        if (value < definition.min() || value > definition.max()) {
            throw invalid(key, text, "must be between " + definition.min() + " and " + definition.max());
        }
        return value;
    }

    private static IllegalArgumentException invalid(String key, String value, String why) {
        return new IllegalArgumentException("Invalid value '" + value + "' for " + key + ": " + why);
    }

    public int segmentBytes() {
        return segmentBytes;
    }

    public long segmentMs() {
        return segmentMs;
    }

    public long retentionMs() {
        return retentionMs;
    }

    public long retentionBytes() {
        return retentionBytes;
    }

    public int maxMessageBytes() {
        return maxMessageBytes;
    }

    public int indexIntervalBytes() {
        return indexIntervalBytes;
    }

    public int segmentIndexBytes() {
        return segmentIndexBytes;
    }

    public long flushMessages() {
        return flushMessages;
    }

    public long flushMs() {
        return flushMs;
    }

    /** Whether retention deletes old segments ({@code cleanup.policy} contains delete). */
    public boolean deleteEnabled() {
        return delete;
    }

    /** Whether the cleaner compacts this log ({@code cleanup.policy} contains compact). */
    public boolean compactEnabled() {
        return compact;
    }

    public long deleteRetentionMs() {
        return deleteRetentionMs;
    }

    public long minCompactionLagMs() {
        return minCompactionLagMs;
    }

    public long fileDeleteDelayMs() {
        return fileDeleteDelayMs;
    }

    /** Whether the broker stamps its own time into batches ({@code message.timestamp.type=LogAppendTime}). */
    public boolean logAppendTime() {
        return logAppendTime;
    }

    @Override
    public String toString() {
        return "LogConfig" + values;
    }
}
