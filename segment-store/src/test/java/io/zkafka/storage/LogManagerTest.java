package io.zkafka.storage;

import static io.zkafka.storage.TestBatches.batch;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkafka.common.TopicPartition;
import io.zkafka.storage.internals.OffsetCheckpointFile;
import io.zkafka.test.TestUtils;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogManagerTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path root;
    private final AtomicLong clock = new AtomicLong(50_000);

    private LogManager manager(long intervalMs, int threads) {
        return new LogManager(new LogManager.Settings(List.of(root.resolve("d1"), root.resolve("d2")),
            LogConfig.of(Map.of("file.delete.delay.ms", "0")), intervalMs, intervalMs, intervalMs, threads), clock::get);
    }


    @Test
    void shouldNameTheTopicsOnDiskBeforeStartupFromTheFolderNamesAlone() throws IOException {
        Files.createDirectories(root.resolve("d1/orders-0"));
        Files.createDirectories(root.resolve("d2/orders-1"));
        Files.createDirectories(root.resolve("d2/pay-ments-12"));
        Files.createDirectories(root.resolve("d1/gone-3.0123abc-delete"));
        Files.createDirectories(root.resolve("d1/not a partition"));
        Files.writeString(root.resolve("d1").resolve(OffsetCheckpointFile.RECOVERY_POINT), "0\n0\n");
        LogManager manager = manager(60_000, 1);
        assertEquals(java.util.Set.of("orders", "pay-ments"), manager.topicsOnDisk());
        assertEquals(0, manager.allLogs().size(), "nothing opened");
        manager.failureChannel().markOffline(root.resolve("d2"), "test", new IOException("failed"));
        assertEquals(java.util.Set.of("orders"), manager.topicsOnDisk(), "an offline dir is not listed");
    }

    @Test
    void shouldSpreadLogsAcrossDirsAndReopenThemAfterACleanShutdown() throws IOException {
        LogManager first = manager(60_000, 2);
        first.startup();
        for (int p = 0; p < 6; p++) {
            Log log = first.getOrCreateLog(new TopicPartition("orders", p));
            log.append(batch(p + 1, 1), 3);
            log.updateHighWatermark(p + 1);
        }
        assertTrue(Files.isDirectory(root.resolve("d1/orders-0")) || Files.isDirectory(root.resolve("d2/orders-0")));
        assertEquals(3, dirCount(root.resolve("d1")));
        assertEquals(3, dirCount(root.resolve("d2")));
        first.close();
        assertTrue(Files.exists(root.resolve("d1").resolve(LogManager.CLEAN_SHUTDOWN_FILE)));
        Map<TopicPartition, Long> recoveryPoints =
            new OffsetCheckpointFile(root.resolve("d1").resolve(OffsetCheckpointFile.RECOVERY_POINT)).read();
        assertEquals(3, recoveryPoints.size());

        LogManager second = manager(60_000, 4);
        second.startup();
        assertFalse(Files.exists(root.resolve("d1").resolve(LogManager.CLEAN_SHUTDOWN_FILE)));
        assertEquals(6, second.allLogs().size());
        for (int p = 0; p < 6; p++) {
            Log log = second.getLog(new TopicPartition("orders", p)).orElseThrow();
            assertEquals(p + 1, log.logEndOffset());
            assertEquals(p + 1, log.highWatermark());
            assertEquals(0, log.validatedBatchesOnLoad());
        }
        second.close();
    }

    @Test
    void shouldRecoverLogsAfterAnUncleanShutdown() throws IOException {
        LogManager first = manager(60_000, 1);
        first.startup();
        first.getOrCreateLog(new TopicPartition("t", 0)).append(batch(4, 1), 0);
        first.checkpoint();
        // No close: the marker is never written, as after a crash. Release the files by closing the log only.
        first.getLog(new TopicPartition("t", 0)).orElseThrow().close();

        LogManager second = manager(60_000, 1);
        second.startup();
        Log log = second.getLog(new TopicPartition("t", 0)).orElseThrow();
        assertEquals(4, log.logEndOffset());
        assertEquals(1, log.validatedBatchesOnLoad());
        second.close();
    }

    @Test
    void shouldDeleteATopicByRenamingThenRemovingItsFolders() throws Exception {
        LogManager manager = manager(60_000, 1);
        manager.startup();
        manager.getOrCreateLog(new TopicPartition("gone", 0)).append(batch(1, 1), 0);
        manager.getOrCreateLog(new TopicPartition("gone", 1)).append(batch(1, 1), 0);
        manager.getOrCreateLog(new TopicPartition("kept", 0));
        assertEquals(2, manager.deleteTopic("gone"));
        assertTrue(manager.getLog(new TopicPartition("gone", 0)).isEmpty());
        TestUtils.waitForCondition(() -> countNamed("gone") == 0, WAIT, "deleted folders to be removed");
        assertEquals(1, manager.allLogs().size());
        manager.close();
    }

    @Test
    void shouldRemoveAFolderLeftMidDeleteByACrash() throws IOException {
        Path halfDeleted = root.resolve("d1/x-0.0123abc-delete");
        Files.createDirectories(halfDeleted);
        Files.write(halfDeleted.resolve("00000000000000000000.log"), new byte[10]);
        LogManager manager = manager(60_000, 1);
        manager.startup();
        assertFalse(Files.exists(halfDeleted));
        assertEquals(0, manager.allLogs().size());
        manager.close();
    }

    @Test
    void shouldRunRetentionAndCheckpointsOnItsSchedulerThread() throws Exception {
        LogManager manager = manager(20, 1);
        manager.startup();
        Log log = manager.getOrCreateLog(new TopicPartition("r", 0), LogConfig.of(Map.of("retention.ms", "1000",
            "file.delete.delay.ms", "0")));
        log.append(batch(2, 1), 0);
        log.roll();
        log.append(batch(2, clock.get()), 0);
        // the segment leaves the map a moment before the log start offset moves past it
        TestUtils.waitForCondition(() -> log.segmentCount() == 1 && log.logStartOffset() == 2, WAIT,
            "retention to delete the old segment and move the log start offset");
        Path checkpoint = log.dir().getParent().resolve(OffsetCheckpointFile.LOG_START_OFFSET);
        TestUtils.waitForCondition(() -> readQuietly(checkpoint).getOrDefault(new TopicPartition("r", 0), -1L) == 2,
            WAIT, "the checkpoint");
        manager.close();
        assertThrows(IllegalStateException.class, () -> manager.getOrCreateLog(new TopicPartition("r", 1)));
    }

    private static Map<TopicPartition, Long> readQuietly(Path file) {
        try {
            return new OffsetCheckpointFile(file).read();
        } catch (IOException e) {
            return Map.of();
        }
    }

    private long countNamed(String topic) {
        long count = 0;
        for (String dir : List.of("d1", "d2")) {
            try (Stream<Path> children = Files.list(root.resolve(dir))) {
                count += children.filter(c -> c.getFileName().toString().startsWith(topic + "-")).count();
            } catch (IOException e) {
                return -1;
            }
        }
        return count;
    }

    private static long dirCount(Path dir) throws IOException {
        try (Stream<Path> children = Files.list(dir)) {
            return children.filter(Files::isDirectory).count();
        }
    }
}
