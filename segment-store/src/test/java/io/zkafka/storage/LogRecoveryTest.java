package io.zkafka.storage;

import static io.zkafka.storage.TestBatches.batch;
import static io.zkafka.storage.TestBatches.readAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkafka.storage.internals.LogFileNames;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Damages log folders the way a crash does and checks what recovery keeps. */
class LogRecoveryTest {
    private static final Map<String, String> SMALL = Map.of("segment.bytes", "2000", "index.interval.bytes", "150");
    private static final int BATCHES = 30;

    @TempDir
    Path root;

    /** Writes BATCHES batches and closes cleanly; returns each batch's end position in the last segment file. */
    private Path writeLog(Path dir) throws IOException {
        try (Log log = Log.open(dir, LogConfig.of(SMALL), 0, 0, true, () -> 1000L)) {
            for (int i = 0; i < BATCHES; i++) {
                log.append(batch(0, 1 + i % 3, 100 + i, 20), i / 10);
            }
        }
        return dir;
    }

    private static Path lastSegment(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.toString().endsWith(".log")).sorted().reduce((a, b) -> b).orElseThrow();
        }
    }

    private static List<long[]> expected(Path pristine) throws IOException {
        try (Log log = Log.open(pristine, LogConfig.of(SMALL), 0, 0, true, () -> 1000L)) {
            return readAll(log);
        }
    }

    private static void copyDir(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (Stream<Path> files = Files.list(from)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Files.copy(f, to.resolve(f.getFileName()));
            }
        }
    }

    /** Batch boundaries (end positions) of a segment file. */
    private static List<Long> batchEnds(Path segment) throws IOException {
        List<Long> ends = new ArrayList<>();
        ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(segment));
        long at = 0;
        while (at < bytes.limit()) {
            at += 12 + bytes.getInt((int) at + 8);
            ends.add(at);
        }
        return ends;
    }

    /** Opens the damaged copy uncleanly and checks it holds exactly the first {@code survivors} batches. */
    private void assertRecoversTo(Path dir, List<long[]> all, int survivors) throws IOException {
        assertRecoversTo(dir, all, survivors, 0);
    }

    private void assertRecoversTo(Path dir, List<long[]> all, int survivors, long recoveryPoint) throws IOException {
        try (Log log = Log.open(dir, LogConfig.of(SMALL), recoveryPoint, 0, false, () -> 1000L)) {
            List<long[]> got = readAll(log);
            assertEquals(survivors, got.size(), "batches kept in " + dir);
            for (int i = 0; i < survivors; i++) {
                assertArrayEquals(all.get(i), got.get(i));
            }
            long end = survivors == 0 ? 0 : all.get(survivors - 1)[1] + 1;
            assertEquals(end, log.logEndOffset());
            assertEquals(end, log.append(batch(2, 1), 9).firstOffset());
        }
    }

    @Test
    void shouldKeepEveryWholeBatchWhenTheLogIsCutAtAnyByte() throws IOException {
        Path pristine = writeLog(root.resolve("pristine-0"));
        List<long[]> all = expected(pristine);
        assertEquals(BATCHES, all.size());
        Path segment = lastSegment(pristine);
        List<Long> ends = batchEnds(segment);
        int batchesBefore = BATCHES - ends.size();
        long from = ends.size() > 3 ? ends.get(ends.size() - 4) : 0;
        long size = Files.size(segment);
        for (long cut = from; cut < size; cut++) {
            Path copy = root.resolve("cut" + cut + "-0");
            copyDir(pristine, copy);
            try (FileChannel channel = FileChannel.open(copy.resolve(segment.getFileName()), StandardOpenOption.WRITE)) {
                channel.truncate(cut);
            }
            int whole = 0;
            while (whole < ends.size() && ends.get(whole) <= cut) {
                whole++;
            }
            assertRecoversTo(copy, all, batchesBefore + whole, all.get(batchesBefore)[0]);
        }
    }

    @Test
    void shouldCutAtAFlippedByteAndDropLaterSegments() throws IOException {
        Path pristine = writeLog(root.resolve("pristine-0"));
        List<long[]> all = expected(pristine);
        Path firstSegment = pristine.resolve(LogFileNames.prefix(0) + ".log");
        List<Long> ends = batchEnds(firstSegment);
        assertTrue(lastSegment(pristine) != firstSegment);
        long[] positions = {ends.get(1) + 30, ends.get(1) + 70, ends.get(2) - 1};
        for (long position : positions) {
            Path copy = root.resolve("flip" + position + "-0");
            copyDir(pristine, copy);
            flip(copy.resolve(firstSegment.getFileName()), position);
            assertRecoversTo(copy, all, 2);
            try (Stream<Path> files = Files.list(copy)) {
                assertEquals(1, files.filter(f -> f.toString().endsWith(".log")).count());
            }
        }
    }

    @Test
    void shouldDropAZeroFilledPreallocatedTail() throws IOException {
        Path dir = writeLog(root.resolve("zeros-0"));
        List<long[]> all = expected(dir);
        try (FileChannel channel = FileChannel.open(lastSegment(dir), StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            channel.write(ByteBuffer.allocate(4096));
        }
        assertRecoversTo(dir, all, BATCHES);
    }

    @Test
    void shouldDropAGarbageLengthWithoutAllocatingIt() throws IOException {
        Path dir = writeLog(root.resolve("garbage-0"));
        List<long[]> all = expected(dir);
        ByteBuffer tail = ByteBuffer.allocate(61);
        tail.putLong(0, 1000);
        tail.putInt(8, Integer.MAX_VALUE - 5);
        try (FileChannel channel = FileChannel.open(lastSegment(dir), StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            channel.write(tail);
        }
        assertRecoversTo(dir, all, BATCHES);
    }

    @Test
    void shouldRebuildMissingOrCorruptIndexesOnACleanOpen() throws IOException {
        Path pristine = writeLog(root.resolve("pristine-0"));
        List<long[]> all = expected(pristine);
        Path index = pristine.resolve(LogFileNames.prefix(0) + ".index");
        Path timeIndex = pristine.resolve(LogFileNames.prefix(0) + ".timeindex");
        assertTrue(Files.size(index) > 0);

        Path missing = root.resolve("missing-0");
        copyDir(pristine, missing);
        Files.delete(missing.resolve(index.getFileName()));
        Files.delete(missing.resolve(timeIndex.getFileName()));
        assertOpensCleanlyWithRebuild(missing, all);

        Path oddLength = root.resolve("odd-0");
        copyDir(pristine, oddLength);
        try (RandomAccessFile raf = new RandomAccessFile(oddLength.resolve(index.getFileName()).toFile(), "rw")) {
            raf.setLength(raf.length() + 3);
        }
        assertOpensCleanlyWithRebuild(oddLength, all);

        Path zeroEntry = root.resolve("zeroentry-0");
        copyDir(pristine, zeroEntry);
        try (RandomAccessFile raf = new RandomAccessFile(zeroEntry.resolve(timeIndex.getFileName()).toFile(), "rw")) {
            raf.setLength(raf.length() + 12);
        }
        assertOpensCleanlyWithRebuild(zeroEntry, all);

        Path pastEnd = root.resolve("pastend-0");
        copyDir(pristine, pastEnd);
        try (RandomAccessFile raf = new RandomAccessFile(pastEnd.resolve(index.getFileName()).toFile(), "rw")) {
            raf.seek(raf.length() - 4);
            raf.writeInt(1 << 30);
        }
        assertOpensCleanlyWithRebuild(pastEnd, all);
    }

    private static void assertOpensCleanlyWithRebuild(Path dir, List<long[]> all) throws IOException {
        try (Log log = Log.open(dir, LogConfig.of(SMALL), Long.MAX_VALUE, 0, true, () -> 1000L)) {
            assertTrue(log.validatedBatchesOnLoad() > 0, "the segment was rebuilt");
            List<long[]> got = readAll(log);
            assertEquals(all.size(), got.size());
            for (int i = 0; i < all.size(); i++) {
                assertArrayEquals(all.get(i), got.get(i));
            }
            assertEquals(OptionalLong.of(all.get(5)[0]), log.offsetForTimestamp(105));
        }
    }

    @Test
    void shouldRecoverOnlyFromTheRecoveryPoint() throws IOException {
        Path dir = root.resolve("rp-0");
        long recoveryPoint;
        try (Log log = Log.open(dir, LogConfig.of(SMALL), 0, 0, true, () -> 1000L)) {
            for (int i = 0; i < BATCHES; i++) {
                log.append(batch(0, 2, 100 + i, 20), 0);
            }
            log.flush();
            recoveryPoint = log.recoveryPoint();
            assertEquals(log.logEndOffset(), recoveryPoint);
            log.append(batch(0, 2, 500, 20), 0);
        }
        try (Log log = Log.open(dir, LogConfig.of(SMALL), recoveryPoint, 0, false, () -> 1000L)) {
            assertTrue(batchEnds(lastSegment(dir)).size() > 1, "the recovery point's segment holds older batches too");
            assertEquals(1, log.validatedBatchesOnLoad(), "only the batch past the recovery point, not its whole segment");
            assertEquals(BATCHES + 1, readAll(log).size());
            assertEquals(recoveryPoint, log.recoveryPoint(), "nothing was fsynced, so the recovery point stays");
        }
    }

    @Test
    void shouldOpenAThousandSegmentsAfterACleanShutdownWithoutValidatingAnyBatch() throws IOException {
        Path dir = root.resolve("many-0");
        Map<String, String> tiny = Map.of("segment.bytes", "100", "index.interval.bytes", "4096");
        long end;
        try (Log log = Log.open(dir, LogConfig.of(tiny), 0, 0, true, () -> 1000L)) {
            for (int i = 0; i < 1000; i++) {
                log.append(batch(1, i), 0);
            }
            assertEquals(1000, log.segmentCount());
            end = log.logEndOffset();
        }
        try (Log log = Log.open(dir, LogConfig.of(tiny), end, 0, true, () -> 1000L)) {
            assertEquals(0, log.validatedBatchesOnLoad());
            assertEquals(1000, log.segmentCount());
            assertEquals(end, log.logEndOffset());
            assertEquals(OptionalLong.of(500), log.offsetForTimestamp(500));
        }
        try (Log log = Log.open(dir, LogConfig.of(tiny), end, 0, false, () -> 1000L)) {
            assertTrue(log.validatedBatchesOnLoad() <= 1, "only the active segment is past the recovery point");
        }
    }

    @Test
    void shouldCompleteASwapAndDropUnfinishedCleanerOutput() throws IOException {
        Path dir = writeLog(root.resolve("swap-0"));
        List<long[]> all = expected(dir);
        // A cleaner that committed: segment 0's content re-written as a .swap file replacing segment 0.
        Path first = dir.resolve(LogFileNames.prefix(0) + ".log");
        Files.copy(first, dir.resolve(LogFileNames.prefix(0) + ".log.swap"));
        Files.write(dir.resolve(LogFileNames.prefix(0) + ".log.cleaned"), new byte[] {1, 2, 3});
        Files.write(dir.resolve(LogFileNames.prefix(5) + ".log.deleted"), new byte[] {1, 2, 3});
        try (Log log = Log.open(dir, LogConfig.of(SMALL), Long.MAX_VALUE, 0, true, () -> 1000L)) {
            assertEquals(all.size(), readAll(log).size());
        }
        try (Stream<Path> files = Files.list(dir)) {
            assertFalse(files.anyMatch(f -> f.toString().endsWith(".swap") || f.toString().endsWith(".cleaned")
                || f.toString().endsWith(".deleted")));
        }
    }

    private static void flip(Path file, long position) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.seek(position);
            int b = raf.read();
            raf.seek(position);
            raf.write(b ^ 0x5A);
        }
    }
}
