package io.zkafka.storage.producer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkafka.common.TopicPartition;
import io.zkafka.common.errors.InvalidProducerEpochException;
import io.zkafka.common.errors.InvalidRecordException;
import io.zkafka.common.errors.OutOfOrderSequenceException;
import io.zkafka.common.errors.UnknownProducerIdException;
import io.zkafka.common.record.RecordBatchBuilder;
import io.zkafka.storage.internals.TransactionIndex;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The producer state rules, duplicates, expiry and snapshots of one partition, without a log. */
@Timeout(60)
class ProducerStateManagerTest {
    private static final TopicPartition TP = new TopicPartition("orders", 3);
    private static final long PID = 4_000L;

    @TempDir
    Path dir;
    private ProducerStateManager state;
    private long nextOffset;

    @BeforeEach
    void create() throws IOException {
        state = new ProducerStateManager(TP, dir);
    }

    /** A client batch of {@code count} records at the next offsets, checked and committed. */
    private BatchMetadata append(long pid, int epoch, int firstSeq, int count, long timestamp) {
        ProducerAppendInfo info = state.prepareUpdate(pid, AppendOrigin.CLIENT);
        long first = nextOffset;
        info.append((short) epoch, firstSeq, BatchMetadata.incrementSequence(firstSeq, count - 1), first,
            first + count - 1, timestamp, false);
        state.update(info);
        nextOffset += count;
        state.updateMapEndOffset(nextOffset);
        return new BatchMetadata(firstSeq, BatchMetadata.incrementSequence(firstSeq, count - 1), first, first + count - 1,
            timestamp);
    }

    private static ByteBuffer batch(long pid, int epoch, int firstSeq, int records) {
        RecordBatchBuilder builder = RecordBatchBuilder.uncompressed(0, 1 << 20).producer(pid, (short) epoch, firstSeq);
        for (int i = 0; i < records; i++) {
            builder.append(1_000L + i, null, new byte[] {(byte) i});
        }
        return builder.build();
    }

    private static ByteBuffer concat(ByteBuffer... batches) {
        int size = 0;
        for (ByteBuffer b : batches) {
            size += b.remaining();
        }
        ByteBuffer all = ByteBuffer.allocate(size);
        for (ByteBuffer b : batches) {
            all.put(b.duplicate());
        }
        return all.flip();
    }

    @Test
    void shouldAcceptSequencesThatFollowOnAndKeepTheLastFiveBatches() {
        for (int i = 0; i < 7; i++) {
            append(PID, 0, i * 10, 10, 100 + i);
        }
        ProducerStateEntry entry = state.lastEntry(PID).orElseThrow();
        assertEquals(5, entry.batches().size());
        assertEquals(20, entry.firstSeq());
        assertEquals(69, entry.lastSeq());
        assertEquals(69, entry.lastDataOffset());
        assertEquals(106, entry.lastTimestamp());
    }

    @Test
    void shouldFindADuplicateAmongTheLastFiveBatchesWithItsFirstOffsets() {
        List<BatchMetadata> written = new java.util.ArrayList<>();
        for (int i = 0; i < 6; i++) {
            written.add(append(PID, 0, i * 10, 10, 100));
        }
        ProducerAppendInfo info = state.prepareUpdate(PID, AppendOrigin.CLIENT);
        for (int i = 1; i < 6; i++) {
            assertEquals(Optional.of(written.get(i)), info.findDuplicate((short) 0, i * 10, i * 10 + 9),
                "batch " + i + " is one of the last five");
        }
        assertEquals(Optional.empty(), info.findDuplicate((short) 0, 0, 9), "the sixth-newest batch is forgotten");
        assertEquals(Optional.empty(), info.findDuplicate((short) 0, 10, 14), "only the exact range is a duplicate");
        assertEquals(Optional.empty(), info.findDuplicate((short) 1, 50, 59), "another epoch's batch is no duplicate");
    }

