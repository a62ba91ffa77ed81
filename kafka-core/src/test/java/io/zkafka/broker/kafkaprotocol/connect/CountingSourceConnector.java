package io.zkafka.broker.kafkaprotocol.connect;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.source.ExactlyOnceSupport;
import org.apache.kafka.connect.source.SourceConnector;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;

/**
 * A source connector for tests: one task writes records {@code r-0} to {@code r-(records-1)} to
 * {@code topic}, keyed {@code k-N}, {@code batch} a poll and at most a poll every {@code interval.ms},
 * and keeps its position as Connect's
 * source offset, so that a task restarted on another worker goes on where the last committed
 * offset left it. It declares exactly-once support: with a transaction per poll, each poll's
 * records and its offset are committed together.
 */
public final class CountingSourceConnector extends SourceConnector {
    public static final String TOPIC = "topic";
    public static final String RECORDS = "records";
    public static final String BATCH = "batch";
    public static final String INTERVAL_MS = "interval.ms";

    private static final ConfigDef CONFIG = new ConfigDef()
        .define(TOPIC, ConfigDef.Type.STRING, ConfigDef.Importance.HIGH, "the topic written")
        .define(RECORDS, ConfigDef.Type.LONG, ConfigDef.Importance.HIGH, "how many records, in all")
        .define(BATCH, ConfigDef.Type.INT, 50, ConfigDef.Importance.LOW, "records a poll")
        .define(INTERVAL_MS, ConfigDef.Type.LONG, 0L, ConfigDef.Importance.LOW, "the least time between two polls");

    private Map<String, String> settings;

    @Override
    public void start(Map<String, String> props) {
        CONFIG.parse(props);
        settings = Map.copyOf(props);
    }

    @Override
    public Class<? extends Task> taskClass() {
        return Counting.class;
    }

    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        return List.of(settings);
    }

    @Override
    public void stop() {
    }

    @Override
    public ConfigDef config() {
        return CONFIG;
    }

    @Override
    public String version() {
        return "test";
    }

    @Override
    public ExactlyOnceSupport exactlyOnceSupport(Map<String, String> connectorConfig) {
        return ExactlyOnceSupport.SUPPORTED;
    }

    /** The one task: counts up from the committed source offset. */
    public static final class Counting extends SourceTask {
        private final CountDownLatch stopped = new CountDownLatch(1);
        private Map<String, String> sourcePartition;
        private String topic;
        private long records;
        private int batch;
        private long intervalMs;
        private long next;

        @Override
        public void start(Map<String, String> props) {
            topic = props.get(TOPIC);
            records = Long.parseLong(props.get(RECORDS));
            batch = Integer.parseInt(props.getOrDefault(BATCH, "50"));
            intervalMs = Long.parseLong(props.getOrDefault(INTERVAL_MS, "0"));
            sourcePartition = Map.of("counter", topic);
            Map<String, Object> committed = context.offsetStorageReader().offset(sourcePartition);
            next = committed == null ? 0 : ((Number) committed.get("position")).longValue();
        }

        @Override
        public List<SourceRecord> poll() throws InterruptedException {
            if (next >= records) {
                // all written: Connect calls again at once, so wait a little (or until stopped)
                stopped.await(100, TimeUnit.MILLISECONDS);
                return null;
            }
            if (intervalMs > 0 && stopped.await(intervalMs, TimeUnit.MILLISECONDS)) {
                return null;
            }
            List<SourceRecord> out = new ArrayList<>(batch);
            for (int i = 0; i < batch && next < records; i++, next++) {
                out.add(new SourceRecord(sourcePartition, Map.of("position", next + 1), topic, null,
                    Schema.STRING_SCHEMA, "k-" + next, Schema.STRING_SCHEMA, "r-" + next));
            }
            return out;
        }

        @Override
        public void stop() {
            stopped.countDown();
        }

        @Override
        public String version() {
            return "test";
        }
    }
}
