package io.zkafka.storage.bench;

import io.zkafka.common.record.RecordBatchBuilder;
import io.zkafka.storage.FileSlice;
import io.zkafka.storage.Log;
import io.zkafka.storage.LogConfig;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A consumer at the tail of a log of one-record batches (a 100-byte value, as Kafka's
 * EndToEndLatency writes them): each operation reads from the {@code behind}-th last offset up to
 * the log end, the read a fetch makes right after a produce. The offsets are spread over the
 * offset index's intervals, so the batch headers walked from the nearest index entry vary as they
 * do in a live log. The score is reads per second.
 *
 * <p>Threads: the state is confined to the one benchmark thread.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class TailReadBenchmark {
    private static final int BATCHES = 200_000;
    private static final int VALUE_BYTES = 100;

    /** A log of {@value #BATCHES} one-record batches, and which end offset the next read treats as the tail. */
    @State(Scope.Thread)
    public static class TailState {
        @Param({"1"})
        public int behind;
        java.nio.file.Path folder;
        Log log;
        long tail;

        @Setup(Level.Trial)
        public void setUp() throws IOException {
            folder = BenchFixtures.freshFolder("zkafka-tail-");
            log = Log.open(folder.resolve("bench-0"), LogConfig.defaults(), 0, 0, true, System::currentTimeMillis);
            RecordBatchBuilder builder = RecordBatchBuilder.uncompressed(0, 1024);
            builder.append(System.currentTimeMillis(), "key".getBytes(StandardCharsets.US_ASCII), new byte[VALUE_BYTES]);
            ByteBuffer batch = builder.build();
            for (int i = 0; i < BATCHES; i++) {
                log.append(batch.position(0), 0);
            }
            log.flush();
            tail = BATCHES / 2;
        }

        @TearDown(Level.Trial)
        public void tearDown() throws IOException {
            log.close();
            BenchFixtures.deleteRecursively(folder);
        }
    }

    /** Reads the last {@code behind} records below a tail that moves one batch per operation. */
    @Benchmark
    public FileSlice readTail(TailState state) throws IOException {
        long end = state.tail;
        state.tail = end + 1 < BATCHES ? end + 1 : BATCHES / 2;
        return state.log.read(end - state.behind, 1 << 20, end);
    }

    /**
     * Reads the last {@code behind} records up to the log end itself, as a consumer caught up with a
     * high watermark at the log end (one replica, or followers in sync) and a follower read.
     */
    @Benchmark
    public FileSlice readToLogEnd(TailState state) throws IOException {
        long end = state.log.logEndOffset();
        return state.log.read(end - state.behind, 1 << 20, end);
    }
}
