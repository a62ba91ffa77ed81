package io.zkafka.broker.quota;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkafka.broker.network.ClientQuotas;
import io.zkafka.common.serialization.ByteArraySerializer;
import io.zkafka.test.ZKafkaCluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.quota.ClientQuotaAlteration;
import org.apache.kafka.common.quota.ClientQuotaEntity;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Byte-rate quotas enforced on a real broker, set through Kafka's own admin client: Kafka's producer
 * and consumer over a quota are told to wait (their throttle-time metrics) and take at least the time
 * the quota allows for what they move; ZKafka's native producer, whose protocol has no throttle
 * field, is held back by the paused connection alone. Rates are measured over two windows of a
 * second, so a burst is judged over one second at least.
 */
@Timeout(180)
class ClientQuotaEnforcementIT {
    private static final int QUOTA = 100_000;
    private static final int RECORD_BYTES = 1000;
    private static final int RECORDS = 300;
    /**
     * The least time 300 kB can take at 100 kB/s: the quota lets through what two windows allow
     * before it throttles (up to 200 kB at once), and one more request; the rest waits.
     */
    private static final long LEAST_MS = 800;
    private static ZKafkaCluster cluster;
    private static Admin admin;

    @BeforeAll
    static void start() throws Exception {
        cluster = ZKafkaCluster.builder().brokers(1).kafkaListener().forConsumerGroups(1)
            .brokerConfig("offsets.topic.replication.factor", 1)
            .brokerConfig("quota.window.num", 2).brokerConfig("quota.window.size.seconds", 1).build();
        admin = Admin.create(Map.of("bootstrap.servers", cluster.kafkaBootstrapServers()));
        admin.createTopics(List.of(new NewTopic("quota", 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
    }

    @AfterAll
    static void stop() throws Exception {
        if (admin != null) {
            admin.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @AfterEach
    void removeTheQuotas() throws Exception {
        for (String clientId : List.of("slow-producer", "slow-consumer", "slow-native")) {
            alter(clientId, "producer_byte_rate", null);
            alter(clientId, "consumer_byte_rate", null);
        }
        waitUntil(() -> !brokerQuotas().active(), "the broker dropped the quotas");
    }

    @Test
    void kafkasProducerOverItsQuotaIsThrottled() throws Exception {
        alter("slow-producer", "producer_byte_rate", (double) QUOTA);
        waitUntil(() -> brokerQuotas().active(), "the broker follows the quota");
        try (KafkaProducer<byte[], byte[]> producer = kafkaProducer("slow-producer")) {
            long took = timeToSend(producer);
            assertTrue(took >= LEAST_MS, "300 kB at 100 kB/s took " + took + " ms");
            assertTrue(metric(producer.metrics(), "produce-throttle-time-max") > 0,
                "the broker told the producer to wait (throttle_time_ms)");
        }
    }

    @Test
    void aProducerWithoutAQuotaIsNeverThrottled() throws Exception {
        alter("slow-producer", "producer_byte_rate", (double) QUOTA);
        waitUntil(() -> brokerQuotas().active(), "the broker follows the quota");
        try (KafkaProducer<byte[], byte[]> producer = kafkaProducer("fast-producer")) {
            timeToSend(producer);
            assertEquals(0.0, metric(producer.metrics(), "produce-throttle-time-max"),
                "another client id's quota is not this one's");
        }
    }

    @Test
    void kafkasConsumerOverItsQuotaIsThrottled() throws Exception {
        try (KafkaProducer<byte[], byte[]> producer = kafkaProducer("loader")) {
            timeToSend(producer);
        }
        long start = endOffset() - RECORDS;
        alter("slow-consumer", "consumer_byte_rate", (double) QUOTA);
        waitUntil(() -> brokerQuotas().active(), "the broker follows the quota");
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                "bootstrap.servers", cluster.kafkaBootstrapServers(), "client.id", "slow-consumer",
                "max.partition.fetch.bytes", 16_384),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            TopicPartition partition = new TopicPartition("quota", 0);
            consumer.assign(List.of(partition));
            consumer.seek(partition, start);
            long began = System.nanoTime();
            int read = 0;
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (read < RECORDS && System.nanoTime() < deadline) {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(200));
                read += records.count();
            }
            long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began);
            assertEquals(RECORDS, read);
            assertTrue(took >= LEAST_MS, "300 kB at 100 kB/s took " + took + " ms");
            assertTrue(metric(consumer.metrics(), "fetch-throttle-time-max") > 0,
                "the broker told the consumer to wait (throttle_time_ms)");
        }
    }

    @Test
    void zkafkasNativeProducerIsHeldBackByThePausedConnection() throws Exception {
        alter("slow-native", "producer_byte_rate", (double) QUOTA);
        waitUntil(() -> brokerQuotas().active(), "the broker follows the quota");
        try (io.zkafka.clients.producer.KafkaProducer<byte[], byte[]> producer =
                 new io.zkafka.clients.producer.KafkaProducer<>(Map.of("bootstrap.servers", cluster.bootstrapServers(),
                     "client.id", "slow-native", "batch.size", 16_384, "linger.ms", 0),
                     new ByteArraySerializer(), new ByteArraySerializer())) {
            long began = System.nanoTime();
            List<Future<?>> sent = new ArrayList<>();
            for (int i = 0; i < RECORDS; i++) {
                sent.add(producer.send(new io.zkafka.clients.producer.ProducerRecord<>("quota", new byte[RECORD_BYTES])));
            }
            for (Future<?> send : sent) {
                send.get(60, TimeUnit.SECONDS);
            }
            long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began);
            assertTrue(took >= LEAST_MS, "300 kB at 100 kB/s took " + took + " ms");
        }
    }

