package io.zkafka.storage.cleaner;

import static io.zkafka.storage.cleaner.CompactionFixture.compactConfig;
import static io.zkafka.storage.cleaner.CompactionFixture.records;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkafka.common.TopicPartition;
import io.zkafka.storage.Log;
import io.zkafka.storage.LogConfig;
import io.zkafka.storage.LogManager;
import io.zkafka.storage.cleaner.CompactionFixture.Rec;
import io.zkafka.test.TestUtils;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cleaner thread as the log manager runs it. */
class LogManagerCleanerTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path root;

    private final CompactionFixture fx = CompactionFixture.create();
    private final LogConfig compact = compactConfig(Map.of());

    private LogManager manager(boolean cleanerEnabled) {
        CleanerConfig cleaner = new CleanerConfig(cleanerEnabled, 10, 1000, 1 << 20, 64 * 1024);
        return new LogManager(LogManager.Settings.of(List.of(root.resolve("d1")), LogConfig.defaults())
            .withCleaner(cleaner), fx.clock::get);
    }


    private void fill(Log log) throws Exception {
        for (int round = 0; round < 4; round++) {
            fx.append(log, "a", "a" + round, "b", "b" + round);
            log.roll();
        }
        fx.append(log, "c", "c0");
        log.updateHighWatermark(log.logEndOffset());
    }

    @Test
    void shouldCompactCompactedTopicsInTheBackgroundAndCheckpointAcrossRestarts() throws Exception {
        TopicPartition compacted = new TopicPartition("compacted", 0);
        TopicPartition plain = new TopicPartition("plain", 0);
        long activeBase;
        try (LogManager manager = manager(true)) {
            manager.startup();
            Log log = manager.getOrCreateLog(compacted, compact);
            Log other = manager.getOrCreateLog(plain, LogConfig.defaults());
            fill(log);
            fill(other);
            long active = log.logEndOffset() - 1;
            activeBase = active;

            // The cleaner may run several passes while the log is being filled; wait for the one that
            // covers everything up to the active segment and has written its checkpoint.
            TestUtils.waitForCondition(() -> recordCount(log) == 3 && checkpointed(manager, log) == active, WAIT,
                "the cleaner compacted the log up to the active segment and checkpointed it");

            assertTrue(manager.cleaner().passCount() > 0);
            assertEquals(List.of("a3", "b3", "c0"), records(log).stream().map(Rec::value).toList());
            assertEquals(9, records(other).size(), "a delete-policy log is not compacted");
        }
        Path checkpoint = root.resolve("d1").resolve(CleanerCheckpoints.FILE_NAME);
        assertTrue(Files.readAllLines(checkpoint).contains("compacted 0 " + activeBase));

        try (LogManager manager = manager(false)) {
            manager.startup(topic -> topic.equals("compacted") ? compact : LogConfig.defaults());
            Log log = manager.getLog(compacted).orElseThrow();
            assertEquals(activeBase, manager.cleaner().checkpointedOffset(log));
            assertEquals(List.of("a3", "b3", "c0"), records(log).stream().map(Rec::value).toList());
        }
    }

    private static long checkpointed(LogManager manager, Log log) {
        try {
            return manager.cleaner().checkpointedOffset(log);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static int recordCount(Log log) {
        try {
            return records(log).size();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
