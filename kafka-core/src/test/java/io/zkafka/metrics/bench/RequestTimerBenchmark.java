package io.zkafka.metrics.bench;

import com.codahale.metrics.LockFreeExponentiallyDecayingReservoir;
import com.codahale.metrics.Timer;
import io.zkafka.metrics.RecentHistogramReservoir;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One request's latency recorded in a Dropwizard timer, as {@code RequestMetrics} does once per
 * request: over {@link RecentHistogramReservoir} against Dropwizard's lock-free decaying reservoir.
 * Latencies are drawn from 20 to 2,000 microseconds. Run it with
 * {@code -jvmArgsAppend -XX:TieredStopAtLevel=1} too, the JIT a broker gets on two CPUs. The score
 * is nanoseconds per update.
 *
 * <p>Threads: one writer per timer, as a connection's event loop is.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class RequestTimerBenchmark {

    /** The two timers and a ring of latencies to record. */
    @State(Scope.Thread)
    public static class Timers {
        final Timer histogram = new Timer(new RecentHistogramReservoir(1, TimeUnit.MINUTES));
        final Timer decaying = new Timer(LockFreeExponentiallyDecayingReservoir.builder().build());
        final long[] latencies = new long[4096];
        int next;

        @Setup
        public void setUp() {
            for (int i = 0; i < latencies.length; i++) {
                latencies[i] = ThreadLocalRandom.current().nextLong(20_000, 2_000_000);
            }
        }

        long nextLatency() {
            next = (next + 1) & (latencies.length - 1);
            return latencies[next];
        }
    }

    @Benchmark
    public void recentHistogram(Timers timers) {
        timers.histogram.update(timers.nextLatency(), TimeUnit.NANOSECONDS);
    }

    @Benchmark
    public void lockFreeDecaying(Timers timers) {
        timers.decaying.update(timers.nextLatency(), TimeUnit.NANOSECONDS);
    }
}
