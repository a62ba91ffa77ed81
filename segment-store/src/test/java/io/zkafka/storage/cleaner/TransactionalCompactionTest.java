package io.zkafka.storage.cleaner;

import static io.zkafka.storage.cleaner.CompactionFixture.compactConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkafka.common.errors.InvalidProducerEpochException;
import io.zkafka.common.record.BatchRecordIterator;
import io.zkafka.common.record.ControlRecordType;
import io.zkafka.common.record.EndTransactionMarker;
import io.zkafka.common.record.RecordBatchBuilder;
import io.zkafka.common.record.RecordBatchView;
import io.zkafka.common.record.RecordView;
import io.zkafka.storage.AbortedTxn;
import io.zkafka.storage.Log;
import io.zkafka.storage.LogConfig;
import io.zkafka.storage.TxnBatches;
import io.zkafka.storage.producer.AppendOrigin;
import io.zkafka.storage.producer.ProducerStateEntry;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.PriorityQueue;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Compaction of transactional data, Kafka's rules: aborted records go once their abort is known and
 * never hide a committed value; a marker stays while its transaction has data, then lives
 * {@code delete.retention.ms} more; open transactions are never cleaned; what producer state needs
 * stays; and a cleaned log reads the same to read_committed consumers, also after a restart or a crash.
 */
@Timeout(60)
class TransactionalCompactionTest {
    private static final long P1 = 1001L;
    private static final long P2 = 1002L;
    private static final long P3 = 1003L;
    private static final int RETENTION_MS = 1_000;

    @TempDir
    Path root;
    private final CompactionFixture fx = CompactionFixture.create();
    private final LogConfig config = compactConfig(Map.of(LogConfig.DELETE_RETENTION_MS, RETENTION_MS));
    private final Map<Long, Integer> sequences = new HashMap<>();
    private Log log;
    private LogCleaner cleaner;

    @AfterEach
    void close() throws IOException {
        if (log != null) {
            log.close();
        }
    }

    private Log open() throws IOException {
        log = fx.open(root.resolve("t-0"), config);
        return log;
    }

    /** One batch of {@code pid} (transactional or only idempotent) of key/value pairs; returns its first offset. */
    private long produce(long pid, boolean transactional, String... keysAndValues) throws IOException {
        int seq = sequences.getOrDefault(pid, 0);
        RecordBatchBuilder builder = RecordBatchBuilder.uncompressed(0, 1 << 20).producer(pid, (short) 0, seq)
            .transactional(transactional);
        for (int i = 0; i < keysAndValues.length; i += 2) {
            builder.append(fx.clock.get(), bytes(keysAndValues[i]), bytes(keysAndValues[i + 1]));
        }
        sequences.put(pid, seq + keysAndValues.length / 2);
        return log.append(builder.build(), 0).firstOffset();
    }

    private long end(long pid, int epoch, boolean commit) throws IOException {
        return log.append(TxnBatches.marker(pid, epoch, commit, 0), 0, AppendOrigin.COORDINATOR).firstOffset();
    }

    private static byte[] bytes(String s) {
        return s == null ? null : s.getBytes(StandardCharsets.UTF_8);
    }

    /** One pass of the test's cleaner (which remembers the delete horizons it kept) once all is replicated. */
    private int clean() throws IOException {
        log.updateHighWatermark(log.logEndOffset());
        if (cleaner == null) {
            cleaner = fx.cleaner(List.of(log), CompactionFixture.smallCleaner());
        }
        return cleaner.cleanOnce();
    }

    private static String text(ByteBuffer b) {
        return b == null ? null : StandardCharsets.UTF_8.decode(b.duplicate()).toString();
    }

    /** What a read_committed consumer reads, "key=value@offset", filtering as Kafka's consumer does. */
    static List<String> readCommitted(Log source) throws IOException {
        PriorityQueue<AbortedTxn> aborted = new PriorityQueue<>(Comparator.comparingLong(AbortedTxn::firstOffset));
        aborted.addAll(source.collectAbortedTransactions(source.logStartOffset(), Long.MAX_VALUE));
        Set<Long> abortedProducers = new HashSet<>();
        List<String> out = new ArrayList<>();
        for (RecordBatchView batch : CompactionFixture.batches(source)) {
            while (!aborted.isEmpty() && aborted.peek().firstOffset() <= batch.lastOffset()) {
                abortedProducers.add(aborted.poll().producerId());
            }
            if (batch.isControlBatch()) {
                if (EndTransactionMarker.read(batch).type() == ControlRecordType.ABORT) {
                    abortedProducers.remove(batch.producerId());
                }
                continue;
            }
            if (batch.isTransactional() && abortedProducers.contains(batch.producerId())) {
                continue;
            }
            BatchRecordIterator records = batch.records();
            while (records.hasNext()) {
                RecordView r = records.next();
                out.add(text(r.key()) + "=" + text(r.value()) + "@" + r.offset());
            }
        }
        return out;
    }

