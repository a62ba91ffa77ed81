package io.zkafka.bench;

import io.zkafka.clients.consumer.ConsumerConfig;
import io.zkafka.clients.consumer.ConsumerRecord;
import io.zkafka.clients.consumer.KafkaConsumer;
import io.zkafka.clients.producer.KafkaProducer;
import io.zkafka.clients.producer.ProducerConfig;
import io.zkafka.clients.producer.ProducerRecord;
import io.zkafka.common.PartitionInfo;
import io.zkafka.common.TopicPartition;
import io.zkafka.common.serialization.ByteArrayDeserializer;
import io.zkafka.common.serialization.ByteArraySerializer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Broker CPU per fetched megabyte under many long-polling consumers: one producer at a fixed rate
 * (acks=all, so followers fetch and the high watermark moves) and N consumers that each read every
 * partition of the topic from its end with {@code fetch.min.bytes} above one batch, so their fetches
 * wait in the fetch purgatory. After a warm-up it samples the brokers' CPU time (utime + stime of
 * each broker process from {@code /proc/<pid>/stat}) over a fixed window and prints CPU seconds,
 * megabytes the consumers fetched (record payload bytes) and their ratio. Run by
 * {@code scripts/fetch-cpu-bench.sh}, which starts the brokers in their own JVMs; not a test.
 *
 * <pre>
 * FetchCpuLoad BOOTSTRAP TOPIC BROKER_PIDS(comma-separated) [consumers=30] [rate=4000]
 *                   [recordSize=200] [warmupS=10] [durationS=30] [fetchMinBytes=16384]
 * </pre>
 */
public final class FetchCpuLoad {
    /** The unit of /proc/<pid>/stat's CPU times: the script passes {@code getconf CLK_TCK}. */
    private static final long CLOCK_TICKS_PER_SECOND = Long.parseLong(System.getenv().getOrDefault("CLK_TCK", "100"));

    private FetchCpuLoad() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            System.err.println("usage: FetchCpuLoad BOOTSTRAP TOPIC BROKER_PIDS [consumers] [rate] [recordSize]"
                + " [warmupS] [durationS] [fetchMinBytes]");
            System.exit(2);
        }
        String bootstrap = args[0];
        String topic = args[1];
        List<Long> brokerPids = new ArrayList<>();
        for (String pid : args[2].split(",")) {
            brokerPids.add(Long.parseLong(pid.trim()));
        }
        int consumers = intArg(args, 3, 30);
        int rate = intArg(args, 4, 4000);
        int recordSize = intArg(args, 5, 200);
        int warmupS = intArg(args, 6, 10);
        int durationS = intArg(args, 7, 30);
        int fetchMinBytes = intArg(args, 8, 16384);

        AtomicBoolean running = new AtomicBoolean(true);
        LongAdder fetchedBytes = new LongAdder();
        AtomicLong produced = new AtomicLong();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < consumers; i++) {
            Thread consumer = new Thread(() -> consume(bootstrap, topic, fetchMinBytes, running, fetchedBytes),
                "bench-consumer-" + i);
            consumer.start();
            threads.add(consumer);
        }
        Thread producer = new Thread(() -> produce(bootstrap, topic, rate, recordSize, running, produced),
            "bench-producer");
        producer.start();
        threads.add(producer);

        Thread.sleep(warmupS * 1000L);
        long cpuTicksBefore = brokerTicks(brokerPids);
        long bytesBefore = fetchedBytes.sum();
        long producedBefore = produced.get();
        long startNanos = System.nanoTime();
        Thread.sleep(durationS * 1000L);
        long cpuTicksAfter = brokerTicks(brokerPids);
        long bytesAfter = fetchedBytes.sum();
        long producedAfter = produced.get();
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        running.set(false);
        for (Thread thread : threads) {
            thread.join(30_000);
        }

        double cpuSeconds = (cpuTicksAfter - cpuTicksBefore) / (double) CLOCK_TICKS_PER_SECOND;
        double fetchedMb = (bytesAfter - bytesBefore) / 1e6;
        double producedMb = (producedAfter - producedBefore) * (double) recordSize / 1e6;
        System.out.printf("window %.1f s, consumers %d, produced %.2f MB (%.0f records/s), consumers fetched %.2f MB,"
                + " broker cpu %.2f s (%.0f%% of one core), broker cpu per fetched MB %.4f s%n",
            seconds, consumers, producedMb, (producedAfter - producedBefore) / seconds, fetchedMb, cpuSeconds,
            100 * cpuSeconds / seconds, cpuSeconds / fetchedMb);
        System.out.printf("RESULT cpu_s=%.2f fetched_mb=%.2f cpu_s_per_mb=%.5f%n", cpuSeconds, fetchedMb,
            cpuSeconds / fetchedMb);
    }

    private static int intArg(String[] args, int index, int fallback) {
        return args.length > index ? Integer.parseInt(args[index]) : fallback;
    }

    private static long brokerTicks(List<Long> pids) throws IOException {
        long ticks = 0;
        for (long pid : pids) {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // the command name (field 2) may hold spaces: count fields after its closing parenthesis
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime, stime (fields 14, 15)
        }
        return ticks;
    }

    private static void produce(String bootstrap, String topic, int rate, int recordSize, AtomicBoolean running,
                                AtomicLong produced) {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        try (KafkaProducer<byte[], byte[]> producer =
                 new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer())) {
            byte[] value = new byte[recordSize];
            long start = System.nanoTime();
            long sent = 0;
            while (running.get()) {
                long due = start + sent * 1_000_000_000L / rate;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                    continue;
                }
                producer.send(new ProducerRecord<>(topic, value), (metadata, error) -> {
                    if (error == null) {
                        produced.incrementAndGet();
                    }
                });
                sent++;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void consume(String bootstrap, String topic, int fetchMinBytes, AtomicBoolean running,
                                LongAdder fetchedBytes) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, fetchMinBytes);
        config.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 500);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        try (KafkaConsumer<byte[], byte[]> consumer =
                 new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (PartitionInfo info : consumer.partitionsFor(topic, Duration.ofSeconds(30))) {
                partitions.add(new TopicPartition(topic, info.partition()));
            }
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            while (running.get()) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    fetchedBytes.add(record.value() == null ? 0 : record.value().length);
                }
            }
        }
    }
}
