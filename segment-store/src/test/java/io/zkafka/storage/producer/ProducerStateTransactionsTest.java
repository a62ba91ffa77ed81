package io.zkafka.storage.producer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.zkafka.common.TopicPartition;
import io.zkafka.common.errors.InvalidProducerEpochException;
import io.zkafka.common.errors.InvalidRecordException;
import io.zkafka.common.errors.InvalidTxnStateException;
import io.zkafka.common.errors.TransactionCoordinatorFencedException;
import io.zkafka.common.record.ControlRecordType;
import io.zkafka.common.record.EndTransactionMarker;
import io.zkafka.common.record.RecordBatchBuilder;
import io.zkafka.common.record.RecordBatchView;
import io.zkafka.storage.AbortedTxn;
import io.zkafka.storage.internals.LogFileNames;
import io.zkafka.storage.internals.TransactionIndex;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Transactions in one partition's producer state: a transactional batch opens a transaction, a marker
 * ends it, aborted ones are indexed with the last stable offset after them, and Kafka's fencing rules.
 */
@Timeout(30)
class ProducerStateTransactionsTest {
    private static final TopicPartition TP = new TopicPartition("payments", 0);
    private static final long A = 11L;
    private static final long B = 22L;

    @TempDir
    Path dir;
    private ProducerStateManager state;
    private TransactionIndex index;
    private long nextOffset;
    private final List<CompletedTxn> completed = new ArrayList<>();
    private boolean replicateAtOnce = true;

    @BeforeEach
    void create() throws IOException {
        state = new ProducerStateManager(TP, dir);
        index = new TransactionIndex(LogFileNames.txnIndexFile(dir, 0, ""), 0);
    }

    static ByteBuffer txnBatch(long pid, int epoch, int firstSeq, int records) {
        RecordBatchBuilder builder = RecordBatchBuilder.uncompressed(0, 1 << 20).producer(pid, (short) epoch, firstSeq)
            .transactional(true);
        for (int i = 0; i < records; i++) {
            builder.append(1_000L, null, new byte[] {(byte) i});
        }
        return builder.build();
    }

    static ByteBuffer marker(long pid, int epoch, boolean commit, int coordinatorEpoch) {
        return new EndTransactionMarker(commit ? ControlRecordType.COMMIT : ControlRecordType.ABORT, coordinatorEpoch)
            .toBatch(pid, (short) epoch, 2_000L);
    }

    /**
     * Appends as a leader would: plan, "write", commit, complete what the markers ended; then, unless a
     * test holds it back, the high watermark reaches the log end. Returns the first offset.
     */
    private long append(ByteBuffer batch, AppendOrigin origin) throws IOException {
        long first = nextOffset;
        LeaderAppendPlan plan = state.planLeaderAppend(batch, first, -1, origin);
        for (CompletedTxn txn : plan.commit()) {
            completed.add(txn);
            state.completeTxn(txn, index);
        }
        nextOffset += new RecordBatchView(batch, 0).lastOffsetDelta() + 1;
        state.updateMapEndOffset(nextOffset);
        if (replicateAtOnce) {
            state.onHighWatermarkUpdated(nextOffset);
        }
        return first;
    }

    private long data(long pid, int epoch, int firstSeq, int records) throws IOException {
        return append(txnBatch(pid, epoch, firstSeq, records), AppendOrigin.CLIENT);
    }

    private long end(long pid, int epoch, boolean commit, int coordinatorEpoch) throws IOException {
        return append(marker(pid, epoch, commit, coordinatorEpoch), AppendOrigin.COORDINATOR);
    }