    /** The markers in the log: "COMMIT|ABORT pid@offset". */
    private static List<String> markers(Log source) throws IOException {
        List<String> out = new ArrayList<>();
        for (RecordBatchView batch : CompactionFixture.batches(source)) {
            if (batch.isControlBatch()) {
                out.add(EndTransactionMarker.read(batch).type() + " " + batch.producerId() + "@" + batch.baseOffset());
            }
        }
        return out;
    }

    private static List<String> values(List<String> read) {
        return read.stream().map(r -> r.substring(0, r.indexOf('@'))).toList();
    }

    @Test
    void shouldDropAbortedRecordsWithoutLettingThemHideACommittedValue() throws IOException {
        open();
        fx.append(log, "a", "a1");
        produce(P1, true, "a", "a-aborted", "b", "b-aborted");
        produce(P2, true, "c", "c1");
        long abort = end(P1, 0, false);
        long commit = end(P2, 0, true);
        produce(P1, true, "e", "e1");
        end(P1, 0, true);
        log.roll();
        fx.append(log, "z", "z1");
        List<String> before = readCommitted(log);

        assertEquals(1, clean());

        assertEquals(before, readCommitted(log), "read_committed consumers see no difference");
        assertTrue(values(readCommitted(log)).contains("a=a1"), "the aborted a must not have shadowed a1");
        List<String> everything = CompactionFixture.records(log).stream().map(r -> r.key() + "=" + r.value()).toList();
        assertFalse(everything.contains("a=a-aborted") || everything.contains("b=b-aborted"), everything.toString());
        assertEquals(List.of("ABORT " + P1 + "@" + abort, "COMMIT " + P2 + "@" + commit,
            "COMMIT " + P1 + "@" + (commit + 2)), markers(log), "markers stay in the pass that removed their data");
        assertEquals(List.of(new AbortedTxn(P1, 1, abort, 3)), log.collectAbortedTransactions(0, Long.MAX_VALUE),
            "the cleaned segment keeps the entry of the abort it kept with its data");
    }

    @Test
    void shouldRemoveAMarkerOnlyAfterItsDataIsGoneAndTheDeleteRetentionPassed() throws IOException {
        open();
        produce(P1, true, "a", "aborted");
        long abort = end(P1, 0, false);
        produce(P2, true, "k", "v1");
        long commit = end(P2, 0, true);
        produce(P1, true, "p1-last", "x");
        end(P1, 0, true);
        produce(P2, true, "p2-last", "y");
        end(P2, 0, true);
        fx.append(log, "k", "v2");                           // shadows P2's committed k=v1
        log.roll();
        fx.append(log, "active", "1");

        clean();                                             // pass 1: the data goes, the markers stay
        assertTrue(markers(log).contains("ABORT " + P1 + "@" + abort));
        assertTrue(markers(log).contains("COMMIT " + P2 + "@" + commit));
        assertEquals(1, log.collectAbortedTransactions(0, Long.MAX_VALUE).size());

        fx.append(log, "dirty", "1");
        log.roll();
        clean();                                             // pass 2: no data left: horizons, index entry gone
        assertTrue(markers(log).contains("ABORT " + P1 + "@" + abort), "kept for delete.retention.ms");
        assertTrue(markers(log).contains("COMMIT " + P2 + "@" + commit));
        assertEquals(List.of(), log.collectAbortedTransactions(0, Long.MAX_VALUE));

        fx.clock.addAndGet(RETENTION_MS - 1);
        clean();
        assertTrue(markers(log).contains("ABORT " + P1 + "@" + abort), "the horizon has not passed");
        fx.clock.addAndGet(1);
        clean();                                             // pass due at the horizon, nothing dirty
        assertFalse(markers(log).contains("ABORT " + P1 + "@" + abort));
        assertFalse(markers(log).contains("COMMIT " + P2 + "@" + commit));
        assertEquals(2, markers(log).size(), "the later commits still have their data: " + markers(log));
    }

    @Test
    void shouldNeverCleanAnOpenTransactionOrAnythingAfterIt() throws IOException {
        open();
        fx.append(log, "k", "v0");
        long open = produce(P1, true, "k", "open", "o", "1");
        for (int i = 1; i <= 3; i++) {
            fx.append(log, "k", "v" + i);
        }
        log.roll();
        fx.append(log, "active", "1");
        List<CompactionFixture.Rec> before = CompactionFixture.records(log);

        clean();

        assertEquals(open, log.lastStableOffset());
        List<CompactionFixture.Rec> after = CompactionFixture.records(log);
        assertEquals(before.stream().filter(r -> r.offset() >= open).toList(),
            after.stream().filter(r -> r.offset() >= open).toList(), "nothing at or after the open transaction changes");
        assertEquals(before.get(0), after.get(0), "k=v0 may not go: the newer values lie beyond what may be cleaned");
    }

