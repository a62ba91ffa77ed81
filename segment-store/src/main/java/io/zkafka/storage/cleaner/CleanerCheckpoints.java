package io.zkafka.storage.cleaner;

import io.zkafka.common.TopicPartition;
import io.zkafka.storage.internals.OffsetCheckpointFile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The {@code cleaner-offset-checkpoint} of each log dir: per partition, the offset below which the log
 * has been cleaned (the next pass's first dirty offset), so a restart does not clean from zero. Same
 * text format as the other offset checkpoints ({@link OffsetCheckpointFile}). Each folder's file is read
 * on first use and rewritten whole after every change.
 *
 * <p>Thread-safe: a private lock guards the in-memory copies and the writes.
 */
final class CleanerCheckpoints {
    static final String FILE_NAME = "cleaner-offset-checkpoint";

    private final Object lock = new Object();
    private final Map<Path, Map<TopicPartition, Long>> byLogDir = new HashMap<>();

    /** The checkpointed offset of {@code tp} in {@code logDir}, or -1. */
    long get(Path logDir, TopicPartition tp) throws IOException {
        synchronized (lock) {
            return offsets(logDir).getOrDefault(tp, -1L);
        }
    }

    /** Sets {@code tp}'s offset, forgets partitions of that folder not in {@code live}, and writes the file. */
    void update(Path logDir, TopicPartition tp, long offset, Set<TopicPartition> live) throws IOException {
        synchronized (lock) {
            Map<TopicPartition, Long> offsets = offsets(logDir);
            offsets.keySet().retainAll(live);
            offsets.put(tp, offset);
            new OffsetCheckpointFile(logDir.resolve(FILE_NAME)).write(offsets);
        }
    }

    private Map<TopicPartition, Long> offsets(Path logDir) throws IOException {
        Map<TopicPartition, Long> offsets = byLogDir.get(logDir);
        if (offsets == null) {
            offsets = new HashMap<>(new OffsetCheckpointFile(logDir.resolve(FILE_NAME)).read());
            byLogDir.put(logDir, offsets);
        }
        return offsets;
    }
}