    private static KafkaProducer<byte[], byte[]> kafkaProducer(String clientId) {
        return new KafkaProducer<>(Map.of("bootstrap.servers", cluster.kafkaBootstrapServers(), "client.id", clientId,
            "batch.size", 16_384, "linger.ms", 0), new org.apache.kafka.common.serialization.ByteArraySerializer(),
            new org.apache.kafka.common.serialization.ByteArraySerializer());
    }

    /** Sends 300 records of 1 kB and waits for them all; returns how long that took, in ms. */
    private static long timeToSend(KafkaProducer<byte[], byte[]> producer) throws Exception {
        long began = System.nanoTime();
        List<Future<?>> sent = new ArrayList<>();
        for (int i = 0; i < RECORDS; i++) {
            sent.add(producer.send(new ProducerRecord<>("quota", new byte[RECORD_BYTES])));
        }
        for (Future<?> send : sent) {
            send.get(60, TimeUnit.SECONDS);
        }
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began);
    }

    private static long endOffset() throws Exception {
        TopicPartition partition = new TopicPartition("quota", 0);
        return admin.listOffsets(Map.of(partition, OffsetSpec.latest()))
            .partitionResult(partition).get(30, TimeUnit.SECONDS).offset();
    }

    private static void alter(String clientId, String key, Double value) throws Exception {
        admin.alterClientQuotas(List.of(new ClientQuotaAlteration(
            new ClientQuotaEntity(Map.of(ClientQuotaEntity.CLIENT_ID, clientId)),
            List.of(new ClientQuotaAlteration.Op(key, value))))).all().get(30, TimeUnit.SECONDS);
    }

    private static ClientQuotas brokerQuotas() {
        return cluster.runningBrokers().get(0).clientQuotas();
    }

    private static double metric(Map<MetricName, ? extends Metric> metrics, String name) {
        for (Map.Entry<MetricName, ? extends Metric> metric : metrics.entrySet()) {
            if (metric.getKey().name().equals(name)) {
                Object value = metric.getValue().metricValue();
                return value instanceof Double d && !d.isNaN() ? d : 0.0;
            }
        }
        throw new AssertionError("no metric " + name);
    }

    private static void waitUntil(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            assertFalse(System.nanoTime() > deadline, "timed out waiting until " + what);
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
    }
}