    @Test
    void shouldKeepWhatProducerStateNeedsSoAFollowerRebuildsItFromTheCleanedLog() throws IOException {
        open();
        produce(P1, false, "x", "1");                        // an idempotent producer's only batch
        produce(P3, true, "t", "aborted");
        end(P3, 1, false);                                   // a timeout abort: the coordinator bumped the epoch
        fx.append(log, "x", "2", "t", "3");
        log.roll();
        fx.append(log, "active", "1");
        for (int pass = 0; pass < 3; pass++) {
            clean();
            fx.clock.addAndGet(RETENTION_MS);
            fx.append(log, "dirty", "" + pass);
            log.roll();
        }
        assertTrue(markers(log).contains("ABORT " + P3 + "@2"), "P3's last epoch lives in its marker");
        RecordBatchView p1 = CompactionFixture.batches(log).get(0);
        assertEquals(P1, p1.producerId());
        assertEquals(0, p1.recordCount(), "P1's last batch stays, empty");

        Map<Long, ProducerStateEntry> leaderState = log.activeProducers();
        try (Log follower = Log.open(root.resolve("t-1"), config, 0, 0, true, fx.clock::get)) {
            for (RecordBatchView batch : CompactionFixture.batches(log)) {
                ByteBuffer copy = ByteBuffer.allocate(batch.sizeInBytes());
                copy.put(batch.buffer().duplicate().position(batch.offset()).limit(batch.offset() + batch.sizeInBytes()))
                    .flip();
                follower.appendAsFollower(copy);
            }
            ProducerStateEntry p1State = follower.activeProducers().get(P1);
            assertEquals(leaderState.get(P1).lastSeq(), p1State.lastSeq());
            assertEquals(1, follower.activeProducers().get(P3).producerEpoch());
            assertThrows(InvalidProducerEpochException.class,
                () -> follower.append(TxnBatches.data(P3, 0, 1, 1, "zombie"), 0), "the zombie is fenced");
            follower.updateHighWatermark(follower.logEndOffset());
            assertEquals(OptionalLong.empty(), follower.firstUnstableOffset(), "the cleaned log leaves nothing open");
        }
    }

    @Test
    void shouldReadTheSameAfterAnUncleanRestartAndAfterACrashMidSwap() throws Exception {
        open();
        for (int round = 0; round < 4; round++) {
            produce(P1, true, "a", "a" + round, "b", "b" + round);
            end(P1, 0, round % 2 == 0);
            produce(P2, true, "a", "p2-" + round);
            end(P2, 0, round % 2 == 1);
            log.roll();
        }
        fx.append(log, "active", "1");
        List<String> before = readCommitted(log);
        List<AbortedTxn> aborts = log.collectAbortedTransactions(0, Long.MAX_VALUE);
        assertEquals(4, aborts.size());
        LogCleaner crashing = fx.cleaner(List.of(log), CompactionFixture.smallCleaner());
        crashing.stageListener((stage, l) -> {
            if (stage == LogCleaner.Stage.SWAP_COMMITTED) {
                throw new IllegalStateException("simulated crash after the swap's commit point");
            }
        });
        log.updateHighWatermark(log.logEndOffset());
        assertThrows(IllegalStateException.class, crashing::cleanOnce);
        Path dir = log.dir();
        log = null;                                          // abandoned, as a crash leaves it

        List<String> newestCommitted = newestPerKey(before);
        assertEquals(List.of("b=b2@11", "a=p2-3@18", "active=1@20"), newestCommitted);

        log = fx.reopenAfterCrash(dir, config);              // the loader completes the committed swap
        log.updateHighWatermark(log.logEndOffset());
        assertEquals(newestCommitted, readCommitted(log));
        assertEquals(aborts, log.collectAbortedTransactions(0, Long.MAX_VALUE),
            "the swapped-in segment brought its index: every abort marker stayed with its data in that pass");
        clean();
        assertEquals(newestCommitted, readCommitted(log));
        log.close();

        log = fx.reopenAfterCrash(dir, config);
        log.updateHighWatermark(log.logEndOffset());
        assertEquals(newestCommitted, readCommitted(log), "the cleaned indexes agree with a replay of the cleaned log");
        assertEquals(OptionalLong.empty(), log.firstUnstableOffset());
    }

    /** The last of each key's entries ("key=value@offset"), in offset order. */
    private static List<String> newestPerKey(List<String> read) {
        Map<String, String> newest = new LinkedHashMap<>();
        for (String entry : read) {
            String key = entry.substring(0, entry.indexOf('='));
            newest.remove(key);
            newest.put(key, entry);
        }
        return List.copyOf(newest.values());
    }
}
