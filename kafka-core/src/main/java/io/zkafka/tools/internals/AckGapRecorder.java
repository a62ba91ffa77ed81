package io.zkafka.tools.internals;

import io.zkafka.clients.consumer.ConsumerRecord;
import io.zkafka.clients.consumer.KafkaConsumer;
import io.zkafka.clients.producer.KafkaProducer;
import io.zkafka.clients.producer.ProducerRecord;
import io.zkafka.common.TopicPartition;
import io.zkafka.common.serialization.ByteArrayDeserializer;
import io.zkafka.common.serialization.ByteArraySerializer;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Sends to one partition with {@code acks=all}, one record at a time (each waits for its
 * acknowledgement, so a stall shows as one long gap), and remembers when each was acknowledged and
 * what it held: an 8-byte sequence number. Afterwards {@link #lostAcknowledged} reads the partition
 * back and counts acknowledged records that are missing or changed.
 *
 * <p>Threads: {@code ack-gap-producer} owns the producer and writes the acknowledgement maps
 * (concurrent); any thread reads them.
 */
public final class AckGapRecorder implements AutoCloseable {
    /** One acknowledgement: when, and which sequence number landed at the offset. */
    private record Ack(long nanos, long sequence) {
    }

    private final String bootstrapServers;
    private final TopicPartition tp;
    private final NavigableMap<Long, Ack> acksByOffset = new ConcurrentSkipListMap<>();
    private final NavigableMap<Long, Long> ackNanos = new ConcurrentSkipListMap<>();
    private final AtomicReference<Exception> lastError = new AtomicReference<>();
    private final Thread sender;
    private volatile boolean running = true;

    public AckGapRecorder(String bootstrapServers, TopicPartition tp) {
        this.bootstrapServers = bootstrapServers;
        this.tp = tp;
        this.sender = new Thread(this::produce, "ack-gap-producer");
        sender.setDaemon(true);
        sender.start();
    }

    private void produce() {
        Map<String, Object> config = Map.of("bootstrap.servers", bootstrapServers, "client.id", "scale-bench-acks",
            "acks", "all");
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config, new ByteArraySerializer(),
            new ByteArraySerializer())) {
            long sequence = 0;
            while (running) {
                byte[] value = ByteBuffer.allocate(Long.BYTES).putLong(sequence).array();
                try {
                    long offset = producer.send(new ProducerRecord<>(tp.topic(), tp.partition(), null, value))
                        .get(150, TimeUnit.SECONDS).offset();
                    long now = System.nanoTime();
                    acksByOffset.put(offset, new Ack(now, sequence));
                    ackNanos.put(now, offset);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                } catch (Exception e) {
                    lastError.set(e);
                }
                sequence++;
            }
        }
    }

    /** How many records were acknowledged so far. */
    public int acknowledged() {
        return acksByOffset.size();
    }

    /** Waits until {@code count} more records are acknowledged than now. */
    public void awaitMore(int count, Duration timeout) {
        int target = acknowledged() + count;
        ClusterProbe.await(() -> acknowledged() >= target, timeout,
            count + " more acks=all acknowledgements to " + tp + " (last producer error: " + lastError.get() + ")");
    }

    /** The longest time between two consecutive acknowledgements that ended after {@code fromNanos}, in ms. */
    public long longestGapMsSince(long fromNanos) {
        Long previous = ackNanos.floorKey(fromNanos);
        long longest = 0;
        for (long at : ackNanos.tailMap(fromNanos, false).keySet()) {
            if (previous != null) {
                longest = Math.max(longest, at - previous);
            }
            previous = at;
        }
        return TimeUnit.NANOSECONDS.toMillis(longest);
    }

    /** Reads the partition from the first acknowledged offset and counts acknowledged records missing or changed. */
    public int lostAcknowledged(Duration timeout) {
        if (acksByOffset.isEmpty()) {
            return 0;
        }
        Map<Long, Long> wanted = new HashMap<>();
        acksByOffset.forEach((offset, ack) -> wanted.put(offset, ack.sequence()));
        long first = acksByOffset.firstKey();
        long last = acksByOffset.lastKey();
        int lost = 0;
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of("bootstrap.servers", bootstrapServers,
            "client.id", "scale-bench-verify", "auto.offset.reset", "none"), new ByteArrayDeserializer(),
            new ByteArrayDeserializer())) {
            consumer.assign(List.of(tp));
            consumer.seek(tp, first);
            long deadline = System.nanoTime() + timeout.toNanos();
            long next = first;
            while (next <= last && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    Long sequence = wanted.remove(record.offset());
                    if (sequence != null && (record.value() == null || record.value().length != Long.BYTES
                            || ByteBuffer.wrap(record.value()).getLong() != sequence)) {
                        lost++;
                    }
                    next = record.offset() + 1;
                }
            }
        }
        return lost + wanted.size();
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        sender.join(TimeUnit.SECONDS.toMillis(160));
    }
}
