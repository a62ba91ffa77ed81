package io.zkafka.chaos;

import io.zkafka.clients.producer.KafkaProducer;
import io.zkafka.clients.producer.ProducerRecord;
import io.zkafka.common.TopicPartition;
import io.zkafka.common.serialization.StringSerializer;
import io.zkafka.test.TestUtils;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Sends {@link TaggedValue}s from a background thread, round robin over the partitions, until
 * closed, and reports every outcome to a {@link DurabilityChecker}. The producer keeps Kafka's
 * defaults where they matter here: idempotent, {@code acks=all}, retries without end and five
 * requests in flight per broker, so it is the producer's sequences that must keep each partition
 * in order and free of duplicates across retries. At most {@link #MAX_UNACKNOWLEDGED} records wait
 * for an answer, and sends are paced, so a fault holds the sender back rather than filling memory.
 * Bounded by {@link #MAX_RECORDS} and {@link #MAX_RUNTIME}.
 *
 * <p>Threads: the {@code chaos-producer-<id>} thread owns the loop; the client's I/O thread runs the
 * callbacks; counters are atomics.
 */
final class ContinuousProducer implements AutoCloseable {
    static final int MAX_UNACKNOWLEDGED = 50;
    static final long MAX_RECORDS = 200_000;
    static final Duration MAX_RUNTIME = Duration.ofMinutes(3);
    private static final long PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(2);

    private final String producerId;
    private final String topic;
    private final int partitions;
    private final DurabilityChecker checker;
    private final KafkaProducer<String, String> producer;
    private final Semaphore unacknowledged = new Semaphore(MAX_UNACKNOWLEDGED);
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicLong acknowledged = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final Thread thread;

    ContinuousProducer(String producerId, String bootstrapServers, String topic, int partitions,
                       DurabilityChecker checker) {
        this(producerId, bootstrapServers, topic, partitions, checker, Map.of());
    }

    /** {@code clientConfig}: extra producer settings (security.protocol, ssl.*). */
    ContinuousProducer(String producerId, String bootstrapServers, String topic, int partitions,
                       DurabilityChecker checker, Map<String, Object> clientConfig) {
        this.producerId = producerId;
        this.topic = topic;
        this.partitions = partitions;
        this.checker = checker;
        Map<String, Object> config = new HashMap<>();
        config.put("bootstrap.servers", bootstrapServers);
        config.put("client.id", "chaos-" + producerId);
        config.put("linger.ms", 2);
        config.put("retry.backoff.ms", 50);
        config.put("request.timeout.ms", 5_000);
        config.put("delivery.timeout.ms", 30_000);
        config.put("max.block.ms", 10_000);
        config.putAll(clientConfig);
        producer = new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
        if (!producer.config().idempotenceEnabled()) {
            producer.close();
            throw new IllegalStateException("The default producer is expected to be idempotent");
        }
        thread = new Thread(this::run, "chaos-producer-" + producerId);
        thread.setDaemon(true);
        thread.start();
    }

    long acknowledged() {
        return acknowledged.get();
    }

    long failed() {
        return failed.get();
    }

    /** Waits until {@code count} more records than now are acknowledged: the cluster takes writes. */
    void awaitProgress(long count, Duration timeout, String when) {
        long target = acknowledged.get() + count;
        TestUtils.waitForCondition(() -> acknowledged.get() >= target, timeout,
            () -> "the producer got " + count + " more acknowledgements " + when + " (at " + acknowledged.get()
                + " of " + target + ", " + failed.get() + " failed)");
    }

    private void run() {
        long deadline = System.nanoTime() + MAX_RUNTIME.toNanos();
        try {
            for (long sequence = 0; sequence < MAX_RECORDS && running.get() && System.nanoTime() < deadline; ) {
                if (!unacknowledged.tryAcquire(100, TimeUnit.MILLISECONDS)) {
                    continue;
                }
                String value = new TaggedValue(producerId, sequence).encode();
                int partition = (int) (sequence % partitions);
                producer.send(new ProducerRecord<>(topic, partition, null, value), (metadata, e) -> {
                    unacknowledged.release();
                    if (e == null) {
                        acknowledged.incrementAndGet();
                        checker.acknowledged(new TopicPartition(metadata.topic(), metadata.partition()),
                            metadata.offset(), value);
                    } else {
                        failed.incrementAndGet();
                        checker.sendFailed(value, e);
                    }
                });
                sequence++;
                LockSupport.parkNanos(PAUSE_NANOS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            checker.producerFailed(e);
        }
    }

    /** Stops sending, waits for every send to be answered, and closes the client. */
    @Override
    public void close() throws InterruptedException {
        running.set(false);
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        thread.join(TimeUnit.SECONDS.toMillis(15));
        producer.flush();
        producer.close(Duration.ofSeconds(30));
    }
}
