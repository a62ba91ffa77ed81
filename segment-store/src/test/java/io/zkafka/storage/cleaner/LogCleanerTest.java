package io.zkafka.storage.cleaner;

import static io.zkafka.storage.cleaner.CompactionFixture.compactConfig;
import static io.zkafka.storage.cleaner.CompactionFixture.newestByKey;
import static io.zkafka.storage.cleaner.CompactionFixture.records;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkafka.common.record.CompressionType;
import io.zkafka.common.record.RecordBatchIterator;
import io.zkafka.common.record.RecordBatchView;
import io.zkafka.storage.FileSlice;
import io.zkafka.storage.Log;
import io.zkafka.storage.LogConfig;
import io.zkafka.storage.cleaner.CompactionFixture.BatchInfo;
import io.zkafka.storage.cleaner.CompactionFixture.Rec;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class LogCleanerTest {
    @TempDir
    Path root;

    private final CompactionFixture fx = CompactionFixture.create();

    /** 20 keys written 30 times each, a segment rolled every 3 rounds, the last round in the active segment. */
    private Log writeRounds(LogConfig config) throws Exception {
        Log log = fx.open(root.resolve("t-0"), config);
        for (int round = 0; round < 30; round++) {
            for (int k = 0; k < 20; k++) {
                fx.append(log, "k" + k, "v" + round + "-" + k);
            }
            if (round % 3 == 2 && round < 29) {
                log.roll();
            }
            fx.clock.addAndGet(1);
        }
        log.updateHighWatermark(log.logEndOffset());
        return log;
    }

    private static void assertSubsequenceOf(List<Rec> before, List<Rec> after) {
        Map<Long, Rec> byOffset = before.stream().collect(Collectors.toMap(Rec::offset, r -> r));
        long previous = -1;
        for (Rec r : after) {
            assertEquals(byOffset.get(r.offset()), r, "record at " + r.offset() + " changed");
            assertTrue(r.offset() > previous, "offsets must rise");
            previous = r.offset();
        }
    }

    @Test
    void shouldKeepNewestValuePerKeyAcrossManySegmentsAndRolls() throws Exception {
        Log log = writeRounds(compactConfig(Map.of()));
        List<Rec> before = records(log);
        long activeBase = log.segmentBaseOffsets().get(log.segmentCount() - 1);
        LogCleaner cleaner = fx.cleaner(List.of(log), CompactionFixture.smallCleaner());

        assertEquals(1, cleaner.cleanOnce());

        List<Rec> after = records(log);
        assertEquals(newestByKey(before), newestByKey(after));
        assertSubsequenceOf(before, after);
        Set<String> seen = new HashSet<>();
        for (Rec r : after) {
            if (r.offset() < activeBase) {
                assertTrue(seen.add(r.key()), "key " + r.key() + " twice below the active segment");
            }
        }
        assertEquals(before.stream().filter(r -> r.offset() >= activeBase).toList(),
            after.stream().filter(r -> r.offset() >= activeBase).toList(), "active segment untouched");
        assertEquals(activeBase, cleaner.checkpointedOffset(log));
        assertEquals(20 + 60, after.size(), "one value per key below the active segment plus the active segment's 60");
        assertEquals(0, cleaner.cleanOnce(), "a second pass with nothing dirty replaces nothing");
        log.close();
    }

    @ParameterizedTest
    @EnumSource(CompressionType.class)
    void shouldKeepOffsetsEpochsAndCodecOfRebuiltBatches(CompressionType codec) throws Exception {
        Log log = fx.open(root.resolve("t-0"), compactConfig(Map.of()));
        fx.append(log, codec, 3, "a", "a1", "b", "b1", "c", "c1", "d", "d1");
        fx.append(log, codec, 4, "a", "a2", "x", "x1", "b", "b2");
        fx.append(log, codec, 4, "a", "a3", "d", "d2");
        log.roll();
        fx.append(log, codec, 4, "z", "z1");
        log.updateHighWatermark(log.logEndOffset());
        List<BatchInfo> before = CompactionFixture.batchInfos(log);

        fx.cleaner(List.of(log), CompactionFixture.smallCleaner()).cleanOnce();

        List<BatchInfo> after = CompactionFixture.batchInfos(log);
        assertEquals(List.of(
            new BatchInfo(0, 3, 3, codec, 1),
            new BatchInfo(4, 6, 4, codec, 2),
            new BatchInfo(7, 8, 4, codec, 2),
            new BatchInfo(9, 9, 4, codec, 1)), after);
        assertEquals(before.get(before.size() - 1), after.get(after.size() - 1));
        assertEquals(List.of("c=c1@2", "x=x1@5", "b=b2@6", "a=a3@7", "d=d2@8", "z=z1@9"),
            records(log).stream().map(r -> r.key() + "=" + r.value() + "@" + r.offset()).toList());
        log.close();
    }

    @Test
    void shouldKeepTombstonesUntilTheDeleteHorizonThenDropThem() throws Exception {
        LogConfig config = compactConfig(Map.of(LogConfig.DELETE_RETENTION_MS, 1000));
        Log log = fx.open(root.resolve("t-0"), config);
        fx.append(log, "a", "a1", "b", "b1");
        fx.append(log, "a", null);
        log.roll();
        fx.append(log, "c", "c1");
        log.updateHighWatermark(log.logEndOffset());
        LogCleaner cleaner = fx.cleaner(List.of(log), CompactionFixture.smallCleaner());

        cleaner.cleanOnce();
        List<Rec> afterFirst = records(log);
        assertEquals(List.of("b=b1", "a=null", "c=c1"), afterFirst.stream().map(r -> r.key() + "=" + r.value()).toList());
        RecordBatchView tombstoneBatch = CompactionFixture.batches(log).get(1);
        assertEquals(fx.clock.get() + 1000, tombstoneBatch.baseTimestamp(), "delete horizon set");
        assertEquals(afterFirst.get(1).timestamp(), CompactionFixture.START_TIME, "record timestamp kept");

        fx.clock.addAndGet(999);
        assertEquals(0, cleaner.cleanOnce(), "horizon not reached: nothing to do");
        assertEquals(afterFirst, records(log));

        fx.clock.addAndGet(1);
        assertEquals(1, cleaner.cleanOnce());
        assertEquals(List.of("b=b1", "c=c1"), records(log).stream().map(r -> r.key() + "=" + r.value()).toList());
        List<BatchInfo> batches = CompactionFixture.batchInfos(log);
        assertEquals(new BatchInfo(2, 2, 0, CompressionType.NONE, 0), batches.get(1),
            "an empty batch keeps the cleaned segment's last offset");
        log.close();
    }

    @Test
    void shouldNotRemoveRecordsYoungerThanTheMinCompactionLag() throws Exception {
        Log log = fx.open(root.resolve("t-0"), compactConfig(Map.of(LogConfig.MIN_COMPACTION_LAG_MS, 10_000)));
        fx.append(log, "a", "a1");
        log.roll();
        fx.clock.addAndGet(20_000);
        fx.append(log, "a", "a2");
        log.roll();
        fx.append(log, "a", "a3");
        log.roll();
        fx.append(log, "b", "b1");
        log.updateHighWatermark(log.logEndOffset());
        LogCleaner cleaner = fx.cleaner(List.of(log), CompactionFixture.smallCleaner());

        assertEquals(0, cleaner.cleanOnce());
        assertEquals(List.of("a1", "a2", "a3", "b1"), records(log).stream().map(Rec::value).toList(),
            "a2 and a3 are younger than the lag: not in the key map, so nothing supersedes a1");
        assertEquals(1, cleaner.checkpointedOffset(log));

        fx.clock.addAndGet(10_001);
        cleaner.cleanOnce();
        assertEquals(List.of("a3", "b1"), records(log).stream().map(Rec::value).toList());
        log.close();
    }

    @Test
    void shouldNotCleanAboveTheHighWatermark() throws Exception {
        Log log = fx.open(root.resolve("t-0"), compactConfig(Map.of()));
        fx.append(log, "a", "a1");
        log.roll();
        fx.append(log, "a", "a2");
        log.roll();
        fx.append(log, "b", "b1");
        LogCleaner cleaner = fx.cleaner(List.of(log), CompactionFixture.smallCleaner());

        assertEquals(0, cleaner.cleanOnce());
        assertEquals(List.of("a1", "a2", "b1"), records(log).stream().map(Rec::value).toList());

        log.updateHighWatermark(log.logEndOffset());
        assertEquals(1, cleaner.cleanOnce());
        assertEquals(List.of("a2", "b1"), records(log).stream().map(Rec::value).toList());
        log.close();
    }

    @Test
    void shouldCleanInSeveralPassesWhenTheDirtyKeysExceedTheMap() throws Exception {
        Log log = writeRounds(compactConfig(Map.of()));
        List<Rec> before = records(log);
        long activeBase = log.segmentBaseOffsets().get(log.segmentCount() - 1);
        LogCleaner cleaner = fx.cleaner(List.of(log), CompactionFixture.smallCleaner().withMapLimits(13, 1 << 20));

        int passes = 0;
        while (cleaner.checkpointedOffset(log) < activeBase && passes < 200) {
            cleaner.cleanOnce();
            passes++;
        }

        assertTrue(passes > 1, "several passes, was " + passes);
        List<Rec> after = records(log);
        assertEquals(newestByKey(before), newestByKey(after));
        assertSubsequenceOf(before, after);
        assertEquals(20 + 60, after.size());
        log.close();
    }

    @Test
    void shouldBoundTheKeyMapByBytesToo() throws Exception {
        Log log = writeRounds(compactConfig(Map.of()));
        long activeBase = log.segmentBaseOffsets().get(log.segmentCount() - 1);
        LogCleaner cleaner = fx.cleaner(List.of(log), CompactionFixture.smallCleaner()
            .withMapLimits(1_000, 3L * (KeyOffsetMap.ENTRY_OVERHEAD + 3)));

        cleaner.cleanOnce();

        long checkpoint = cleaner.checkpointedOffset(log);
        assertTrue(checkpoint > 0 && checkpoint < activeBase, "one pass covers only what fits: " + checkpoint);
        log.close();
    }

    @Test
    void shouldResumeFromTheCheckpointFileAfterARestart() throws Exception {
        Log log = writeRounds(compactConfig(Map.of()));
        fx.cleaner(List.of(log), CompactionFixture.smallCleaner()).cleanOnce();
        long activeBase = log.segmentBaseOffsets().get(log.segmentCount() - 1);
        Path file = root.resolve(CleanerCheckpoints.FILE_NAME);
        assertTrue(Files.readAllLines(file).contains("t 0 " + activeBase), Files.readAllLines(file).toString());

        LogCleaner restarted = fx.cleaner(List.of(log), CompactionFixture.smallCleaner());
        assertEquals(activeBase, restarted.checkpointedOffset(log));
        restarted.cleanOnce();
        assertEquals(activeBase, restarted.checkpointedOffset(log));
        log.close();
    }

    @Test
    void shouldTreatRecordsAfterATruncationAsDirtyAgain() throws Exception {
        Log log = fx.open(root.resolve("t-0"), compactConfig(Map.of()));
        fx.append(log, "a", "a1");
        log.roll();
        fx.append(log, "b", "b1");
        log.roll();
        fx.append(log, "c", "c1");
        log.updateHighWatermark(log.logEndOffset());
        LogCleaner cleaner = fx.cleaner(List.of(log), CompactionFixture.smallCleaner());
        cleaner.cleanOnce();
        assertEquals(2, cleaner.checkpointedOffset(log));

        log.truncateTo(1);
        fx.append(log, "a", "a2");
        log.roll();
        fx.append(log, "c", "c2");
        log.roll();
        fx.append(log, "d", "d1");
        log.updateHighWatermark(log.logEndOffset());
        cleaner.cleanOnce();

        assertEquals(List.of("a2", "c2", "d1"), records(log).stream().map(Rec::value).toList());
        log.close();
    }

    @Test
    void shouldCompactAndApplyRetentionForCompactDeletePolicy() throws Exception {
        LogConfig config = compactConfig(Map.of(LogConfig.CLEANUP_POLICY, "compact,delete",
            LogConfig.RETENTION_MS, 60_000, LogConfig.SEGMENT_BYTES, 100));
        Log log = fx.open(root.resolve("t-0"), config);
        fx.append(log, "a", "a1", "b", "b1");
        log.roll();
        fx.clock.addAndGet(50_000);
        fx.append(log, "a", "a2");
        log.roll();
        fx.append(log, "c", "c1");
        log.updateHighWatermark(log.logEndOffset());

        fx.cleaner(List.of(log), CompactionFixture.smallCleaner()).cleanOnce();
        assertEquals(List.of("b1", "a2", "c1"), records(log).stream().map(Rec::value).toList());

        fx.clock.addAndGet(20_000);
        assertEquals(1, log.deleteOldSegments());
        assertEquals(List.of("a2", "c1"), records(log).stream().map(Rec::value).toList());
        log.close();
    }

    @Test
    void shouldKeepRecordsWithoutAKey() throws Exception {
        Log log = fx.open(root.resolve("t-0"), compactConfig(Map.of()));
        fx.append(log, null, "n1", "a", "a1");
        fx.append(log, "a", "a2", null, "n2");
        log.roll();
        fx.append(log, "b", "b1");
        log.updateHighWatermark(log.logEndOffset());

        fx.cleaner(List.of(log), CompactionFixture.smallCleaner()).cleanOnce();

        assertEquals(List.of("n1", "a2", "n2", "b1"), records(log).stream().map(Rec::value).toList());
        log.close();
    }

    @Test
    void shouldLeaveLogsWithoutCompactPolicyAlone() throws Exception {
        Log log = fx.open(root.resolve("t-0"), compactConfig(Map.of(LogConfig.CLEANUP_POLICY, "delete")));
        fx.append(log, "a", "a1");
        log.roll();
        fx.append(log, "a", "a2");
        log.roll();
        log.updateHighWatermark(log.logEndOffset());

        assertEquals(0, fx.cleaner(List.of(log), CompactionFixture.smallCleaner()).cleanOnce());
        assertEquals(List.of("a1", "a2"), records(log).stream().map(Rec::value).toList());
        log.close();
    }

    @Test
    void shouldKeepASliceOfAReplacedSegmentReadableUntilTheDelayedDelete() throws Exception {
        Log log = fx.open(root.resolve("t-0"), compactConfig(Map.of(LogConfig.FILE_DELETE_DELAY_MS, 60_000)));
        fx.append(log, "a", "a1", "b", "b1");
        fx.append(log, "a", "a2");
        log.roll();
        fx.append(log, "c", "c1");
        log.updateHighWatermark(log.logEndOffset());
        FileSlice held = log.read(0, 1 << 20);
        ByteBuffer expected = held.readAll();

        fx.cleaner(List.of(log), CompactionFixture.smallCleaner()).cleanOnce();
        assertNotEquals(expected.remaining(), log.read(0, 1 << 20).length());

        ByteBuffer stillThere = held.readAll();
        assertEquals(expected, stillThere);
        RecordBatchIterator batches = new RecordBatchIterator(stillThere, Integer.MAX_VALUE);
        assertEquals(0, batches.next().baseOffset());
        assertEquals(2, batches.next().baseOffset());
        assertEquals(0, log.deleteExpiredFiles());
        fx.clock.addAndGet(60_000);
        assertEquals(1, log.deleteExpiredFiles());
        try (var files = Files.list(log.dir())) {
            assertNull(files.filter(f -> f.toString().endsWith(".deleted")).findAny().orElse(null));
        }
        log.close();
    }
}