    @Test
    void shouldRefuseAGapAsOutOfOrderAndLeaveTheStateAlone() {
        append(PID, 0, 0, 10, 100);
        ProducerAppendInfo info = state.prepareUpdate(PID, AppendOrigin.CLIENT);
        OutOfOrderSequenceException e = assertThrows(OutOfOrderSequenceException.class,
            () -> info.append((short) 0, 11, 20, 10, 19, 100, false));
        assertTrue(e.getMessage().contains("11") && e.getMessage().contains("9") && e.getMessage().contains("orders-3"),
            e.getMessage());
        assertThrows(OutOfOrderSequenceException.class, () -> state.prepareUpdate(PID, AppendOrigin.CLIENT)
            .append((short) 0, 5, 14, 10, 19, 100, false), "a sequence going back that is no duplicate");
        assertEquals(9, state.lastEntry(PID).orElseThrow().lastSeq());
        append(PID, 0, 10, 5, 101);
        assertEquals(14, state.lastEntry(PID).orElseThrow().lastSeq());
    }

    @Test
    void shouldFenceAnOlderEpoch() {
        append(PID, 3, 0, 1, 100);
        InvalidProducerEpochException e = assertThrows(InvalidProducerEpochException.class,
            () -> state.prepareUpdate(PID, AppendOrigin.CLIENT).append((short) 2, 1, 1, 1, 1, 100, false));
        assertTrue(e.getMessage().contains("Epoch 2") && e.getMessage().contains("epoch 3"), e.getMessage());
    }

    @Test
    void shouldStartABumpedEpochAtSequenceZeroOnly() {
        append(PID, 0, 0, 10, 100);
        OutOfOrderSequenceException e = assertThrows(OutOfOrderSequenceException.class,
            () -> state.prepareUpdate(PID, AppendOrigin.CLIENT).append((short) 1, 10, 19, 10, 19, 100, false));
        assertTrue(e.getMessage().contains("starts at 0"), e.getMessage());
        append(PID, 1, 0, 3, 101);
        ProducerStateEntry entry = state.lastEntry(PID).orElseThrow();
        assertEquals(1, entry.producerEpoch());
        assertEquals(1, entry.batches().size(), "a new epoch forgets the old epoch's batches");
        assertEquals(Optional.empty(), state.prepareUpdate(PID, AppendOrigin.CLIENT).findDuplicate((short) 0, 0, 9));
    }

    @Test
    void shouldAnswerUnknownProducerIdUnlessAnUnknownProducerStartsAtZero() {
        UnknownProducerIdException e = assertThrows(UnknownProducerIdException.class,
            () -> state.prepareUpdate(PID, AppendOrigin.CLIENT).append((short) 0, 42, 42, 0, 0, 100, false));
        assertTrue(e.getMessage().contains("42") && e.getMessage().contains(Long.toString(PID)), e.getMessage());
        assertTrue(state.lastEntry(PID).isEmpty());
        append(PID, 0, 0, 1, 100);
        assertEquals(0, state.lastEntry(PID).orElseThrow().lastSeq());
    }

    @Test
    void shouldWrapSequencesAfterTheLargestInt() {
        assertEquals(Integer.MAX_VALUE, BatchMetadata.incrementSequence(Integer.MAX_VALUE - 2, 2));
        assertEquals(0, BatchMetadata.incrementSequence(Integer.MAX_VALUE, 1));
        assertEquals(4, BatchMetadata.incrementSequence(Integer.MAX_VALUE - 5, 10));
        state.recordFromLog(new io.zkafka.common.record.RecordBatchView(batch(PID, 0, Integer.MAX_VALUE - 1, 2), 0));
        append(PID, 0, 0, 1, 100);
        assertEquals(0, state.lastEntry(PID).orElseThrow().lastSeq());
    }