    @Test
    void shouldHoldTheFirstUnstableOffsetAtATransactionsFirstBatchUntilItsCommit() throws IOException {
        assertEquals(OptionalLong.empty(), state.firstUnstableOffset());
        data(A, 0, 0, 3);
        data(A, 0, 3, 3);
        assertEquals(OptionalLong.of(0), state.firstUnstableOffset());
        assertEquals(0, state.lastEntry(A).orElseThrow().currentTxnFirstOffset());
        long marker = end(A, 0, true, 5);
        assertEquals(List.of(new CompletedTxn(A, 0, marker, false)), completed);
        assertEquals(OptionalLong.empty(), state.firstUnstableOffset());
        ProducerStateEntry entry = state.lastEntry(A).orElseThrow();
        assertEquals(ProducerStateEntry.NO_TXN, entry.currentTxnFirstOffset());
        assertEquals(5, entry.coordinatorEpoch());
        assertEquals(List.of(), index.allAbortedTxns(), "commits are not indexed");

        assertEquals(7, data(A, 0, 6, 1), "the next transaction continues the sequence at the same epoch");
        assertEquals(OptionalLong.of(7), state.firstUnstableOffset());
    }

    @Test
    void shouldKeepAnEndedTransactionUnstableUntilTheHighWatermarkPassesItsMarker() throws IOException {
        replicateAtOnce = false;
        long a = data(A, 0, 0, 2);
        long b = data(B, 0, 0, 1);
        long commitA = end(A, 0, true, 0);
        assertEquals(OptionalLong.of(a), state.firstUnstableOffset(), "A's marker is not replicated yet");
        state.onHighWatermarkUpdated(commitA);
        assertEquals(OptionalLong.of(a), state.firstUnstableOffset(), "the watermark must pass the marker");
        state.onHighWatermarkUpdated(commitA + 1);
        assertEquals(OptionalLong.of(b), state.firstUnstableOffset());
        long abortB = end(B, 0, false, 0);
        state.onHighWatermarkUpdated(abortB + 1);
        assertEquals(OptionalLong.empty(), state.firstUnstableOffset());
    }

    @Test
    void shouldIndexAnAbortWithTheLastStableOffsetOfTheTransactionsStillOpen() throws IOException {
        data(A, 0, 0, 2);                         // 0..1
        long b = data(B, 0, 0, 2);                // 2..3
        data(A, 0, 2, 1);                         // 4
        long abortA = end(A, 0, false, 1);        // 5
        assertEquals(List.of(new AbortedTxn(A, 0, abortA, b)), index.allAbortedTxns(),
            "B's transaction from offset 2 still holds the last stable offset back");
        assertEquals(OptionalLong.of(b), state.firstUnstableOffset());
        long abortB = end(B, 0, false, 1);        // 6
        assertEquals(new AbortedTxn(B, b, abortB, abortB + 1), index.allAbortedTxns().get(1),
            "nothing open any more: the offset after the marker");
        assertEquals(OptionalLong.empty(), state.firstUnstableOffset());
    }

    @Test
    void shouldMoveTheFirstUnstableOffsetToTheNextOpenTransactionWhenTheOldestCommits() throws IOException {
        data(A, 0, 0, 1);
        long b = data(B, 0, 0, 1);
        end(A, 0, true, 0);
        assertEquals(OptionalLong.of(b), state.firstUnstableOffset());
        long a2 = data(A, 0, 1, 1);
        end(B, 0, true, 0);
        assertEquals(OptionalLong.of(a2), state.firstUnstableOffset());
        assertEquals(Map.of(a2, A), state.ongoingTxns(), "only A's second transaction is open");
    }

    @Test
    void shouldEndNothingWithAMarkerForAProducerWithoutAnOpenTransaction() throws IOException {
        long marker = end(B, 3, false, 7);
        assertEquals(List.of(), completed);
        assertEquals(List.of(), index.allAbortedTxns());
        ProducerStateEntry entry = state.lastEntry(B).orElseThrow();
        assertEquals(3, entry.producerEpoch());
        assertEquals(7, entry.coordinatorEpoch());
        data(A, 0, 0, 1);
        end(A, 0, true, 0);
        end(A, 0, true, 0); // a coordinator retrying its marker
        assertEquals(1, completed.size());
        assertEquals(0, marker);
    }

