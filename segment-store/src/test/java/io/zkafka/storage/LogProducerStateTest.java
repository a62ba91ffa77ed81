package io.zkafka.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkafka.common.errors.InvalidProducerEpochException;
import io.zkafka.common.errors.OutOfOrderSequenceException;
import io.zkafka.common.errors.UnknownProducerIdException;
import io.zkafka.common.record.RecordBatchBuilder;
import io.zkafka.storage.producer.ProducerSnapshotFile;
import io.zkafka.storage.producer.ProducerStateEntry;
import io.zkafka.storage.producer.ProducerStateLoader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Producer state inside a real log: duplicates answered and written once, followers rebuilding the
 * leader's state, snapshots at roll and clean close, recovery that replays only the tail, corrupt
 * snapshots, truncation, retention and expiry.
 */
@Timeout(60)
class LogProducerStateTest {
    private static final long PID = 1_000L;
    private static final int RECORDS = 4;
    /** Each test batch is {@value #RECORDS} records of 100 bytes; segments roll every few batches. */
    private static final Map<String, Object> SMALL_SEGMENTS = Map.of("segment.bytes", 1_500);

    @TempDir
    Path root;
    private final AtomicLong clock = new AtomicLong(1_000_000);
    private Log log;

    private Log open(Path dir, boolean cleanShutdown) throws IOException {
        log = Log.open(dir, LogConfig.of(SMALL_SEGMENTS), 0, 0, cleanShutdown, clock::get);
        return log;
    }

    private Log open() throws IOException {
        return open(root.resolve("orders-0"), true);
    }

    @AfterEach
    void close() throws IOException {
        if (log != null) {
            log.close();
        }
    }

    private static ByteBuffer batch(long pid, int epoch, int firstSeq) {
        RecordBatchBuilder builder = RecordBatchBuilder.uncompressed(0, 1 << 20).producer(pid, (short) epoch, firstSeq);
        for (int i = 0; i < RECORDS; i++) {
            builder.append(5_000L, null, new byte[100]);
        }
        return builder.build();
    }

    /** Appends the producer's batches {@code fromBatch} .. {@code toBatch - 1} (sequences {@code RECORDS * n}). */
    private void produce(long pid, int fromBatch, int toBatch) throws IOException {
        for (int n = fromBatch; n < toBatch; n++) {
            log.append(batch(pid, 0, n * RECORDS), 0);
        }
    }

    @Test
    void shouldAnswerAResentBatchWithItsFirstOffsetAndWriteItOnce() throws IOException {
        open();
        produce(PID, 0, 3);
        long end = log.logEndOffset();
        LogAppendInfo resent = log.append(batch(PID, 0, RECORDS), 0);
        assertTrue(resent.isDuplicate());
        assertEquals(RECORDS, resent.firstOffset());
        assertEquals(2 * RECORDS - 1, resent.lastOffset());
        assertEquals(end, log.logEndOffset(), "nothing written");
        assertEquals(3, TestBatches.readAll(log).size());

        assertThrows(OutOfOrderSequenceException.class, () -> log.append(batch(PID, 0, 5 * RECORDS), 0));
        assertThrows(UnknownProducerIdException.class, () -> log.append(batch(PID + 1, 0, 8), 0));
        assertEquals(end, log.logEndOffset(), "refused appends write nothing");
        assertEquals(end, log.append(batch(PID, 0, 3 * RECORDS), 0).firstOffset());
        assertEquals(end + RECORDS, log.append(batch(PID, 1, 0), 0).firstOffset(), "an epoch bump starts at 0");
        assertThrows(InvalidProducerEpochException.class, () -> log.append(batch(PID, 0, 4 * RECORDS), 0),
            "the old epoch is fenced");
    }

    @Test
    void shouldRebuildTheLeadersStateOnAFollowerFromTheBatchesItReplicates() throws IOException {
        Log leader = open();
        produce(PID, 0, 4);
        produce(PID + 1, 0, 2);
        ByteBuffer everything = wholeLog(leader);
        try (Log follower = Log.open(root.resolve("orders-1"), LogConfig.of(SMALL_SEGMENTS), 0, 0, true, clock::get)) {
            for (int at = 0; at < everything.limit(); ) {
                int size = everything.getInt(at + 8) + 12;
                follower.appendAsFollower(everything.duplicate().position(at).limit(at + size).slice());
                at += size;
            }
            assertEquals(describe(leader.activeProducers()), describe(follower.activeProducers()));
            assertTrue(follower.append(batch(PID, 0, 2 * RECORDS), 0).isDuplicate(),
                "a follower that becomes leader knows the producer's last batches");
        }
    }

    private static ByteBuffer wholeLog(Log source) throws IOException {
        List<ByteBuffer> parts = new ArrayList<>();
        for (long next = source.logStartOffset(); next < source.logEndOffset(); ) {
            FileSlice slice = source.read(next, 1 << 20);
            List<long[]> headers = TestBatches.batchesOf(slice);
            parts.add(slice.readAll());
            next = headers.get(headers.size() - 1)[1] + 1;
        }
        return TestBatches.concat(parts.toArray(new ByteBuffer[0]));
    }

    private static String describe(Map<Long, ProducerStateEntry> producers) {
        return producers.values().stream().map(ProducerStateEntry::toString).sorted().toList().toString();
    }