    @Test
    void shouldRecordReplicatedBatchesWithoutCheckingThem() throws IOException {
        append(PID, 5, 0, 10, 100);
        ByteBuffer olderEpochWithGap = batch(PID, 4, 77, 3);
        olderEpochWithGap.putLong(0, 10L);
        state.recordReplicated(olderEpochWithGap, new TransactionIndex(dir.resolve("t.txnindex"), 0));
        ProducerStateEntry entry = state.lastEntry(PID).orElseThrow();
        assertEquals(4, entry.producerEpoch(), "the leader's log is the truth for a follower");
        assertEquals(79, entry.lastSeq());
        assertEquals(12, entry.lastDataOffset());
    }

    @Test
    void shouldCheckEachBatchOfOneAppendAgainstTheOnesBeforeIt() {
        append(PID, 0, 0, 2, 100);
        ByteBuffer inOrder = concat(batch(PID, 0, 2, 3), batch(PID, 0, 5, 1), batch(77L, 0, 0, 1));
        LeaderAppendPlan plan = state.planLeaderAppend(inOrder, 2, -1, AppendOrigin.CLIENT);
        assertEquals(0, plan.duplicateBytes());
        assertEquals(1, state.lastEntry(PID).orElseThrow().lastDataOffset(), "nothing visible before the commit");
        plan.commit();
        assertEquals(5, state.lastEntry(PID).orElseThrow().lastSeq());
        assertEquals(5, state.lastEntry(PID).orElseThrow().lastDataOffset());
        assertEquals(6, state.lastEntry(77L).orElseThrow().lastDataOffset());

        ByteBuffer gapInTheSecond = concat(batch(PID, 0, 6, 1), batch(PID, 0, 8, 1));
        OutOfOrderSequenceException e = assertThrows(OutOfOrderSequenceException.class,
            () -> state.planLeaderAppend(gapInTheSecond, 7, -1, AppendOrigin.CLIENT));
        assertTrue(e.getMessage().contains("8"), e.getMessage());
        assertEquals(5, state.lastEntry(PID).orElseThrow().lastSeq(), "a failed append changes nothing");
    }

    @Test
    void shouldSkipLeadingDuplicatesAndAnswerWithTheirFirstOffsets() {
        BatchMetadata first = append(PID, 0, 0, 4, 100);
        BatchMetadata second = append(PID, 0, 4, 4, 100);
        ByteBuffer allDuplicates = concat(batch(PID, 0, 0, 4), batch(PID, 0, 4, 4));
        LeaderAppendPlan resent = state.planLeaderAppend(allDuplicates, 8, -1, AppendOrigin.CLIENT);
        assertTrue(resent.onlyDuplicates(allDuplicates));
        assertEquals(first, resent.firstDuplicate());
        assertEquals(second, resent.lastDuplicate());

        ByteBuffer oneOldOneNew = concat(batch(PID, 0, 4, 4), batch(PID, 0, 8, 2));
        LeaderAppendPlan mixed = state.planLeaderAppend(oneOldOneNew, 8, -1, AppendOrigin.CLIENT);
        assertFalse(mixed.onlyDuplicates(oneOldOneNew));
        assertEquals(1, mixed.duplicateBatches());
        assertEquals(batch(PID, 0, 4, 4).remaining(), mixed.duplicateBytes());
        mixed.commit();
        assertEquals(9, state.lastEntry(PID).orElseThrow().lastSeq());
        assertEquals(9, state.lastEntry(PID).orElseThrow().lastDataOffset(), "the new batch takes offset 8, not 12");

        ByteBuffer duplicateAfterNew = concat(batch(PID, 0, 10, 1), batch(PID, 0, 8, 2));
        assertThrows(OutOfOrderSequenceException.class, () -> state.planLeaderAppend(duplicateAfterNew, 10, -1, AppendOrigin.CLIENT));
    }

    @Test
    void shouldRefuseAProducerIdWithoutASequence() {
        assertThrows(InvalidRecordException.class, () -> state.planLeaderAppend(batch(PID, 0, -1, 1), 0, -1, AppendOrigin.CLIENT));
    }

