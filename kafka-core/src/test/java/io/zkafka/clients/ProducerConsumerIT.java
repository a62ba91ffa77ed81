package io.zkafka.clients;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkafka.clients.admin.Admin;
import io.zkafka.clients.admin.NewTopic;
import io.zkafka.clients.consumer.ConsumerRecord;
import io.zkafka.clients.consumer.ConsumerRecords;
import io.zkafka.clients.consumer.KafkaConsumer;
import io.zkafka.clients.producer.KafkaProducer;
import io.zkafka.clients.producer.ProducerRecord;
import io.zkafka.clients.producer.RecordMetadata;
import io.zkafka.clients.producer.internals.BuiltInPartitioner;
import io.zkafka.common.TopicPartition;
import io.zkafka.common.record.Header;
import io.zkafka.common.serialization.ByteArrayDeserializer;
import io.zkafka.common.serialization.ByteArraySerializer;
import io.zkafka.common.serialization.StringDeserializer;
import io.zkafka.common.serialization.StringSerializer;
import io.zkafka.test.TestUtils;
import io.zkafka.test.ZKafkaCluster;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The producer and the consumer against a real broker: acks, compression, partitioning, reading back. */
class ProducerConsumerIT {
    private static ZKafkaCluster cluster;
    private static Admin admin;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = ZKafkaCluster.builder().brokers(1).brokerConfig("auto.create.topics.enable", "false").build();
        admin = Admin.create(Map.of("bootstrap.servers", cluster.bootstrapServers()));
    }

    @AfterAll
    static void stopCluster() throws Exception {
        if (admin != null) {
            admin.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    static void createTopic(String name, int partitions) throws Exception {
        admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1))).all().get(30, TimeUnit.SECONDS);
    }

    static KafkaProducer<String, String> producer(Map<String, Object> overrides) {
        Map<String, Object> config = new HashMap<>(Map.of("bootstrap.servers", cluster.bootstrapServers(),
            "max.block.ms", "30000"));
        config.putAll(overrides);
        return new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
    }

    static KafkaConsumer<String, String> consumer(Map<String, Object> overrides) {
        Map<String, Object> config = new HashMap<>(Map.of("bootstrap.servers", cluster.bootstrapServers(),
            "auto.offset.reset", "earliest"));
        config.putAll(overrides);
        return new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer());
    }

    /** Polls until {@code count} records arrived (failing after 30 s). */
    static <K, V> List<ConsumerRecord<K, V>> pollUntil(KafkaConsumer<K, V> consumer, int count) {
        List<ConsumerRecord<K, V>> records = new ArrayList<>();
        TestUtils.waitForCondition(() -> {
            consumer.poll(Duration.ofMillis(100)).forEach(records::add);
            return records.size() >= count;
        }, Duration.ofSeconds(30), () -> "only " + records.size() + " of " + count + " records arrived");
        return records;
    }

    @ParameterizedTest(name = "acks={0}")
    @ValueSource(strings = {"0", "1", "all"})
    void shouldDeliverRecordsWithEveryAcksSetting(String acks) throws Exception {
        String topic = "acks-" + (acks.equals("all") ? "all" : acks);
        createTopic(topic, 1);
        List<Future<RecordMetadata>> futures = new ArrayList<>();
        try (KafkaProducer<String, String> producer = producer(Map.of("acks", acks, "linger.ms", "5"))) {
            for (int i = 0; i < 1000; i++) {
                futures.add(producer.send(new ProducerRecord<>(topic, "k" + i, "v" + i)));
            }
            producer.flush();
        }
        for (int i = 0; i < futures.size(); i++) {
            RecordMetadata metadata = futures.get(i).get(10, TimeUnit.SECONDS);
            assertEquals(acks.equals("0") ? -1L : i, metadata.offset(), "offset of record " + i);
        }
        try (KafkaConsumer<String, String> consumer = consumer(Map.of())) {
            consumer.assign(List.of(new TopicPartition(topic, 0)));
            List<ConsumerRecord<String, String>> records = pollUntil(consumer, 1000);
            for (int i = 0; i < 1000; i++) {
                assertEquals(i, records.get(i).offset());
                assertEquals("k" + i, records.get(i).key());
                assertEquals("v" + i, records.get(i).value());
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"none", "gzip", "snappy", "lz4", "zstd"})
    void shouldRoundTripRecordsThroughEveryCompressionType(String compression) throws Exception {
        String topic = "compressed-" + compression;
        createTopic(topic, 1);
        int count = 3000;
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
            "bootstrap.servers", cluster.bootstrapServers(), "compression.type", compression, "linger.ms", "10",
            "batch.size", "32768"), new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < count; i++) {
                byte[] key = i % 10 == 0 ? null : ("key-" + i).getBytes(StandardCharsets.UTF_8);
                byte[] value = ("value " + i + " " + "z".repeat(i % 100)).getBytes(StandardCharsets.UTF_8);
                List<Header> headers = i % 3 == 0 ? List.of(new Header("n", new byte[] {(byte) i}),
                    new Header("nil", null)) : List.of();
                producer.send(new ProducerRecord<>(topic, 0, 1_000_000L + i, key, value, headers));
            }
            producer.flush();
        }
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
            "bootstrap.servers", cluster.bootstrapServers(), "auto.offset.reset", "earliest"),
            new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.assign(List.of(new TopicPartition(topic, 0)));
            List<ConsumerRecord<byte[], byte[]>> records = pollUntil(consumer, count);
            assertEquals(count, records.size());
            for (int i = 0; i < count; i++) {
                ConsumerRecord<byte[], byte[]> record = records.get(i);
                assertEquals(i, record.offset());
                assertEquals(1_000_000L + i, record.timestamp());
                assertArrayEquals(i % 10 == 0 ? null : ("key-" + i).getBytes(StandardCharsets.UTF_8), record.key());
                assertEquals("value " + i + " " + "z".repeat(i % 100), new String(record.value(), StandardCharsets.UTF_8));
                assertEquals(i % 3 == 0 ? List.of(new Header("n", new byte[] {(byte) i}), new Header("nil", null))
                    : List.of(), record.headers());
            }
        }
    }

    @Test
    void shouldPlaceKeyedRecordsOnTheirMurmur2PartitionEndToEnd() throws Exception {
        String topic = "keyed";
        int partitions = 6;
        createTopic(topic, partitions);
        Map<String, Integer> partitionOfKey = new HashMap<>();
        try (KafkaProducer<String, String> producer = producer(Map.of("linger.ms", "5"))) {
            List<Future<RecordMetadata>> futures = new ArrayList<>();
            for (int i = 0; i < 600; i++) {
                futures.add(producer.send(new ProducerRecord<>(topic, "user-" + (i % 50), "event-" + i)));
            }
            for (int i = 0; i < futures.size(); i++) {
                String key = "user-" + (i % 50);
                int expected = BuiltInPartitioner.partitionForKey(key.getBytes(StandardCharsets.UTF_8), partitions);
                assertEquals(expected, futures.get(i).get(10, TimeUnit.SECONDS).partition(), key);
                partitionOfKey.put(key, expected);
            }
        }
        try (KafkaConsumer<String, String> consumer = consumer(Map.of())) {
            List<TopicPartition> all = new ArrayList<>();
            for (int p = 0; p < partitions; p++) {
                all.add(new TopicPartition(topic, p));
            }
            consumer.assign(all);
            for (ConsumerRecord<String, String> record : pollUntil(consumer, 600)) {
                assertEquals(partitionOfKey.get(record.key()), record.partition(), record.key());
            }
        }
    }

    @Test
    void shouldStickRecordsWithoutKeyToOnePartitionPerBatch() throws Exception {
        String topic = "sticky";
        createTopic(topic, 4);
        Set<Integer> used = new HashSet<>();
        try (KafkaProducer<String, String> producer = producer(Map.of("linger.ms", "60000", "batch.size", "1000000"))) {
            List<Future<RecordMetadata>> futures = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                futures.add(producer.send(new ProducerRecord<>(topic, "v" + i)));
            }
            producer.flush();
            for (Future<RecordMetadata> future : futures) {
                used.add(future.get(10, TimeUnit.SECONDS).partition());
            }
        }
        assertEquals(1, used.size(), "records sent while one batch was open share its partition: " + used);
    }

    @Test
    void shouldRunCallbacksInSendOrderPerPartition() throws Exception {
        String topic = "callbacks";
        createTopic(topic, 2);
        List<Long> offsets0 = new ArrayList<>();
        AtomicInteger failures = new AtomicInteger();
        try (KafkaProducer<String, String> producer = producer(Map.of("linger.ms", "2", "batch.size", "2048"))) {
            for (int i = 0; i < 2000; i++) {
                producer.send(new ProducerRecord<>(topic, i % 2, null, "value-" + i), (metadata, e) -> {
                    if (e != null) {
                        failures.incrementAndGet();
                    } else if (metadata.partition() == 0) {
                        offsets0.add(metadata.offset());
                    }
                });
            }
            producer.flush();
        }
        assertEquals(0, failures.get());
        assertEquals(1000, offsets0.size());
        for (int i = 0; i < offsets0.size(); i++) {
            assertEquals(i, offsets0.get(i));
        }
    }

    @Test
    void shouldRunTheSenderAndCallbacksOnTheProducersIoThread() throws Exception {
        String topic = "io-thread";
        createTopic(topic, 1);
        CompletableFuture<String> callbackThread = new CompletableFuture<>();
        try (KafkaProducer<String, String> producer = producer(Map.of("client.id", "one-thread"))) {
            producer.send(new ProducerRecord<>(topic, "k", "v"),
                (metadata, e) -> callbackThread.complete(Thread.currentThread().getName())).get(30, TimeUnit.SECONDS);
        }
        assertTrue(callbackThread.get(30, TimeUnit.SECONDS).startsWith("zkafka-client-io-one-thread"),
            callbackThread.get());
        assertTrue(Thread.getAllStackTraces().keySet().stream()
            .noneMatch(t -> t.getName().contains("producer-network-thread")), "no sender thread of its own");
    }

    @Test
    void shouldCloseFromACallbackWithoutWaitingForItselfAndFailWhatIsQueued() throws Exception {
        String topic = "close-from-callback";
        createTopic(topic, 1);
        KafkaProducer<String, String> producer = producer(Map.of("linger.ms", "60000", "batch.size", "1000000"));
        CompletableFuture<Future<RecordMetadata>> queuedInCallback = new CompletableFuture<>();
        producer.send(new ProducerRecord<>(topic, "first"), (metadata, e) -> {
            // lingers a minute: still queued when the close below fails what is left
            Future<RecordMetadata> queued = producer.send(new ProducerRecord<>(topic, "queued"));
            producer.close(Duration.ofSeconds(30));
            queuedInCallback.complete(queued);
        });
        producer.flush();
        Future<RecordMetadata> queued = queuedInCallback.get(30, TimeUnit.SECONDS);
        ExecutionException failed = assertThrows(ExecutionException.class, () -> queued.get(30, TimeUnit.SECONDS));
        assertTrue(failed.getCause() instanceof IllegalStateException, String.valueOf(failed.getCause()));
        producer.close();
    }

    @Test
    void shouldPipelineFetchesAcrossPartitionsAndHonourMaxPollRecords() throws Exception {
        String topic = "many";
        createTopic(topic, 3);
        try (KafkaProducer<String, String> producer = producer(Map.of("linger.ms", "5"))) {
            for (int i = 0; i < 30_000; i++) {
                producer.send(new ProducerRecord<>(topic, i % 3, null, "r" + i));
            }
            producer.flush();
        }
        try (KafkaConsumer<String, String> consumer = consumer(Map.of("max.poll.records", "700",
            "max.partition.fetch.bytes", "8192"))) {
            List<TopicPartition> partitions = List.of(new TopicPartition(topic, 0), new TopicPartition(topic, 1),
                new TopicPartition(topic, 2));
            consumer.assign(partitions);
            Map<Integer, Long> next = new HashMap<>(Map.of(0, 0L, 1, 0L, 2, 0L));
            int[] total = {0};
            TestUtils.waitForCondition(() -> {
                ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(100));
                assertTrue(records.count() <= 700, "max.poll.records");
                for (ConsumerRecord<String, String> record : records) {
                    assertEquals(next.get(record.partition()), record.offset(), "per-partition order");
                    next.put(record.partition(), record.offset() + 1);
                    total[0]++;
                }
                return total[0] == 30_000;
            }, Duration.ofSeconds(60), () -> "read " + total[0] + " of 30000");
            for (TopicPartition tp : partitions) {
                assertEquals(10_000L, consumer.position(tp));
            }
            assertFalse(consumer.poll(Duration.ofMillis(50)).iterator().hasNext());
        }
    }
}
