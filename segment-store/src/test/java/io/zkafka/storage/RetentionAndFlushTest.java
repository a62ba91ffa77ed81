package io.zkafka.storage;

import static io.zkafka.storage.TestBatches.batch;
import static io.zkafka.storage.TestBatches.readAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RetentionAndFlushTest {
    @TempDir
    Path root;
    private final AtomicLong clock = new AtomicLong(10_000);
    private Log log;

    private Log open(Map<String, ?> overrides) throws IOException {
        log = Log.open(root.resolve("t-0"), LogConfig.of(overrides), 0, 0, true, clock::get);
        return log;
    }

    @AfterEach
    void close() throws IOException {
        if (log != null) {
            log.close();
        }
    }

    /** Appends {@code count} two-record batches with timestamps from {@code firstTimestamp}, one per segment. */
    private void appendSegments(int count, long firstTimestamp) throws IOException {
        for (int i = 0; i < count; i++) {
            log.append(batch(2, firstTimestamp + i), 0);
            log.roll();
        }
    }

    private long filesEnding(String suffix) throws IOException {
        try (Stream<Path> files = Files.list(log.dir())) {
            return files.filter(f -> f.toString().endsWith(suffix)).count();
        }
    }

    @Test
    void shouldDeleteSegmentsOlderThanRetentionMsButNeverTheActiveOne() throws IOException {
        open(Map.of("retention.ms", "1000", "file.delete.delay.ms", "500"));
        appendSegments(5, 1000);
        log.append(batch(2, 1000), 0);
        clock.set(2003);
        assertEquals(3, log.deleteOldSegments());
        assertEquals(6, log.logStartOffset());
        assertEquals(3, log.segmentCount());
        assertEquals(9, filesEnding(".deleted"));
        clock.set(100_000);
        assertEquals(2, log.deleteOldSegments());
        assertEquals(List.of(10L), log.segmentBaseOffsets());
        assertEquals(0, log.deleteOldSegments());
        assertThrows(OffsetOutOfRangeException.class, () -> log.read(0, 100));
        assertEquals(3, log.deleteExpiredFiles());
        clock.addAndGet(500);
        assertEquals(2, log.deleteExpiredFiles());
        assertEquals(0, filesEnding(".deleted"));
    }

    @Test
    void shouldKeepReadsOfADeletedSegmentWorkingUntilTheDelayPasses() throws IOException {
        open(Map.of("retention.ms", "1000", "file.delete.delay.ms", "500"));
        appendSegments(2, 1000);
        FileSlice slice = log.read(0, 1000);
        clock.set(100_000);
        assertEquals(2, log.deleteOldSegments());
        assertEquals(1, TestBatches.batchesOf(slice).size());
        assertEquals(0, log.deleteExpiredFiles());
        clock.addAndGet(500);
        assertEquals(2, log.deleteExpiredFiles());
    }

    @Test
    void shouldDeleteOldestSegmentsBeyondRetentionBytes() throws IOException {
        open(Map.of("retention.ms", "-1"));
        appendSegments(5, 1000);
        long segmentSize = log.size() / 5;
        log.updateConfig(LogConfig.of(Map.of("retention.ms", "-1", "retention.bytes", String.valueOf(segmentSize * 2))));
        assertEquals(3, log.deleteOldSegments());
        assertEquals(segmentSize * 2, log.size());
        assertEquals(6, log.logStartOffset());
    }

    @Test
    void shouldNotDeleteByTimeOrSizeWhenThePolicyIsCompactOnly() throws IOException {
        open(Map.of("retention.ms", "1", "retention.bytes", "1", "cleanup.policy", "compact"));
        appendSegments(3, 1000);
        clock.set(1_000_000);
        assertEquals(0, log.deleteOldSegments());
        assertEquals(4, log.segmentCount());
    }

    @Test
    void shouldAdvanceTheLogStartOffsetOnDeleteRecordsUpToTheHighWatermark() throws IOException {
        open(Map.of("retention.ms", "-1"));
        appendSegments(4, 1000);
        assertThrows(OffsetOutOfRangeException.class, () -> log.deleteRecordsBefore(5));
        log.updateHighWatermark(8);
        assertEquals(5, log.deleteRecordsBefore(5));
        assertEquals(5, log.logStartOffset());
        assertEquals(List.of(4L, 6L, 8L), log.segmentBaseOffsets());
        assertThrows(OffsetOutOfRangeException.class, () -> log.read(4, 100));
        assertEquals(4, TestBatches.batchesOf(log.read(5, 100)).get(0)[0]);
        assertEquals(2, readAll(log).size());
        assertEquals(5, log.deleteRecordsBefore(3));
        Path dir = log.dir();
        log.close();
        log = Log.open(dir, LogConfig.defaults(), 0, 5, true, clock::get);
        assertEquals(5, log.logStartOffset());
    }

    @Test
    void shouldFlushAfterFlushMessagesAndMoveTheRecoveryPoint() throws IOException {
        open(Map.of("flush.messages", "5"));
        log.append(batch(2, 1), 0);
        assertEquals(0, log.recoveryPoint());
        log.append(batch(3, 1), 0);
        assertEquals(5, log.recoveryPoint());
        log.append(batch(1, 1), 0);
        assertEquals(5, log.recoveryPoint());
    }

    @Test
    void shouldFlushWhenFlushMsHasPassed() throws IOException {
        open(Map.of("flush.ms", "100"));
        log.append(batch(2, 1), 0);
        assertFalse(log.flushIfDue());
        clock.addAndGet(100);
        assertTrue(log.flushIfDue());
        assertEquals(2, log.recoveryPoint());
        clock.addAndGet(100);
        assertFalse(log.flushIfDue());
    }
}