    @Test
    void shouldExpireProducersIdleForTheExpirationTimeByTheInjectedClock() {
        append(PID, 0, 0, 1, 10_000);
        append(PID + 1, 0, 0, 1, 15_000);
        long expiration = 5_000;
        assertEquals(0, state.removeExpiredProducers(14_999, expiration));
        assertEquals(1, state.removeExpiredProducers(15_000, expiration));
        assertTrue(state.lastEntry(PID).isEmpty());
        assertTrue(state.lastEntry(PID + 1).isPresent());
        assertThrows(UnknownProducerIdException.class,
            () -> state.prepareUpdate(PID, AppendOrigin.CLIENT).append((short) 0, 1, 1, 2, 2, 16_000, false),
            "an expired producer continuing its sequence is unknown");
        assertEquals(1, state.removeExpiredProducers(20_000, expiration));
    }

    @Test
    void shouldReadBackASnapshotAsItWasTaken() throws IOException {
        for (int i = 0; i < 7; i++) {
            append(PID, 2, i * 3, 3, 500 + i);
        }
        append(9L, 0, 0, 1, 900);
        state.takeSnapshot();
        assertTrue(Files.exists(dir.resolve("00000000000000000022.snapshot")));

        ProducerStateManager reloaded = new ProducerStateManager(TP, dir);
        assertEquals(List.of(22L), reloaded.snapshotOffsets());
        assertEquals(22, reloaded.loadLatestSnapshotAtOrBelow(Long.MAX_VALUE));
        assertEquals(22, reloaded.mapEndOffset());
        for (long id : List.of(PID, 9L)) {
            ProducerStateEntry before = state.lastEntry(id).orElseThrow();
            ProducerStateEntry after = reloaded.lastEntry(id).orElseThrow();
            assertEquals(before.toString(), after.toString());
        }
        assertEquals(OptionalLong.empty(), reloaded.firstUnstableOffset());
    }

    @Test
    void shouldFallBackToAnOlderSnapshotWhenTheNewestIsCorrupt() throws IOException {
        append(PID, 0, 0, 5, 100);
        state.takeSnapshot();
        append(PID, 0, 5, 5, 100);
        state.takeSnapshot();
        Path newest = ProducerSnapshotFile.path(dir, 10);
        byte[] bytes = Files.readAllBytes(newest);
        bytes[bytes.length - 3] ^= 0x40;
        Files.write(newest, bytes);

        ProducerStateManager reloaded = new ProducerStateManager(TP, dir);
        assertEquals(5, reloaded.loadLatestSnapshotAtOrBelow(10));
        assertEquals(4, reloaded.lastEntry(PID).orElseThrow().lastSeq());
        assertFalse(Files.exists(newest), "the corrupt snapshot is dropped");
        assertEquals(List.of(5L), reloaded.snapshotOffsets());

        Files.write(ProducerSnapshotFile.path(dir, 5), new byte[] {0, 1, 2});
        assertEquals(-1, reloaded.loadLatestSnapshotAtOrBelow(10), "nothing readable left: start from the log");
        assertTrue(reloaded.activeProducers().isEmpty());
    }

    @Test
    void shouldDeleteSnapshotsOutsideTheLog() throws IOException {
        for (int i = 0; i < 4; i++) {
            append(PID, 0, i, 1, 100);
            state.takeSnapshot();
        }
        assertEquals(List.of(1L, 2L, 3L, 4L), state.snapshotOffsets());
        state.deleteSnapshotsBefore(2);
        state.deleteSnapshotsAfter(3);
        assertEquals(List.of(2L, 3L), state.snapshotOffsets());
        assertFalse(Files.exists(ProducerSnapshotFile.path(dir, 1)));
        assertFalse(Files.exists(ProducerSnapshotFile.path(dir, 4)));
        state.truncateFullyAndStartAt(50);
        assertEquals(List.of(), state.snapshotOffsets());
        assertTrue(state.activeProducers().isEmpty());
        assertEquals(50, state.mapEndOffset());
    }
}
