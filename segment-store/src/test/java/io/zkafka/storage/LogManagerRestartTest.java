package io.zkafka.storage;

import static io.zkafka.storage.TestBatches.batch;
import static io.zkafka.storage.TestBatches.readAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkafka.common.TopicPartition;
import io.zkafka.storage.internals.LogFileNames;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Restarts of a {@link LogManager} over real folders: after a clean shutdown, and after a hard kill,
 * taken as a copy of the folders while every log is open (what a SIGKILL leaves: the page cache
 * survives, nothing is closed, flushed or trimmed).
 */
class LogManagerRestartTest {
    private static final Map<String, String> SMALL_SEGMENTS = Map.of("segment.bytes", "1200",
        "index.interval.bytes", "100", "segment.index.bytes", "4096", "file.delete.delay.ms", "0");
    private static final int LOGS = 12;
    private static final int BATCHES = 40;

    @TempDir
    Path root;
    private final AtomicLong clock = new AtomicLong(50_000);

    private LogManager manager(Path base, int threads) {
        return new LogManager(new LogManager.Settings(List.of(base.resolve("d1"), base.resolve("d2")),
            LogConfig.of(SMALL_SEGMENTS), 60_000, 60_000, 60_000, threads), clock::get);
    }

    private static TopicPartition tp(int p) {
        return new TopicPartition("orders", p);
    }

    /** Writes BATCHES batches of 2 records to each of LOGS logs: several segments each. */
    private static void fill(LogManager manager, int batches) throws IOException {
        for (int p = 0; p < LOGS; p++) {
            Log log = manager.getOrCreateLog(tp(p));
            for (int i = 0; i < batches; i++) {
                log.append(batch(0, 2, 1_000 + i, 30), 1);
            }
        }
    }

    private static Map<TopicPartition, List<long[]>> contents(LogManager manager) throws IOException {
        Map<TopicPartition, List<long[]>> all = new HashMap<>();
        for (int p = 0; p < LOGS; p++) {
            all.put(tp(p), readAll(manager.getLog(tp(p)).orElseThrow()));
        }
        return all;
    }

    private static void assertSameBatches(Map<TopicPartition, List<long[]>> expected, LogManager manager)
        throws IOException {
        Map<TopicPartition, List<long[]>> actual = contents(manager);
        for (int p = 0; p < LOGS; p++) {
            List<long[]> want = expected.get(tp(p));
            List<long[]> got = actual.get(tp(p));
            assertEquals(want.size(), got.size(), "batches of " + tp(p));
            for (int i = 0; i < want.size(); i++) {
                assertArrayEquals(want.get(i), got.get(i), "batch " + i + " of " + tp(p));
            }
        }
    }

    /** The folders as a SIGKILL would leave them now: a byte copy taken while every log is open. */
    private Path crashImage(String name) throws IOException {
        Path image = root.resolve(name);
        Path live = root.resolve("live");
        try (Stream<Path> files = Files.walk(live)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Path target = image.resolve(live.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else if (!file.getFileName().toString().equals(".lock")) {
                    Files.copy(file, target);
                }
            }
        }
        return image;
    }

    @Test
    void shouldReadNoBatchWhenRestartingAfterACleanShutdown() throws IOException {
        Path base = root.resolve("live");
        LogManager first = manager(base, 2);
        first.startup();
        fill(first, BATCHES);
        assertTrue(first.getLog(tp(0)).orElseThrow().segmentCount() > 2, "several segments per log");
        Map<TopicPartition, List<long[]>> written = contents(first);
        first.close();

        LogManager second = manager(base, 2);
        second.startup();
        assertEquals(LOGS, second.allLogs().size());
        for (Log log : second.allLogs()) {
            assertEquals(0, log.batchesReadOnLoad(), "batches read opening " + log.topicPartition());
            assertEquals(0, log.rebuiltIndexesOnLoad());
            assertEquals(2L * BATCHES, log.logEndOffset());
        }
        assertSameBatches(written, second);
        // the log end and the index position taken without reading must be right for the next appends
        Log log = second.getLog(tp(3)).orElseThrow();
        log.append(batch(0, 3, 5_000, 30), 2);
        assertEquals(2L * BATCHES + 3, log.logEndOffset());
        List<long[]> batches = readAll(log);
        assertArrayEquals(new long[] {2L * BATCHES, 2L * BATCHES + 2, 2}, batches.get(batches.size() - 1));
        second.close();

        LogManager third = manager(base, 1);
        third.startup();
        assertEquals(2L * BATCHES + 3, third.getLog(tp(3)).orElseThrow().logEndOffset());
        assertEquals(0, third.getLog(tp(3)).orElseThrow().batchesReadOnLoad());
        third.close();
    }

    @Test
    void shouldWriteNoEpochCheckpointWhenAnEmptyLedLogRestartsCleanly() throws IOException {
        Path base = root.resolve("live");
        LogManager first = manager(base, 2);
        first.startup();
        first.getOrCreateLog(tp(0)).assignEpochStartOffset(7); // led at epoch 7, nothing written
        first.close();
        Path epochFile = findEpochCheckpoint(base);
        assertEquals(List.of("0", "1", "7 0"), Files.readAllLines(epochFile), "written by the clean close");
        FileTime writtenAt = FileTime.fromMillis(1_000_000);
        Files.setLastModifiedTime(epochFile, writtenAt);

        LogManager second = manager(base, 2);
        second.startup();
        Log log = second.getLog(tp(0)).orElseThrow();
        assertEquals(List.of(), log.epochEntries(), "an epoch that starts at the log end is dropped on load");
        assertEquals(writtenAt, Files.getLastModifiedTime(epochFile), "the load fsynced no checkpoint");
        Path killed = crashImage("killed-after-load");
        second.close();
        assertEquals(List.of("0", "0"), Files.readAllLines(epochFile), "the close writes what the load dropped");

        LogManager afterCrash = manager(killed, 1);
        afterCrash.startup();
        assertEquals(List.of(), afterCrash.getLog(tp(0)).orElseThrow().epochEntries(),
            "a crash before the checkpoint was written drops the epoch again");
        afterCrash.close();
    }

