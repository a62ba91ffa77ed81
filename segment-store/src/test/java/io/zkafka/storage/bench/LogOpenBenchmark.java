package io.zkafka.storage.bench;

import io.zkafka.storage.Log;
import io.zkafka.storage.LogConfig;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
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
 * Opening a log folder of {@value #SEGMENTS} segments after a clean shutdown
 * ({@code hadCleanShutdown = true}): one {@link Log#open} per measurement, closed outside the timing.
 * Each segment holds four 16 KiB batches (62.5 MiB in all). The files are in the page cache, as after
 * a broker restart on a machine that was not rebooted.
 *
 * <p>Threads: the state is confined to the one benchmark thread.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 5)
@Measurement(iterations = 10)
public class LogOpenBenchmark {
    static final int SEGMENTS = 1000;
    private static final int BATCHES_PER_SEGMENT = 4;

    /** A closed log of {@value #SEGMENTS} segments, and the log that the measured call opened. */
    @State(Scope.Thread)
    public static class ClosedLog {
        Path dir;
        LogConfig config;
        long logEndOffset;
        Log opened;
        private Path folder;

        @Setup(Level.Trial)
        public void setUp() throws IOException {
            folder = BenchFixtures.freshFolder("zkafka-open-");
            dir = folder.resolve("bench-0");
            config = LogConfig.of(Map.of(LogConfig.SEGMENT_BYTES,
                String.valueOf(BATCHES_PER_SEGMENT * BenchFixtures.BATCH_BYTES)));
            ByteBuffer batch = BenchFixtures.batchOfExactly16KiB(System.currentTimeMillis());
            try (Log log = Log.open(dir, config, 0, 0, true, System::currentTimeMillis)) {
                for (int i = 0; i < SEGMENTS * BATCHES_PER_SEGMENT; i++) {
                    log.append(batch.position(0), 0);
                }
                logEndOffset = log.logEndOffset();
                if (log.segmentCount() != SEGMENTS) {
                    throw new IllegalStateException("Expected " + SEGMENTS + " segments, got " + log.segmentCount());
                }
            }
        }

        @TearDown(Level.Invocation)
        public void closeOpened() throws IOException {
            if (opened == null) {
                return;
            }
            try {
                if (opened.segmentCount() != SEGMENTS || opened.logEndOffset() != logEndOffset
                    || opened.validatedBatchesOnLoad() != 0) {
                    throw new IllegalStateException("Open after a clean shutdown went wrong: " + opened
                        + ", segments " + opened.segmentCount() + ", validated " + opened.validatedBatchesOnLoad());
                }
            } finally {
                opened.close();
                opened = null;
            }
        }

        @TearDown(Level.Trial)
        public void tearDown() throws IOException {
            BenchFixtures.deleteRecursively(folder);
        }
    }

    @Benchmark
    public Log openAfterCleanShutdown(ClosedLog state) throws IOException {
        state.opened = Log.open(state.dir, state.config, state.logEndOffset, 0, true, System::currentTimeMillis);
        return state.opened;
    }
}
