package io.zkafka.storage.bench;

import io.zkafka.common.TopicPartition;
import java.util.concurrent.ConcurrentHashMap;
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
import org.openjdk.jmh.infra.Blackhole;

/**
 * Looking up the thousand partitions of a fetch in a broker's partition map, with keys made from
 * the request (equal names, other strings), as every produce, fetch and purgatory check does:
 * {@link TopicPartition}, whose equals is written out, against a record of the same two fields whose
 * equals is the one records generate (through method handles). Run it with
 * {@code -jvmArgsAppend -XX:TieredStopAtLevel=1} too, the JIT a broker gets on two CPUs. The score
 * is lookups of a thousand partitions per second.
 *
 * <p>Threads: the state is read-only after setup.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class PartitionLookupBenchmark {
    private static final int PARTITIONS = 1000;

    /** The same two fields and hashCode, with the equals a record generates. */
    record GeneratedKey(String topic, int partition) {
        @Override
        public int hashCode() {
            return topic.hashCode() * 0x9E3779B9 + partition;
        }
    }

    /** The broker's map, and a request's keys for it. */
    @State(Scope.Thread)
    public static class Partitions {
        final ConcurrentHashMap<TopicPartition, Object> written = new ConcurrentHashMap<>();
        final ConcurrentHashMap<GeneratedKey, Object> generated = new ConcurrentHashMap<>();
        TopicPartition[] writtenKeys;
        GeneratedKey[] generatedKeys;

        @Setup
        public void setUp() {
            writtenKeys = new TopicPartition[PARTITIONS];
            generatedKeys = new GeneratedKey[PARTITIONS];
            String requestTopic = new String("orders-by-customer".toCharArray());
            for (int p = 0; p < PARTITIONS; p++) {
                written.put(new TopicPartition("orders-by-customer", p), p);
                generated.put(new GeneratedKey("orders-by-customer", p), p);
                writtenKeys[p] = new TopicPartition(requestTopic, p);
                generatedKeys[p] = new GeneratedKey(requestTopic, p);
            }
        }
    }

    @Benchmark
    public void writtenEquals(Partitions state, Blackhole hole) {
        for (TopicPartition key : state.writtenKeys) {
            hole.consume(state.written.get(key));
        }
    }

    @Benchmark
    public void generatedEquals(Partitions state, Blackhole hole) {
        for (GeneratedKey key : state.generatedKeys) {
            hole.consume(state.generated.get(key));
        }
    }
}
