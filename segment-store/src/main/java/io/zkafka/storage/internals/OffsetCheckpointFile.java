package io.zkafka.storage.internals;

import io.zkafka.common.TopicPartition;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A per-folder checkpoint of one offset per partition: {@code recovery-point-offset-checkpoint},
 * {@code log-start-offset-checkpoint} and {@code replication-offset-checkpoint} (high watermarks).
 * Entry line: {@code <topic> <partition> <offset>}, Kafka's format. Thread-safe.
 */
public final class OffsetCheckpointFile {
    public static final String RECOVERY_POINT = "recovery-point-offset-checkpoint";
    public static final String LOG_START_OFFSET = "log-start-offset-checkpoint";
    public static final String HIGH_WATERMARK = "replication-offset-checkpoint";

    private final CheckpointFile<Map.Entry<TopicPartition, Long>> file;

    public OffsetCheckpointFile(Path file) {
        this.file = new CheckpointFile<>(file, new CheckpointFile.Formatter<>() {
            @Override
            public String toLine(Map.Entry<TopicPartition, Long> entry) {
                return entry.getKey().topic() + " " + entry.getKey().partition() + " " + entry.getValue();
            }

            @Override
            public Map.Entry<TopicPartition, Long> fromLine(String[] fields) {
                if (fields.length != 3) {
                    throw new IllegalArgumentException("expected 'topic partition offset'");
                }
                return Map.entry(new TopicPartition(fields[0], Integer.parseInt(fields[1])), Long.parseLong(fields[2]));
            }
        });
    }

    public void write(Map<TopicPartition, Long> offsets) throws IOException {
        file.write(new ArrayList<>(offsets.entrySet()));
    }

    public Map<TopicPartition, Long> read() throws IOException {
        List<Map.Entry<TopicPartition, Long>> entries = file.read();
        Map<TopicPartition, Long> offsets = new LinkedHashMap<>();
        for (Map.Entry<TopicPartition, Long> entry : entries) {
            offsets.put(entry.getKey(), entry.getValue());
        }
        return offsets;
    }
}
