package io.zkafka.storage;

import static io.zkafka.storage.TestBatches.batch;
import static io.zkafka.storage.TestBatches.batchesOf;
import static io.zkafka.storage.TestBatches.concat;
import static io.zkafka.storage.TestBatches.readAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkafka.common.errors.CorruptRecordException;
import io.zkafka.common.record.CompressionType;
import io.zkafka.common.record.RecordBatchBuilder;
import io.zkafka.common.record.RecordBatchDescriptor;
import io.zkafka.common.record.RecordBatchView;
import io.zkafka.storage.internals.LeaderEpochCache.EpochEntry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class LogTest {
    @TempDir
    Path root;
    private final AtomicLong clock = new AtomicLong(1_000_000);
    private Log log;

    private Log open(Map<String, ?> overrides) throws IOException {
        log = Log.open(root.resolve("topic-a-0"), LogConfig.of(overrides), 0, 0, true, clock::get);
        return log;
    }

    @AfterEach
    void close() throws IOException {
        if (log != null) {
            log.close();
        }
    }

    @Test
    void shouldAssignOffsetsAndStampLeaderEpochWithoutBreakingTheCrc() throws IOException {
        open(Map.of());
        ByteBuffer two = concat(batch(3, 10), batch(2, 20));
        LogAppendInfo info = log.append(two, 7);
        assertEquals(0, info.firstOffset());
        assertEquals(4, info.lastOffset());
        assertEquals(20, info.maxTimestamp());
        assertEquals(clock.get(), info.logAppendTime());
        assertEquals(2, info.batchCount());
        LogAppendInfo next = log.append(batch(1, 30), 7);
        assertEquals(5, next.firstOffset());
        assertEquals(6, log.logEndOffset());
        List<long[]> batches = batchesOf(log.read(0, 1 << 20));
        assertArrayEquals(new long[] {0, 2, 7}, batches.get(0));
        assertArrayEquals(new long[] {3, 4, 7}, batches.get(1));
        assertArrayEquals(new long[] {5, 5, 7}, batches.get(2));
        assertEquals(List.of(new EpochEntry(7, 0)), log.epochEntries());
        assertEquals("topic-a", log.topicPartition().topic());
    }

    @Test
    void shouldReadFromTheBatchHoldingTheOffsetInWholeBatches() throws IOException {
        open(Map.of());
        for (int i = 0; i < 10; i++) {
            log.append(batch(5, i), 0);
        }
        List<long[]> fromMiddle = batchesOf(log.read(17, 1 << 20));
        assertEquals(15, fromMiddle.get(0)[0]);
        assertEquals(7, fromMiddle.size());
        int oneBatch = batch(5, 0).remaining();
        FileSlice slice = log.read(17, oneBatch * 2 + oneBatch / 2);
        assertEquals(oneBatch * 2, slice.length());
        assertEquals(17, slice.firstOffset());
    }

    @Test
    void shouldReturnTheFirstBatchWholeWhenMaxBytesIsSmallerThanIt() throws IOException {
        open(Map.of());
        log.append(batch(0, 50, 1, 100), 0);
        log.append(batch(1, 1), 0);
        FileSlice slice = log.read(10, 1);
        List<long[]> batches = batchesOf(slice);
        assertEquals(1, batches.size());
        assertArrayEquals(new long[] {0, 49, 0}, batches.get(0));
    }

    @Test
    void shouldNotReadTheBatchHoldingMaxOffsetOrLater() throws IOException {
        open(Map.of("segment.bytes", "400"));
        for (int i = 0; i < 10; i++) {
            log.append(batch(2, i), 0);
        }
        assertTrue(log.segmentCount() > 2);
        List<long[]> belowSix = readUpTo(0, 6);
        assertEquals(4, belowSix.get(belowSix.size() - 1)[0]);
        assertTrue(log.read(6, 1 << 20, 6).isEmpty());
        assertTrue(log.read(6, 1 << 20, 7).isEmpty());
        assertEquals(1, batchesOf(log.read(6, 1 << 20, 8)).size());
    }

    @Test
    void shouldReadUpToTheLogEndAndNoFurtherAcrossRollsAndTruncation() throws IOException {
        open(Map.of("segment.bytes", "400"));
        for (int i = 0; i < 10; i++) {
            log.append(batch(2, i), 0);
        }
        assertEquals(20, log.logEndOffset());
        assertEquals(10, readUpTo(0, 20).size());
        assertEquals(10, readUpTo(0, 25).size());
        assertArrayEquals(new long[] {18, 19, 0}, batchesOf(log.read(18, 1 << 20, 20)).get(0));
        assertTrue(log.read(20, 1 << 20, 20).isEmpty());

        log.roll();
        assertEquals(List.of(20L), log.segmentBaseOffsets().subList(log.segmentCount() - 1, log.segmentCount()));
        assertEquals(10, readUpTo(0, 20).size());
        assertEquals(1, batchesOf(log.read(18, 1 << 20, 20)).size());

        assertTrue(log.truncateTo(15));
        assertEquals(14, log.logEndOffset());
        List<long[]> afterTruncation = readUpTo(0, 14);
        assertEquals(7, afterTruncation.size());
        assertArrayEquals(new long[] {12, 13, 0}, afterTruncation.get(afterTruncation.size() - 1));
        log.append(batch(2, 20), 1);
        log.append(batch(2, 21), 1);
        assertEquals(18, log.logEndOffset());
        assertEquals(8, readUpTo(0, 16).size());
        assertEquals(9, readUpTo(0, 18).size());
    }

    @Test
    void shouldReadTheBatchesOfTheLastAppendAsASearchWouldFindThem() throws IOException {
        open(Map.of("segment.bytes", "400"));
        log.append(batch(2, 0), 0);
        log.append(concat(batch(3, 1), batch(2, 2)), 0);
        assertEquals(7, log.logEndOffset());
        List<long[]> lastAppend = batchesOf(log.read(2, 1 << 20));
        assertEquals(2, lastAppend.size(), "both batches of the last append");
        assertArrayEquals(new long[] {2, 4, 0}, lastAppend.get(0));
        assertArrayEquals(new long[] {5, 6, 0}, lastAppend.get(1));
        assertEquals(7, log.read(2, 1 << 20).nextOffset());
        int firstBatch = batch(3, 1).remaining();
        assertEquals(1, batchesOf(log.read(2, firstBatch)).size(), "max bytes still cut the last append");
        assertEquals(1, batchesOf(log.read(2, 1 << 20, 5)).size(), "and so does a bound below the log end");
        assertEquals(2, batchesOf(log.read(3, 1 << 20)).size(), "an offset inside it finds the batch holding it");

        for (int i = 0; i < 6; i++) {
            long end = log.logEndOffset();
            int segments = log.segmentCount();
            log.append(batch(2, 10 + i), 0);
            List<long[]> read = batchesOf(log.read(end, 1 << 20));
            assertEquals(1, read.size());
            assertArrayEquals(new long[] {end, end + 1, 0}, read.get(0), "after append " + i + " of " + segments
                + " segments");
        }
        assertTrue(log.segmentCount() > 1, "the appends rolled the segment");

        long end = log.logEndOffset();
        log.appendAsFollower(epoch(batch(end + 5, 2, 1, 10), 0));
        List<long[]> afterGap = batchesOf(log.read(end, 1 << 20));
        assertArrayEquals(new long[] {end + 5, end + 6, 0}, afterGap.get(0), "a follower's append after a gap");
    }

    private List<long[]> readUpTo(long from, long maxOffset) throws IOException {
        List<long[]> all = new ArrayList<>();
        for (int guard = 0; guard < 100; guard++) {
            List<long[]> got = batchesOf(log.read(from, 1 << 20, maxOffset));
            if (got.isEmpty()) {
                return all;
            }
            all.addAll(got);
            from = got.get(got.size() - 1)[1] + 1;
        }
        return all;
    }

    @Test
    void shouldRefuseOffsetsOutOfRange() throws IOException {
        open(Map.of());
        log.append(batch(3, 1), 0);
        assertTrue(log.read(3, 100).isEmpty());
        OffsetOutOfRangeException above = assertThrows(OffsetOutOfRangeException.class, () -> log.read(4, 100));
        assertTrue(above.getMessage().contains("[0, 3]"), above.getMessage());
        assertThrows(OffsetOutOfRangeException.class, () -> log.read(-1, 100));
    }

    @Test
    void shouldRejectBatchesThatAreTooLargeCorruptOrTruncated() throws IOException {
        open(Map.of("max.message.bytes", "200"));
        assertThrows(RecordBatchTooLargeException.class, () -> log.append(batch(0, 1, 1, 300), 0));
        ByteBuffer corrupt = batch(2, 1);
        corrupt.put(corrupt.limit() - 1, (byte) (corrupt.get(corrupt.limit() - 1) ^ 1));
        assertThrows(CorruptRecordException.class, () -> log.append(corrupt, 0));
        ByteBuffer truncated = batch(2, 1);
        truncated.limit(truncated.limit() - 3);
        assertThrows(CorruptRecordException.class, () -> log.append(truncated, 0));
        assertThrows(CorruptRecordException.class, () -> log.append(ByteBuffer.allocate(0), 0));
        assertEquals(0, log.logEndOffset());
        assertEquals(0, log.size());
    }

    @Test
    void shouldKeepLeaderOffsetsOnFollowerAppendAndRefuseOnesThatDoNotContinue() throws IOException {
        open(Map.of());
        ByteBuffer fromLeader = concat(epoch(batch(0, 3, 1, 5), 2), epoch(batch(3, 2, 1, 5), 4));
        LogAppendInfo info = log.appendAsFollower(fromLeader);
        assertEquals(0, info.firstOffset());
        assertEquals(4, info.lastOffset());
        assertEquals(List.of(new EpochEntry(2, 0), new EpochEntry(4, 3)), log.epochEntries());
        assertThrows(UnexpectedAppendOffsetException.class, () -> log.appendAsFollower(batch(4, 1, 1, 5)));
        assertThrows(UnexpectedAppendOffsetException.class,
            () -> log.appendAsFollower(concat(batch(10, 2, 1, 5), batch(11, 1, 1, 5))));
        log.appendAsFollower(batch(8, 1, 1, 5));
        assertEquals(9, log.logEndOffset());
    }

    private static ByteBuffer epoch(ByteBuffer batch, int epoch) {
        new RecordBatchView(batch, 0).setPartitionLeaderEpoch(epoch);
        return batch;
    }

    @Test
    void shouldRollOnSegmentBytesAndSegmentMs() throws IOException {
        open(Map.of("segment.bytes", "500", "segment.ms", "1000"));
        int size = batch(2, 1).remaining();
        int perSegment = 500 / size;
        for (int i = 0; i < perSegment; i++) {
            log.append(batch(2, 1), 0);
        }
        assertEquals(1, log.segmentCount());
        log.append(batch(2, 1), 0);
        assertEquals(2, log.segmentCount());
        assertEquals(List.of(0L, (long) perSegment * 2), log.segmentBaseOffsets());
        clock.addAndGet(1001);
        log.append(batch(2, 1), 0);
        assertEquals(3, log.segmentCount());
    }

    @Test
    void shouldRollWhenTheOffsetIndexIsFull() throws IOException {
        open(Map.of("index.interval.bytes", "1", "segment.index.bytes", "32"));
        for (int i = 0; i < 12; i++) {
            log.append(batch(1, i), 0);
        }
        assertTrue(log.segmentCount() >= 2, "segments: " + log.segmentCount());
        assertEquals(12, readAll(log).size());
    }

    @Test
    void shouldFindTheFirstBatchAtOrAfterATimestamp() throws IOException {
        open(Map.of("segment.bytes", "400", "index.interval.bytes", "100"));
        long[] timestamps = {100, 300, 200, 400, 500, 500, 700};
        for (long ts : timestamps) {
            log.append(batch(2, ts), 0);
        }
        assertEquals(OptionalLong.of(0), log.offsetForTimestamp(50));
        assertEquals(OptionalLong.of(2), log.offsetForTimestamp(250));
        assertEquals(OptionalLong.of(2), log.offsetForTimestamp(300));
        assertEquals(OptionalLong.of(6), log.offsetForTimestamp(350));
        assertEquals(OptionalLong.of(8), log.offsetForTimestamp(500));
        assertEquals(OptionalLong.of(12), log.offsetForTimestamp(600));
        assertEquals(OptionalLong.empty(), log.offsetForTimestamp(701));
    }

    @ParameterizedTest
    @EnumSource(value = CompressionType.class, names = {"NONE", "ZSTD"})
    void shouldFindTheFirstRecordAtOrAfterATimestampInsideABatch(CompressionType compression) throws IOException {
        open(Map.of());
        RecordBatchBuilder builder = RecordBatchBuilder.create(compression, 0, 1 << 20);
        for (int i = 0; i < 20; i++) {
            builder.append(1_000 + i * 1_000L, ("k" + i).getBytes(StandardCharsets.UTF_8), new byte[10]);
        }
        log.append(builder.build(), 0);
        log.append(batch(3, 50_000), 0);
        assertEquals(OptionalLong.of(0), log.offsetForTimestamp(500));
        assertEquals(OptionalLong.of(5), log.offsetForTimestamp(6_000));
        assertEquals(OptionalLong.of(6), log.offsetForTimestamp(6_001));
        assertEquals(OptionalLong.of(19), log.offsetForTimestamp(20_000));
        assertEquals(OptionalLong.of(20), log.offsetForTimestamp(20_001));
        log.updateHighWatermark(log.logEndOffset());
        log.deleteRecordsBefore(8);
        assertEquals(OptionalLong.of(8), log.offsetForTimestamp(2_000), "never below the log start");
        assertEquals(OptionalLong.of(10), log.offsetForTimestamp(11_000));
    }

    @Test
    void shouldTruncateToAnOffsetAcrossSegmentsAndEpochs() throws IOException {
        open(Map.of("segment.bytes", "300"));
        for (int i = 0; i < 10; i++) {
            log.append(batch(2, i), i < 5 ? 1 : 2);
        }
        int before = log.segmentCount();
        assertTrue(before > 2);
        log.updateHighWatermark(20);
        assertTrue(log.truncateTo(7));
        assertEquals(6, log.logEndOffset());
        assertEquals(6, log.highWatermark());
        assertEquals(List.of(new EpochEntry(1, 0)), log.epochEntries());
        assertEquals(3, readAll(log).size());
        assertFalse(log.truncateTo(6));
        LogAppendInfo info = log.append(batch(1, 1), 3);
        assertEquals(6, info.firstOffset());
        assertEquals(4, readAll(log).size());
    }

    @Test
    void shouldTruncateFullyAndStartAtANewOffset() throws IOException {
        open(Map.of());
        log.append(batch(5, 1), 1);
        log.truncateFullyAndStartAt(100);
        assertEquals(100, log.logStartOffset());
        assertEquals(100, log.logEndOffset());
        assertEquals(List.of(), log.epochEntries());
        assertThrows(OffsetOutOfRangeException.class, () -> log.read(0, 100));
        assertEquals(100, log.append(batch(1, 1), 2).firstOffset());
        assertEquals(List.of(100L), log.segmentBaseOffsets());
    }

    @Test
    void shouldAnswerEndOffsetForEpoch() throws IOException {
        open(Map.of());
        log.append(batch(2, 1), 1);
        log.append(batch(3, 1), 3);
        assertEquals(new EpochEndOffset(1, 2), log.endOffsetForEpoch(1));
        assertEquals(new EpochEndOffset(1, 2), log.endOffsetForEpoch(2));
        assertEquals(new EpochEndOffset(3, 5), log.endOffsetForEpoch(3));
        assertEquals(EpochEndOffset.UNKNOWN, log.endOffsetForEpoch(4));
        assertEquals(new EpochEndOffset(0, 0), log.endOffsetForEpoch(0));
        assertEquals(3, log.latestEpoch());
    }

    @Test
    void shouldStampLogAppendTimeWhenConfigured() throws IOException {
        open(Map.of("message.timestamp.type", "LogAppendTime"));
        LogAppendInfo info = log.append(batch(2, 5), 0);
        assertEquals(clock.get(), info.maxTimestamp());
        ByteBuffer stored = log.read(0, 1000).readAll();
        RecordBatchView view = new RecordBatchView(stored, 0);
        view.validate(Integer.MAX_VALUE);
        assertEquals(clock.get(), view.maxTimestamp());
        assertTrue((view.attributes() & RecordBatchDescriptor.TIMESTAMP_TYPE_MASK) != 0);
    }

    @Test
    void shouldReopenCleanlyWithTheSameContent() throws IOException {
        open(Map.of("segment.bytes", "300", "index.interval.bytes", "50"));
        for (int i = 0; i < 20; i++) {
            log.append(batch(2, 1000 + i), 1);
        }
        List<long[]> before = readAll(log);
        long end = log.logEndOffset();
        log.close();
        log = Log.open(root.resolve("topic-a-0"), LogConfig.of(Map.of("segment.bytes", "300", "index.interval.bytes", "50")),
            end, 0, true, clock::get);
        assertEquals(end, log.logEndOffset());
        assertEquals(0, log.validatedBatchesOnLoad());
        List<long[]> after = readAll(log);
        assertEquals(before.size(), after.size());
        for (int i = 0; i < before.size(); i++) {
            assertArrayEquals(before.get(i), after.get(i));
        }
        assertEquals(OptionalLong.of(30), log.offsetForTimestamp(1015));
        assertEquals(end, log.append(batch(1, 1), 1).firstOffset());
    }

    @Test
    void shouldTransferASliceToAChannel() throws IOException {
        open(Map.of());
        ByteBuffer original = batch(3, 1);
        ByteBuffer copy = original.duplicate();
        log.append(original, 0);
        FileSlice slice = log.read(0, 1000);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertEquals(slice.length(), slice.transferTo(Channels.newChannel(out)));
        byte[] expected = new byte[copy.remaining()];
        copy.get(expected);
        assertArrayEquals(expected, out.toByteArray());
    }

    @Test
    void shouldServeWholeBatchesToAReaderWhileAppending() throws Exception {
        open(Map.of("segment.bytes", "2000", "index.interval.bytes", "100"));
        log.append(batch(1, 1), 0);
        AtomicLong readerError = new AtomicLong();
        AtomicLong reads = new AtomicLong();
        AtomicBoolean stop = new AtomicBoolean();
        // Stopped by a flag, not an interrupt: an interrupt closes a FileChannel for every thread.
        Thread reader = new Thread(() -> {
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (!stop.get() && System.nanoTime() < deadline) {
                try {
                    long end = log.logEndOffset();
                    List<long[]> got = batchesOf(log.read(0, 1 << 20));
                    if (got.isEmpty() || got.get(0)[0] != 0) {
                        readerError.incrementAndGet();
                    }
                    batchesOf(log.read(end - 1, 1 << 20));
                    List<long[]> upToEnd = batchesOf(log.read(end - 1, 1 << 20, end));
                    if (upToEnd.size() != 1 || upToEnd.get(0)[1] != end - 1) {
                        readerError.incrementAndGet();
                    }
                    reads.incrementAndGet();
                } catch (IOException | RuntimeException e) {
                    readerError.incrementAndGet();
                }
            }
        });
        reader.start();
        for (int i = 0; i < 300; i++) {
            log.append(batch(3, i), 0);
        }
        stop.set(true);
        reader.join(10_000);
        assertFalse(reader.isAlive());
        assertEquals(0, readerError.get());
        assertTrue(reads.get() > 0);
        assertEquals(301, readAll(log).size());
    }
}