    @Test
    void shouldFenceAZombieAfterTheCoordinatorBumpedTheEpochToAbort() throws IOException {
        data(A, 4, 0, 2);
        end(A, 5, false, 2);                      // a timeout abort: the coordinator bumps the epoch
        assertEquals(5, state.lastEntry(A).orElseThrow().producerEpoch());
        assertThrows(InvalidProducerEpochException.class, () -> data(A, 4, 2, 1), "the zombie's next batch");
        assertThrows(InvalidProducerEpochException.class, () -> end(A, 4, true, 2), "a marker at the old epoch");
        assertEquals(3, data(A, 5, 0, 1), "the producer at its new epoch starts at sequence 0");
    }

    @Test
    void shouldFenceAMarkerFromAnOlderCoordinatorEpochButRecordItFromTheLeader() throws IOException {
        data(A, 0, 0, 1);
        end(A, 0, true, 9);
        data(A, 0, 1, 1);
        assertThrows(TransactionCoordinatorFencedException.class, () -> end(A, 0, false, 8));
        assertEquals(OptionalLong.of(2), state.firstUnstableOffset(), "the refused marker changed nothing");

        ByteBuffer replicated = marker(A, 0, false, 8);
        new RecordBatchView(replicated, 0).setBaseOffset(3);
        state.recordReplicated(replicated, index);
        state.onHighWatermarkUpdated(4);
        assertEquals(OptionalLong.empty(), state.firstUnstableOffset(), "a follower trusts its leader's log");
        assertEquals(List.of(new AbortedTxn(A, 2, 3, 4)), index.allAbortedTxns());
    }

    @Test
    void shouldRefuseANonTransactionalBatchInsideATransactionAndControlBatchesFromClients() throws IOException {
        data(A, 0, 0, 1);
        RecordBatchBuilder one = RecordBatchBuilder.uncompressed(0, 1024).producer(A, (short) 0, 1);
        one.append(1L, null, new byte[1]);
        assertThrows(InvalidTxnStateException.class, () -> append(one.build(), AppendOrigin.CLIENT));
        assertThrows(InvalidRecordException.class, () -> append(marker(A, 0, true, 0), AppendOrigin.CLIENT));
        assertEquals(OptionalLong.of(0), state.firstUnstableOffset());
    }

    @Test
    void shouldCheckEpochsButNotSequencesOfACoordinatorsBatches() throws IOException {
        data(A, 1, 0, 2);
        assertEquals(2, append(txnBatch(A, 1, 0, 1), AppendOrigin.COORDINATOR),
            "a coordinator's write (a transactional offset commit) does not follow the client's sequences");
        assertThrows(InvalidProducerEpochException.class, () -> append(txnBatch(A, 0, 0, 1), AppendOrigin.COORDINATOR));
    }

    @Test
    void shouldKeepTheOpenTransactionAndCoordinatorEpochInASnapshot() throws IOException {
        data(A, 0, 0, 1);
        end(A, 0, true, 3);
        long open = data(A, 0, 1, 2);
        state.takeSnapshot();
        ProducerStateManager reloaded = new ProducerStateManager(TP, dir);
        assertEquals(nextOffset, reloaded.loadLatestSnapshotAtOrBelow(nextOffset));
        assertEquals(OptionalLong.of(open), reloaded.firstUnstableOffset());
        assertEquals(3, reloaded.lastEntry(A).orElseThrow().coordinatorEpoch());
        assertEquals(0, reloaded.removeExpiredProducers(Long.MAX_VALUE, 1), "a producer inside a transaction stays");
        ByteBuffer abort = marker(A, 0, false, 3);
        new RecordBatchView(abort, 0).setBaseOffset(nextOffset);
        CompletedTxn txn = reloaded.recordFromLog(new RecordBatchView(abort, 0));
        assertEquals(new CompletedTxn(A, open, nextOffset, true), txn);
        assertNull(reloaded.recordFromLog(new RecordBatchView(abort, 0)), "ended already");
    }
}