    @Test
    void shouldSnapshotAtRollAndAtCleanCloseSoThatTheNextOpenReplaysNothing() throws IOException {
        Path dir = root.resolve("orders-0");
        open(dir, true);
        produce(PID, 0, 10);
        List<Long> bases = log.segmentBaseOffsets();
        assertTrue(bases.size() >= 3, "several segments: " + bases);
        assertEquals(bases.subList(1, bases.size()), log.producerSnapshotOffsets(), "one snapshot per roll");
        long end = log.logEndOffset();
        log.takeProducerSnapshot();
        log.close();

        open(dir, true);
        assertEquals(new ProducerStateLoader.LoadResult(end, end, 0), log.producerStateLoad());
        assertTrue(log.append(batch(PID, 0, 9 * RECORDS), 0).isDuplicate());
    }

    @Test
    void shouldRecoverFromTheLastSnapshotByReplayingOnlyTheTailsHeaders() throws IOException {
        Path dir = root.resolve("orders-0");
        open(dir, true);
        produce(PID, 0, 10);
        long lastRoll = log.segmentBaseOffsets().get(log.segmentBaseOffsets().size() - 1);
        int tailBatches = (int) ((log.logEndOffset() - lastRoll) / RECORDS);
        log.close();

        open(dir, false);
        ProducerStateLoader.LoadResult load = log.producerStateLoad();
        assertEquals(lastRoll, load.snapshotOffset());
        assertEquals(lastRoll, load.replayedFrom());
        assertEquals(tailBatches, load.replayedBatches(), "only the batches after the last snapshot");
        assertTrue(tailBatches < 10);
        for (int n = 5; n < 10; n++) {
            assertTrue(log.append(batch(PID, 0, n * RECORDS), 0).isDuplicate(), "batch " + n + " is still known");
        }
        assertEquals(10 * RECORDS, log.append(batch(PID, 0, 10 * RECORDS), 0).firstOffset());
    }

    @Test
    void shouldIgnoreACorruptSnapshotAndFallBackToAnOlderOneOrTheLogStart() throws IOException {
        Path dir = root.resolve("orders-0");
        open(dir, true);
        produce(PID, 0, 10);
        List<Long> snapshots = log.producerSnapshotOffsets();
        String expected = describe(log.activeProducers());
        log.close();
        corrupt(ProducerSnapshotFile.path(dir, snapshots.get(snapshots.size() - 1)));

        open(dir, false);
        assertEquals(snapshots.get(snapshots.size() - 2), log.producerStateLoad().snapshotOffset());
        assertEquals(expected, describe(log.activeProducers()));
        log.close();
        for (long offset : log.producerSnapshotOffsets()) {
            corrupt(ProducerSnapshotFile.path(dir, offset));
        }

        open(dir, false);
        assertEquals(-1, log.producerStateLoad().snapshotOffset());
        assertEquals(0, log.producerStateLoad().replayedFrom());
        assertEquals(10, log.producerStateLoad().replayedBatches(), "the whole log's headers, as a last resort");
        assertEquals(expected, describe(log.activeProducers()));
    }

    private static void corrupt(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length - 1] ^= 0x01;
        Files.write(file, bytes);
    }

    @Test
    void shouldRebuildTheStateFromTheNewestSnapshotBelowATruncation() throws IOException {
        open();
        produce(PID, 0, 10);
        long cut = 6 * RECORDS;
        assertTrue(log.truncateTo(cut));
        assertTrue(log.producerSnapshotOffsets().stream().allMatch(o -> o <= cut), log.producerSnapshotOffsets()
            + " all at or below the cut");
        ProducerStateEntry entry = log.activeProducers().get(PID);
        assertEquals(cut - 1, entry.lastDataOffset());
        assertEquals(6 * RECORDS - 1, entry.lastSeq());
        assertEquals(cut, log.append(batch(PID, 0, 6 * RECORDS), 0).firstOffset(), "the cut batches are new again");
        assertTrue(log.append(batch(PID, 0, 5 * RECORDS), 0).isDuplicate());
    }

    @Test
    void shouldDropAllStateWhenTheLogStartsAfresh() throws IOException {
        open();
        produce(PID, 0, 10);
        log.truncateFullyAndStartAt(1_000);
        assertTrue(log.activeProducers().isEmpty());
        assertEquals(List.of(), log.producerSnapshotOffsets());
    }

    @Test
    void shouldDeleteSnapshotsWithTheirSegmentsButKeepTheProducers() throws IOException {
        open();
        produce(PID, 0, 10);
        List<Long> bases = log.segmentBaseOffsets();
        log.updateHighWatermark(log.logEndOffset());
        long newStart = bases.get(bases.size() - 1);
        log.deleteRecordsBefore(newStart);
        assertEquals(List.of(newStart), log.segmentBaseOffsets());
        assertTrue(log.producerSnapshotOffsets().stream().allMatch(o -> o >= newStart), log.producerSnapshotOffsets()
            + " at or above " + newStart);
        assertTrue(log.append(batch(PID, 0, 9 * RECORDS), 0).isDuplicate(), "the state outlives the segments");
        assertEquals(log.logEndOffset(), log.append(batch(PID, 0, 10 * RECORDS), 0).firstOffset());
    }

    @Test
    void shouldExpireIdleProducersByTheLogsClock() throws IOException {
        open();
        produce(PID, 0, 1);
        assertEquals(0, log.removeExpiredProducers(clock.get() - 5_000 + 1));
        clock.set(5_000 + 60_000);
        assertEquals(1, log.removeExpiredProducers(60_000));
        assertThrows(UnknownProducerIdException.class, () -> log.append(batch(PID, 0, RECORDS), 0));
        assertFalse(log.activeProducers().containsKey(PID));
    }
}
