package io.zkafka.storage;

import static io.zkafka.storage.TxnBatches.data;
import static io.zkafka.storage.TxnBatches.marker;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkafka.common.record.RecordBatchView;
import io.zkafka.storage.internals.LogFileNames;
import io.zkafka.storage.internals.LogSegment;
import io.zkafka.storage.producer.AppendOrigin;
import io.zkafka.storage.producer.ProducerSnapshotFile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Transactions inside a real log: the last stable offset, the aborted-transaction index beside each
 * segment and the search a read_committed fetch makes in it, truncation, followers, and recovery
 * repairing the index (a crash between a marker and its entry, no usable snapshot).
 */
@Timeout(60)
class LogTransactionsTest {
    private static final Map<String, Object> SMALL_SEGMENTS = Map.of("segment.bytes", 400);
    private static final long A = 100L;
    private static final long B = 200L;

    @TempDir
    Path root;
    private final AtomicLong clock = new AtomicLong(1_000_000);
    private final Map<Long, Integer> sequences = new LinkedHashMap<>();
    private final List<AbortedTxn> aborted = new ArrayList<>();
    private final Map<Long, Long> openSince = new LinkedHashMap<>();
    private Log log;

    private Log open(Path dir, boolean cleanShutdown) throws IOException {
        log = Log.open(dir, LogConfig.of(SMALL_SEGMENTS), 0, 0, cleanShutdown, clock::get);
        return log;
    }

    private Path dir() {
        return root.resolve("payments-0");
    }

    @AfterEach
    void close() throws IOException {
        if (log != null) {
            log.close();
        }
    }

    /** A transactional batch of {@code records} records of {@code pid}; returns its first offset. */
    private long send(long pid, int records) throws IOException {
        int seq = sequences.getOrDefault(pid, 0);
        long first = log.append(data(pid, 0, seq, records, "v"), 0).firstOffset();
        sequences.put(pid, seq + records);
        openSince.putIfAbsent(pid, first);
        return first;
    }

    /** The coordinator's marker for {@code pid}; returns its offset and remembers what an abort ended. */
    private long end(long pid, boolean commit) throws IOException {
        Long first = openSince.remove(pid);
        long offset = log.append(marker(pid, 0, commit, 0), 0, AppendOrigin.COORDINATOR).firstOffset();
        if (!commit && first != null) {
            long lso = openSince.values().stream().mapToLong(Long::longValue).min().orElse(offset + 1);
            aborted.add(new AbortedTxn(pid, first, offset, lso));
        }
        return offset;
    }

    private long plain(int records) throws IOException {
        return log.append(TestBatches.batch(0, records, 1_000L, 10), 0).firstOffset();
    }

    /** Every index entry, by the base offset of the segment holding it. */
    private static Map<Long, List<AbortedTxn>> indexes(Log source) throws IOException {
        Map<Long, List<AbortedTxn>> all = new LinkedHashMap<>();
        for (LogSegment segment : source.segments()) {
            all.put(segment.baseOffset(), segment.txnIndex().allAbortedTxns());
        }
        return all;
    }

    /** A random mix of two producers' transactions, plain batches, commits and aborts, over many segments. */
    private void writeMixedLog(long seed, int steps) throws IOException {
        Random random = new Random(seed);
        for (int i = 0; i < steps; i++) {
            long pid = random.nextBoolean() ? A : B;
            int action = random.nextInt(10);
            if (action < 5) {
                send(pid, 1 + random.nextInt(3));
            } else if (action < 6) {
                plain(2);
            } else if (openSince.containsKey(pid)) {
                end(pid, action < 8);
            }
        }
    }

    @Test
    void shouldHoldTheLastStableOffsetAtTheOldestOpenTransactionAndBelowTheHighWatermark() throws IOException {
        open(dir(), true);
        long a = send(A, 2);
        plain(2);
        long b = send(B, 2);
        log.updateHighWatermark(log.logEndOffset());
        assertEquals(a, log.lastStableOffset());
        assertEquals(OptionalLong.of(a), log.firstUnstableOffset());

        long commitA = end(A, true);
        assertEquals(a, log.lastStableOffset(), "A's commit is not replicated yet");
        log.updateHighWatermark(commitA + 1);
        assertEquals(b, log.lastStableOffset(), "B's transaction is the oldest open now");
        long abortB = end(B, false);
        assertEquals(b, log.lastStableOffset(), "B's abort is not replicated yet");
        log.updateHighWatermark(abortB);
        assertEquals(b, log.lastStableOffset(), "the high watermark must pass the marker");
        log.updateHighWatermark(log.logEndOffset());
        assertEquals(abortB + 1, log.lastStableOffset());
        assertEquals(OptionalLong.empty(), log.firstUnstableOffset());

        long c = send(A, 1);
        log.updateHighWatermark(log.logEndOffset());
        long readTo = 0;
        for (List<long[]> got = TestBatches.batchesOf(log.read(0, 1 << 20, log.lastStableOffset())); !got.isEmpty();
             got = TestBatches.batchesOf(log.read(readTo, 1 << 20, log.lastStableOffset()))) {
            readTo = got.get(got.size() - 1)[1] + 1;
        }
        assertEquals(c, readTo, "read_committed reads stop before the open transaction");
    }

