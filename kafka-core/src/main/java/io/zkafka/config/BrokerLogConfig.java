package io.zkafka.config;

import io.zkafka.storage.LogConfig;
import java.util.HashMap;
import java.util.Map;

/** Maps the broker's {@code log.*} defaults onto the topic-level keys of {@link LogConfig}, as Kafka does. */
public final class BrokerLogConfig {
    private BrokerLogConfig() {
    }

    public static LogConfig defaults(KafkaConfig config) {
        Map<String, Object> values = new HashMap<>();
        values.put(LogConfig.SEGMENT_BYTES, config.getInt(KafkaConfig.LOG_SEGMENT_BYTES));
        values.put(LogConfig.SEGMENT_MS, config.rollMs());
        values.put(LogConfig.RETENTION_MS, config.retentionMs());
        values.put(LogConfig.RETENTION_BYTES, config.getLong(KafkaConfig.LOG_RETENTION_BYTES));
        values.put(LogConfig.MAX_MESSAGE_BYTES, config.getInt(KafkaConfig.MESSAGE_MAX_BYTES));
        values.put(LogConfig.INDEX_INTERVAL_BYTES, config.getInt(KafkaConfig.LOG_INDEX_INTERVAL_BYTES));
        values.put(LogConfig.SEGMENT_INDEX_BYTES, config.getInt(KafkaConfig.LOG_INDEX_SIZE_MAX_BYTES));
        values.put(LogConfig.FLUSH_MESSAGES, config.getLong(KafkaConfig.LOG_FLUSH_INTERVAL_MESSAGES));
        Object flushMs = config.values().get(KafkaConfig.LOG_FLUSH_INTERVAL_MS);
        if (flushMs != null) {
            values.put(LogConfig.FLUSH_MS, flushMs);
        }
        values.put(LogConfig.CLEANUP_POLICY, String.join(",", config.getList(KafkaConfig.LOG_CLEANUP_POLICY)));
        values.put(LogConfig.DELETE_RETENTION_MS, config.getLong(KafkaConfig.LOG_CLEANER_DELETE_RETENTION_MS));
        values.put(LogConfig.MESSAGE_TIMESTAMP_TYPE, config.getString(KafkaConfig.LOG_MESSAGE_TIMESTAMP_TYPE));
        return LogConfig.of(values);
    }
}
