package io.zkafka.clients;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkafka.clients.admin.Admin;
import io.zkafka.clients.admin.NewTopic;
import io.zkafka.clients.consumer.ConsumerRecord;
import io.zkafka.clients.consumer.KafkaConsumer;
import io.zkafka.clients.producer.KafkaProducer;
import io.zkafka.clients.producer.ProducerRecord;
import io.zkafka.common.TopicPartition;
import io.zkafka.common.record.Header;
import io.zkafka.common.serialization.LongDeserializer;
import io.zkafka.common.serialization.LongSerializer;
import io.zkafka.common.serialization.StringDeserializer;
import io.zkafka.common.serialization.StringSerializer;
import io.zkafka.test.TestUtils;
import io.zkafka.test.ZKafkaCluster;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Three brokers, one topic of 12 partitions: 200,000 keyed records with headers go out and all
 * come back with per-partition order, keys, values, headers and timestamps intact, and every key
 * in exactly one partition.
 */
class ThreeBrokerRoundTripIT {
    private static final int RECORDS = 200_000;
    private static final int PARTITIONS = 12;
    private static final int KEYS = 5_000;

    @Test
    void shouldRoundTripKeyedRecordsWithHeadersAcrossThreeBrokers() throws Exception {
        try (ZKafkaCluster cluster = ZKafkaCluster.builder().brokers(3).build();
             Admin admin = Admin.create(Map.of("bootstrap.servers", cluster.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic("events", PARTITIONS, (short) 1))).all().get(30, TimeUnit.SECONDS);
            AtomicInteger failures = new AtomicInteger();
            try (KafkaProducer<String, Long> producer = new KafkaProducer<>(Map.of("bootstrap.servers",
                cluster.bootstrapServers(), "linger.ms", "5", "batch.size", "65536", "compression.type", "lz4"),
                new StringSerializer(), new LongSerializer())) {
                for (long i = 0; i < RECORDS; i++) {
                    producer.send(new ProducerRecord<>("events", null, 1_000_000L + i, "key-" + (i % KEYS), i,
                        List.of(new Header("seq", Long.toString(i).getBytes(StandardCharsets.UTF_8)))),
                        (metadata, e) -> {
                            if (e != null) {
                                failures.incrementAndGet();
                            }
                        });
                }
                producer.flush();
            }
            assertEquals(0, failures.get());

            Map<String, Integer> partitionOfKey = new HashMap<>();
            Map<Integer, Long> lastSeqPerPartition = new HashMap<>();
            Map<Integer, Long> nextOffset = new HashMap<>();
            int[] received = {0};
            try (KafkaConsumer<String, Long> consumer = new KafkaConsumer<>(Map.of("bootstrap.servers",
                cluster.bootstrapServers(), "auto.offset.reset", "earliest", "max.poll.records", "5000"),
                new StringDeserializer(), new LongDeserializer())) {
                List<TopicPartition> partitions = new ArrayList<>();
                for (int p = 0; p < PARTITIONS; p++) {
                    partitions.add(new TopicPartition("events", p));
                }
                consumer.assign(partitions);
                TestUtils.waitForCondition(() -> {
                    for (ConsumerRecord<String, Long> record : consumer.poll(Duration.ofMillis(200))) {
                        long seq = record.value();
                        assertEquals("key-" + (seq % KEYS), record.key());
                        assertEquals(1_000_000L + seq, record.timestamp());
                        assertEquals(List.of(new Header("seq", Long.toString(seq).getBytes(StandardCharsets.UTF_8))),
                            record.headers());
                        assertEquals(nextOffset.getOrDefault(record.partition(), 0L), record.offset());
                        nextOffset.put(record.partition(), record.offset() + 1);
                        long previous = lastSeqPerPartition.getOrDefault(record.partition(), -1L);
                        assertTrue(seq > previous, "send order kept within partition " + record.partition());
                        lastSeqPerPartition.put(record.partition(), seq);
                        Integer earlier = partitionOfKey.putIfAbsent(record.key(), record.partition());
                        assertEquals(earlier == null ? record.partition() : earlier, record.partition(),
                            "key " + record.key() + " in one partition");
                        received[0]++;
                    }
                    return received[0] >= RECORDS;
                }, Duration.ofSeconds(120), () -> "received " + received[0] + " of " + RECORDS);
            }
            assertEquals(RECORDS, received[0]);
            assertEquals(KEYS, partitionOfKey.size());
        }
    }
}
