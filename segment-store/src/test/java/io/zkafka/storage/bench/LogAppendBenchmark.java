package io.zkafka.storage.bench;

import io.zkafka.storage.Log;
import io.zkafka.storage.LogConfig;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Appending 16 KiB batches of 1 KiB records to a {@link Log}, against a plain {@link FileChannel#write}
 * of the same bytes to a file in the same folder. One operation writes one MiB (64 batches, one
 * {@code append} call each), so the score in ops/s is MiB/s.
 *
 * <p>Both sides roll to a new file every {@value #SEGMENT_BYTES} bytes and keep at most three files,
 * deleting the oldest, so a run does not fill the disk; neither fsyncs (the {@code flush.*} defaults are
 * off), so this measures the path into the page cache, which is what an append costs the broker.
 *
 * <p>Threads: each state is confined to the one benchmark thread.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class LogAppendBenchmark {
    static final int SEGMENT_BYTES = 128 << 20;
    private static final int KEPT_FILES = 3;

    /** A log in a fresh folder, rolling every {@value #SEGMENT_BYTES} bytes. */
    @State(Scope.Thread)
    public static class LogState {
        Path folder;
        Log log;
        ByteBuffer[] batches;

        @Setup(Level.Trial)
        public void setUp() throws IOException {
            folder = BenchFixtures.freshFolder("zkafka-append-log-");
            LogConfig config = LogConfig.of(Map.of(
                LogConfig.SEGMENT_BYTES, String.valueOf(SEGMENT_BYTES),
                LogConfig.RETENTION_BYTES, String.valueOf((long) (KEPT_FILES - 1) * SEGMENT_BYTES),
                LogConfig.RETENTION_MS, "-1",
                LogConfig.FILE_DELETE_DELAY_MS, "0"));
            log = Log.open(folder.resolve("bench-0"), config, 0, 0, true, System::currentTimeMillis);
            batches = BenchFixtures.copies(BenchFixtures.batchOfExactly16KiB(System.currentTimeMillis()),
                BenchFixtures.BATCHES_PER_MIB);
        }

        @TearDown(Level.Trial)
        public void tearDown() throws IOException {
            try {
                if (log.logEndOffset() == 0) {
                    throw new IllegalStateException("The benchmark appended nothing");
                }
                log.close();
            } finally {
                BenchFixtures.deleteRecursively(folder);
            }
        }
    }

    /** A plain file in a fresh folder, replaced by a new one every {@value #SEGMENT_BYTES} bytes. */
    @State(Scope.Thread)
    public static class RawState {
        Path folder;
        final Deque<Path> files = new ArrayDeque<>();
        FileChannel channel;
        long written;
        ByteBuffer[] batches;

        @Setup(Level.Trial)
        public void setUp() throws IOException {
            folder = BenchFixtures.freshFolder("zkafka-append-raw-");
            batches = BenchFixtures.copies(BenchFixtures.batchOfExactly16KiB(System.currentTimeMillis()),
                BenchFixtures.BATCHES_PER_MIB);
            roll();
        }

        void roll() throws IOException {
            if (channel != null) {
                channel.close();
            }
            Path file = folder.resolve(String.format("%020d.raw", written));
            channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            files.addLast(file);
            while (files.size() > KEPT_FILES) {
                Files.delete(files.removeFirst());
            }
        }

        @TearDown(Level.Trial)
        public void tearDown() throws IOException {
            try {
                channel.close();
            } finally {
                BenchFixtures.deleteRecursively(folder);
            }
        }
    }

    @Benchmark
    public long logAppend(LogState state) throws IOException {
        Log log = state.log;
        for (ByteBuffer batch : state.batches) {
            batch.position(0);
            log.append(batch, 0);
        }
        if (log.segmentCount() > KEPT_FILES) {
            log.deleteOldSegments();
            log.deleteExpiredFiles();
        }
        return log.logEndOffset();
    }

    @Benchmark
    public long rawFileChannelWrite(RawState state) throws IOException {
        if (state.channel.position() + (1 << 20) > SEGMENT_BYTES) {
            state.roll();
        }
        FileChannel channel = state.channel;
        for (ByteBuffer batch : state.batches) {
            batch.position(0);
            while (batch.hasRemaining()) {
                state.written += channel.write(batch);
            }
        }
        return state.written;
    }
}
