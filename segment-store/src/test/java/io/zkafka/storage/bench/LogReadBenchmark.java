package io.zkafka.storage.bench;

import io.zkafka.storage.FileSlice;
import io.zkafka.storage.Log;
import io.zkafka.storage.LogConfig;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
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
 * Reading a log front to back by file slices ({@link Log#read} of one MiB, then
 * {@link FileSlice#transferTo} into a sink, continuing after the last batch sent) against a plain
 * {@link FileChannel#transferTo} of the same segment file, one MiB at a time, into the same sink. One
 * operation moves one MiB, so the score in ops/s is MiB/s. Both wrap to the start at the end.
 *
 * <p>The log is {@value #LOG_MIB} MiB in one segment, written in setup, so it sits in the page cache
 * for both sides. The sink is a parameter: {@code devnull} ({@code /dev/null}, where {@code sendfile}
 * moves no bytes, so the score shows what the log adds to the bare kernel call) or {@code file} (a
 * file in the same folder whose first MiB is overwritten by each operation: the bytes are really
 * copied, as they are into a socket).
 *
 * <p>Threads: the state is confined to the one benchmark thread.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class LogReadBenchmark {
    static final int LOG_MIB = 256;
    private static final int READ_BYTES = 1 << 20;

    /** A {@value #LOG_MIB} MiB log, its segment file opened a second time, and the sink. */
    @State(Scope.Thread)
    public static class ReadState {
        Path folder;
        Log log;
        FileChannel rawSegment;
        FileChannel sink;
        long nextOffset;
        long nextPosition;
        @Param({"devnull", "file"})
        public String sinkKind;

        @Setup(Level.Trial)
        public void setUp() throws IOException {
            folder = BenchFixtures.freshFolder("zkafka-read-");
            log = Log.open(folder.resolve("bench-0"), LogConfig.defaults(), 0, 0, true, System::currentTimeMillis);
            ByteBuffer batch = BenchFixtures.batchOfExactly16KiB(System.currentTimeMillis());
            for (int i = 0; i < LOG_MIB * BenchFixtures.BATCHES_PER_MIB; i++) {
                log.append(batch.position(0), 0);
            }
            log.flush();
            if (log.segmentCount() != 1 || log.size() != (long) LOG_MIB << 20) {
                throw new IllegalStateException("Expected one segment of " + LOG_MIB + " MiB, got " + log);
            }
            Path segmentFile = log.dir().resolve(String.format("%020d.log", 0));
            rawSegment = FileChannel.open(segmentFile, StandardOpenOption.READ);
            Path sinkPath = switch (sinkKind) {
                case "devnull" -> Path.of("/dev/null");
                case "file" -> folder.resolve("sink");
                default -> throw new IllegalArgumentException("Unknown sinkKind '" + sinkKind + "': devnull or file");
            };
            sink = FileChannel.open(sinkPath, StandardOpenOption.WRITE, StandardOpenOption.CREATE);
        }

        @TearDown(Level.Trial)
        public void tearDown() throws IOException {
            try {
                sink.close();
                rawSegment.close();
                log.close();
            } finally {
                BenchFixtures.deleteRecursively(folder);
            }
        }
    }

    @Benchmark
    public long logReadFileSlices(ReadState state) throws IOException {
        FileSlice slice = state.log.read(state.nextOffset, READ_BYTES);
        state.sink.position(0);
        long sent = slice.transferTo(state.sink);
        if (sent != READ_BYTES) {
            throw new IllegalStateException("Sent " + sent + " bytes of a slice of " + slice.length());
        }
        // every batch holds RECORDS_PER_BATCH offsets, so the bytes sent tell where the next read starts
        long next = slice.firstOffset() + (sent / BenchFixtures.BATCH_BYTES) * BenchFixtures.RECORDS_PER_BATCH;
        state.nextOffset = next == state.log.logEndOffset() ? 0 : next;
        return sent;
    }

    @Benchmark
    public long rawTransferTo(ReadState state) throws IOException {
        state.sink.position(0);
        long sent = 0;
        while (sent < READ_BYTES) {
            long n = state.rawSegment.transferTo(state.nextPosition + sent, READ_BYTES - sent, state.sink);
            if (n <= 0) {
                throw new IllegalStateException("transferTo sent nothing at " + (state.nextPosition + sent));
            }
            sent += n;
        }
        long next = state.nextPosition + sent;
        state.nextPosition = next == (long) LOG_MIB << 20 ? 0 : next;
        return sent;
    }
}