    private static Path findEpochCheckpoint(Path base) throws IOException {
        try (Stream<Path> files = Files.walk(base)) {
            return files.filter(f -> f.getFileName().toString().equals("leader-epoch-checkpoint")).findFirst()
                .orElseThrow();
        }
    }

    @Test
    void shouldValidateNothingInLogsWithNothingPastTheirRecoveryPointAfterAHardKill() throws IOException {
        Path base = root.resolve("live");
        LogManager live = manager(base, 2);
        live.startup();
        fill(live, BATCHES);
        for (Log log : live.allLogs()) {
            log.flush();
        }
        live.checkpoint();
        Log written = live.getLog(tp(5)).orElseThrow();
        written.append(batch(0, 2, 9_000, 30), 1);
        written.append(batch(0, 2, 9_001, 30), 1);
        Map<TopicPartition, List<long[]>> expected = contents(live);
        Path image = crashImage("killed");
        live.close();

        LogManager restarted = manager(image, 2);
        restarted.startup();
        for (Log log : restarted.allLogs()) {
            assertEquals(0, log.rebuiltIndexesOnLoad(), "no index of " + log.topicPartition() + " rebuilt");
            int expectedValidated = log.topicPartition().equals(tp(5)) ? 2 : 0;
            assertEquals(expectedValidated, log.validatedBatchesOnLoad(), "batches validated in " + log.topicPartition());
        }
        assertEquals(2L * BATCHES + 4, restarted.getLog(tp(5)).orElseThrow().logEndOffset());
        assertSameBatches(expected, restarted);
        restarted.close();
    }

    @Test
    void shouldRebuildOnlyTheIndexThatFailsItsSanityCheck() throws IOException {
        Path base = root.resolve("live");
        LogManager live = manager(base, 2);
        live.startup();
        fill(live, BATCHES);
        for (Log log : live.allLogs()) {
            log.flush();
        }
        live.checkpoint();
        Map<TopicPartition, List<long[]>> expected = contents(live);
        Path image = crashImage("killed");
        live.close();

        // an entry of a flushed segment's offset index that points past its log file, as a torn write could leave it
        Path damagedDir = logDir(image, tp(7));
        long firstSegment = segmentBases(damagedDir).get(0);
        Path index = LogFileNames.indexFile(damagedDir, firstSegment, "");
        long logSize = Files.size(LogFileNames.logFile(damagedDir, firstSegment, ""));
        try (FileChannel channel = FileChannel.open(index, StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.allocate(8).putInt(1).putInt((int) logSize + 500).flip(), 0);
        }

        LogManager restarted = manager(image, 2);
        restarted.startup();
        for (Log log : restarted.allLogs()) {
            int expectedRebuilt = log.topicPartition().equals(tp(7)) ? 1 : 0;
            assertEquals(expectedRebuilt, log.rebuiltIndexesOnLoad(), "indexes rebuilt in " + log.topicPartition());
            if (expectedRebuilt == 0) {
                assertEquals(0, log.validatedBatchesOnLoad(), "batches validated in " + log.topicPartition());
            }
        }
        assertSameBatches(expected, restarted);
        Log repaired = restarted.getLog(tp(7)).orElseThrow();
        assertEquals(2, TestBatches.batchesOf(repaired.read(2, 1)).get(0)[0], "the rebuilt index finds offset 2");
        restarted.close();
    }

    @Test
    void shouldOpenTheLogsOfEachDirOnItsOwnRecoveryThreads() throws IOException {
        Path base = root.resolve("live");
        LogManager first = manager(base, 4);
        first.startup();
        fill(first, 2);
        first.close();

        Set<String> threads = ConcurrentHashMap.newKeySet();
        LogManager second = manager(base, 4);
        second.startup(topic -> {
            threads.add(Thread.currentThread().getName());
            return LogConfig.of(SMALL_SEGMENTS);
        });
        assertEquals(LOGS, second.allLogs().size());
        // each dir has 6 logs and a pool of 4 threads, each started for a log of its own
        assertEquals(8, threads.size(), "recovery threads: " + threads);
        assertEquals(4, threads.stream().filter(name -> name.startsWith("log-recovery-d1-")).count(), threads.toString());
        second.close();
    }

    private static Path logDir(Path base, TopicPartition tp) {
        Path d1 = base.resolve("d1").resolve(tp.toString());
        return Files.isDirectory(d1) ? d1 : base.resolve("d2").resolve(tp.toString());
    }

    private static List<Long> segmentBases(Path dir) throws IOException {
        List<Long> bases = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(LogFileNames.LOG_SUFFIX))
                .forEach(n -> bases.add(LogFileNames.baseOffsetOf(n)));
        }
        bases.sort(Long::compare);
        return bases;
    }
}