    @Test
    void shouldIndexEachAbortInTheSegmentHoldingItsMarker() throws IOException {
        open(dir(), true);
        writeMixedLog(7, 300);
        assertTrue(log.segmentCount() > 10, "many segments: " + log.segmentCount());
        List<Long> bases = log.segmentBaseOffsets();
        List<AbortedTxn> indexed = new ArrayList<>();
        for (int i = 0; i < bases.size(); i++) {
            long base = bases.get(i);
            long next = i + 1 < bases.size() ? bases.get(i + 1) : log.logEndOffset();
            for (AbortedTxn txn : indexes(log).get(base)) {
                assertTrue(txn.lastOffset() >= base && txn.lastOffset() < next, txn + " in segment " + base);
                indexed.add(txn);
            }
        }
        assertEquals(aborted, indexed);
        assertFalse(aborted.isEmpty());
        assertTrue(Files.exists(LogFileNames.txnIndexFile(dir(), bases.get(bases.size() - 1), ""))
            || indexes(log).get(bases.get(bases.size() - 1)).isEmpty());
    }

    @Test
    void shouldCollectExactlyTheAbortedTransactionsOverlappingAFetchedSlice() throws IOException {
        open(dir(), true);
        writeMixedLog(11, 300);
        log.updateHighWatermark(log.logEndOffset());
        long lso = log.lastStableOffset();
        for (long offset = 0; offset < lso; offset += 3) {
            long from = offset;
            for (int maxBytes : new int[] {1, 150, 1 << 20}) {
                FileSlice slice = log.read(from, maxBytes, lso);
                List<long[]> batches = TestBatches.batchesOf(slice);
                long after = batches.get(batches.size() - 1)[1] + 1;
                assertTrue(slice.nextOffset() >= after, "next offset " + slice.nextOffset() + " after " + after);
                long bound = slice.nextOffset();
                List<AbortedTxn> expected = aborted.stream()
                    .filter(t -> t.lastOffset() >= from && t.firstOffset() < bound).toList();
                assertEquals(expected, log.abortedTransactions(slice), "read from " + from + ", " + maxBytes + " bytes");
            }
        }
        assertEquals(List.of(), log.abortedTransactions(FileSlice.empty(lso)));
    }

    @Test
    void shouldEndAReadAtTheBatchAfterTheSliceWhenItKnowsIt() throws IOException {
        open(dir(), true);
        for (int i = 0; i < 5; i++) {
            plain(2);
        }
        log.updateHighWatermark(log.logEndOffset());
        int oneBatch = TestBatches.batch(0, 2, 1_000L, 10).remaining();
        FileSlice slice = log.read(0, oneBatch, log.highWatermark());
        assertEquals(2, slice.nextOffset(), "the base offset of the batch that did not fit");
        FileSlice toTheEnd = log.read(0, 1 << 20, log.highWatermark());
        long nextSegment = log.segmentBaseOffsets().size() > 1 ? log.segmentBaseOffsets().get(1) : log.logEndOffset();
        assertEquals(nextSegment, toTheEnd.nextOffset());
    }

    @Test
    void shouldReopenATransactionAndDropItsEntryWhenTheLogIsCutBelowItsMarker() throws IOException {
        open(dir(), true);
        long a = send(A, 2);
        send(B, 1);
        long abortA = end(A, false);
        end(B, true);
        assertEquals(1, log.collectAbortedTransactions(0, Long.MAX_VALUE).size());
        assertTrue(log.truncateTo(abortA));
        assertEquals(List.of(), log.collectAbortedTransactions(0, Long.MAX_VALUE));
        assertEquals(OptionalLong.of(a), log.firstUnstableOffset(), "both transactions are open again");
        assertEquals(List.of(), log.segments().get(0).txnIndex().allAbortedTxns());
        long again = log.append(marker(A, 0, false, 0), 0, AppendOrigin.COORDINATOR).firstOffset();
        assertEquals(List.of(new AbortedTxn(A, a, again, a + 2)), log.collectAbortedTransactions(0, Long.MAX_VALUE),
            "B's transaction from offset " + (a + 2) + " is open again");
    }

