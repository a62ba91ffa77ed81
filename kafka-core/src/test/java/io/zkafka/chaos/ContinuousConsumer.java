package io.zkafka.chaos;

import io.zkafka.clients.consumer.ConsumerRecord;
import io.zkafka.clients.consumer.KafkaConsumer;
import io.zkafka.common.TopicPartition;
import io.zkafka.common.serialization.StringDeserializer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * Reads every partition of a topic from offset 0 on a background thread, with manual assignment
 * and {@code auto.offset.reset=none} (a silent reset would hide a fault), and hands each record and
 * each seek to a {@link DurabilityChecker}. Bounded by {@link #MAX_RUNTIME}.
 *
 * <p>Threads: the consumer client is created, used and closed only by the {@code chaos-consumer}
 * thread; the test thread only flips the running flag and joins it.
 */
final class ContinuousConsumer implements AutoCloseable {
    static final Duration MAX_RUNTIME = Duration.ofMinutes(4);

    private final String bootstrapServers;
    private final String topic;
    private final int partitions;
    private final DurabilityChecker checker;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread;
    private final Map<String, Object> clientConfig;

    ContinuousConsumer(String bootstrapServers, String topic, int partitions, DurabilityChecker checker) {
        this(bootstrapServers, topic, partitions, checker, Map.of());
    }

    /** {@code clientConfig}: extra consumer settings (security.protocol, ssl.*). */
    ContinuousConsumer(String bootstrapServers, String topic, int partitions, DurabilityChecker checker,
                       Map<String, Object> clientConfig) {
        this.clientConfig = Map.copyOf(clientConfig);
        this.bootstrapServers = bootstrapServers;
        this.topic = topic;
        this.partitions = partitions;
        this.checker = checker;
        thread = new Thread(this::run, "chaos-consumer");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        Map<String, Object> config = new HashMap<>();
        config.put("bootstrap.servers", bootstrapServers);
        config.put("client.id", "chaos-consumer");
        config.put("auto.offset.reset", "none");
        config.put("enable.auto.commit", false);
        config.put("fetch.max.wait.ms", 100);
        config.put("request.timeout.ms", 5_000);
        config.put("retry.backoff.ms", 50);
        config.putAll(clientConfig);
        long deadline = System.nanoTime() + MAX_RUNTIME.toNanos();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
            new StringDeserializer())) {
            List<TopicPartition> assigned = new ArrayList<>();
            for (int p = 0; p < partitions; p++) {
                assigned.add(new TopicPartition(topic, p));
            }
            consumer.assign(assigned);
            for (TopicPartition tp : assigned) {
                consumer.seek(tp, 0);
                checker.seeked(tp, 0);
            }
            while (running.get() && System.nanoTime() < deadline) {
                try {
                    for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(100))) {
                        checker.consumed(new TopicPartition(record.topic(), record.partition()), record.offset(),
                            record.value());
                    }
                } catch (RuntimeException e) {
                    checker.consumerFailed(e);
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
                }
            }
        } catch (RuntimeException e) {
            checker.consumerFailed(e);
        }
    }

    /** Stops polling and closes the client. */
    @Override
    public void close() throws InterruptedException {
        running.set(false);
        thread.join(TimeUnit.SECONDS.toMillis(30));
    }
}
