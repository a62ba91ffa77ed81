package io.zkafka.storage.bench;

import io.zkafka.storage.Log;
import io.zkafka.storage.LogConfig;
import io.zkafka.storage.LogDirFailureChannel;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
 * What a broker restarted after a clean stop does with each of its thousands of idle logs: open it
 * as the log manager does ({@code hadCleanShutdown}, the recovery point checkpointed at the log end)
 * and, in the second benchmark, close it again. Each of the {@value #LOGS} logs holds one segment of
 * three small batches (a few time index entries, as a scale-bench partition that was written once).
 * One operation opens (and closes) all of them on the benchmark thread; the files are in the page cache.
 *
 * <p>Threads: the state is confined to the one benchmark thread.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 5)
@Measurement(iterations = 10)
public class IdleLogsOpenBenchmark {
    static final int LOGS = 2000;
    private static final int BATCHES = 3;

    /** {@value #LOGS} closed idle logs, and those the measured call opened. */
    @State(Scope.Thread)
    public static class IdleLogs {
        final List<Path> dirs = new ArrayList<>();
        final List<Long> ends = new ArrayList<>();
        final LogConfig config = LogConfig.defaults();
        final List<Log> opened = new ArrayList<>();
        private Path folder;

        @Setup(Level.Trial)
        public void setUp() throws IOException {
            folder = BenchFixtures.freshFolder("zkafka-idle-");
            ByteBuffer batch = BenchFixtures.batchOfExactly16KiB(System.currentTimeMillis());
            for (int i = 0; i < LOGS; i++) {
                Path dir = folder.resolve("idle-" + i);
                try (Log log = Log.open(dir, config, 0, 0, true, System::currentTimeMillis)) {
                    for (int b = 0; b < BATCHES; b++) {
                        log.append(batch.position(0), 0);
                    }
                    ends.add(log.logEndOffset());
                }
                dirs.add(dir);
            }
        }

        List<Log> openAll() throws IOException {
            for (int i = 0; i < dirs.size(); i++) {
                opened.add(Log.open(dirs.get(i), config, ends.get(i), 0, true, true, System::currentTimeMillis,
                    new LogDirFailureChannel()));
            }
            return opened;
        }

        void closeAll() throws IOException {
            for (Log log : opened) {
                log.close();
            }
            opened.clear();
        }

        @TearDown(Level.Invocation)
        public void closeOpened() throws IOException {
            closeAll();
        }

        @TearDown(Level.Trial)
        public void tearDown() throws IOException {
            BenchFixtures.deleteRecursively(folder);
        }
    }

    @Benchmark
    public List<Log> openIdleLogs(IdleLogs state) throws IOException {
        return state.openAll();
    }

    @Benchmark
    public int openAndCloseIdleLogs(IdleLogs state) throws IOException {
        int opened = state.openAll().size();
        state.closeAll();
        return opened;
    }
}