    @Test
    void shouldBuildTheLeadersTransactionStateAndIndexesOnAFollower() throws IOException {
        Log leader = open(dir(), true);
        writeMixedLog(3, 200);
        try (Log follower = Log.open(root.resolve("payments-1"), LogConfig.of(SMALL_SEGMENTS), 0, 0, true, clock::get)) {
            for (long next = 0; next < leader.logEndOffset(); ) {
                FileSlice slice = leader.read(next, 1);
                ByteBuffer batch = slice.readAll();
                follower.appendAsFollower(batch);
                next = new RecordBatchView(batch, 0).nextOffset();
            }
            leader.updateHighWatermark(leader.logEndOffset());
            follower.updateHighWatermark(leader.highWatermark());
            assertEquals(leader.firstUnstableOffset(), follower.firstUnstableOffset());
            assertEquals(leader.lastStableOffset(), follower.lastStableOffset());
            assertEquals(indexes(leader), indexes(follower));
            assertEquals(aborted, follower.collectAbortedTransactions(0, Long.MAX_VALUE));
        }
    }

    @Test
    void shouldRewriteAnIndexEntryLostBetweenTheMarkerAndTheIndexWrite() throws IOException {
        open(dir(), true);
        writeMixedLog(5, 200);
        send(A, 1);
        end(A, false);                                  // its entry is the active segment's last
        log.updateHighWatermark(log.logEndOffset());
        Map<Long, List<AbortedTxn>> before = indexes(log);
        OptionalLong open = log.firstUnstableOffset();
        LogSegment active = log.segments().get(log.segmentCount() - 1);
        Path activeIndex = active.txnIndex().file();
        log.close();
        try (FileChannel channel = FileChannel.open(activeIndex, StandardOpenOption.WRITE)) {
            channel.truncate(channel.size() - 34 + 5);  // the crash: the last entry lost, a torn piece left
        }

        open(dir(), false);
        log.updateHighWatermark(log.logEndOffset());   // as the log manager does from its checkpoint
        assertEquals(before, indexes(log));
        assertEquals(open, log.firstUnstableOffset());
        assertEquals(aborted, log.collectAbortedTransactions(0, Long.MAX_VALUE));
    }

    @Test
    void shouldRebuildEveryIndexFromTheLogStartWithoutAUsableSnapshot() throws IOException {
        open(dir(), true);
        writeMixedLog(9, 250);
        log.updateHighWatermark(log.logEndOffset());
        Map<Long, List<AbortedTxn>> before = indexes(log);
        OptionalLong open = log.firstUnstableOffset();
        List<Long> snapshots = log.producerSnapshotOffsets();
        log.close();
        for (long offset : snapshots) {
            Files.delete(ProducerSnapshotFile.path(dir(), offset));
        }
        long firstIndexed = before.entrySet().stream().filter(e -> !e.getValue().isEmpty()).findFirst()
            .orElseThrow().getKey();
        Files.delete(LogFileNames.txnIndexFile(dir(), firstIndexed, ""));

        open(dir(), false);
        log.updateHighWatermark(log.logEndOffset());
        assertEquals(0, log.producerStateLoad().replayedFrom());
        assertEquals(before, indexes(log), "rebuilt once, not appended twice");
        assertEquals(open, log.firstUnstableOffset());
    }

    @Test
    void shouldKeepAnOpenTransactionAcrossACleanRestart() throws IOException {
        open(dir(), true);
        plain(1);
        long a = send(A, 2);
        end(B, false);
        log.takeProducerSnapshot();
        log.close();
        open(dir(), true);
        assertEquals(0, log.producerStateLoad().replayedBatches());
        assertEquals(OptionalLong.of(a), log.firstUnstableOffset());
        log.updateHighWatermark(log.logEndOffset());
        assertEquals(a, log.lastStableOffset());
        long abortA = end(A, false);
        assertEquals(List.of(new AbortedTxn(A, a, abortA, abortA + 1)), log.collectAbortedTransactions(0, Long.MAX_VALUE));
    }
}
