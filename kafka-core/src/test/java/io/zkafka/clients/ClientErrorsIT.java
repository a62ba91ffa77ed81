package io.zkafka.clients;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkafka.clients.admin.Admin;
import io.zkafka.clients.admin.NewTopic;
import io.zkafka.clients.consumer.KafkaConsumer;
import io.zkafka.clients.producer.KafkaProducer;
import io.zkafka.clients.producer.ProducerRecord;
import io.zkafka.clients.producer.RecordMetadata;
import io.zkafka.common.TopicPartition;
import io.zkafka.common.errors.RecordTooLargeException;
import io.zkafka.common.errors.TimeoutException;
import io.zkafka.common.serialization.StringDeserializer;
import io.zkafka.common.serialization.StringSerializer;
import io.zkafka.test.ZKafkaCluster;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Errors reach the caller as exceptions naming the cause, within the configured time, never as a hang. */
class ClientErrorsIT {

    private static KafkaProducer<String, String> producer(ZKafkaCluster cluster, Map<String, Object> overrides) {
        Map<String, Object> config = new HashMap<>(Map.of("bootstrap.servers", cluster.bootstrapServers()));
        config.putAll(overrides);
        return new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
    }

    @Test
    void shouldNameAnUnknownTopicWhenAutoCreationIsOff() throws Exception {
        try (ZKafkaCluster cluster = ZKafkaCluster.builder().brokerConfig("auto.create.topics.enable", "false").build();
             KafkaProducer<String, String> producer = producer(cluster, Map.of("max.block.ms", "1000"));
             KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of("bootstrap.servers",
                 cluster.bootstrapServers()), new StringDeserializer(), new StringDeserializer())) {
            long start = System.nanoTime();
            TimeoutException e = assertThrows(TimeoutException.class,
                () -> producer.send(new ProducerRecord<>("no-such-topic", "v")));
            assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) < 10_000);
            assertTrue(e.getMessage().contains("Topic no-such-topic not present in metadata after 1000 ms"),
                e.getMessage());
            assertEquals(List.of(), consumer.partitionsFor("no-such-topic"));
        }
    }

    @Test
    void shouldCreateAMissingTopicWhenTheBrokerAllowsIt() throws Exception {
        try (ZKafkaCluster cluster = ZKafkaCluster.builder().build();
             KafkaProducer<String, String> producer = producer(cluster, Map.of())) {
            RecordMetadata metadata = producer.send(new ProducerRecord<>("auto-created", "v")).get(30, TimeUnit.SECONDS);
            assertEquals(0L, metadata.offset());
            assertEquals(1, producer.partitionsFor("auto-created").size());
        }
    }

    @Test
    void shouldRefuseRecordsLargerThanTheClientOrTheBrokerAccepts() throws Exception {
        try (ZKafkaCluster cluster = ZKafkaCluster.builder().brokerConfig("message.max.bytes", "10000").build();
             KafkaProducer<String, String> producer = producer(cluster, Map.of("max.request.size", "50000"))) {
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", cluster.bootstrapServers()))) {
                admin.createTopics(List.of(new NewTopic("big", 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
            }
            RecordTooLargeException clientSide = assertThrows(RecordTooLargeException.class,
                () -> producer.send(new ProducerRecord<>("big", "x".repeat(60_000))));
            assertTrue(clientSide.getMessage().contains("max.request.size"), clientSide.getMessage());

            Future<RecordMetadata> brokerSide = producer.send(new ProducerRecord<>("big", "x".repeat(20_000)));
            ExecutionException e = assertThrows(ExecutionException.class, () -> brokerSide.get(30, TimeUnit.SECONDS));
            assertTrue(e.getCause() instanceof RecordTooLargeException, String.valueOf(e.getCause()));
            assertTrue(e.getCause().getMessage().contains("big-0"), e.getCause().getMessage());
            assertEquals(0L, producer.send(new ProducerRecord<>("big", "small")).get(30, TimeUnit.SECONDS).offset(),
                "the producer keeps working after a refused batch");
        }
    }

    @Test
    void shouldExpireRecordsWhenTheBrokerIsDownAndReportTheTimeout() throws Exception {
        try (ZKafkaCluster cluster = ZKafkaCluster.builder().build();
             KafkaProducer<String, String> producer = producer(cluster, Map.of("delivery.timeout.ms", "3000",
                 "request.timeout.ms", "1000", "linger.ms", "0", "max.block.ms", "5000"));
             KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of("bootstrap.servers",
                 cluster.bootstrapServers(), "default.api.timeout.ms", "1000", "request.timeout.ms", "500"),
                 new StringDeserializer(), new StringDeserializer())) {
            assertEquals(0L, producer.send(new ProducerRecord<>("down", "first")).get(30, TimeUnit.SECONDS).offset());
            cluster.killBroker(1);
            long start = System.nanoTime();
            Future<RecordMetadata> lost = producer.send(new ProducerRecord<>("down", "second"));
            ExecutionException e = assertThrows(ExecutionException.class, () -> lost.get(30, TimeUnit.SECONDS));
            long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertTrue(e.getCause() instanceof TimeoutException, String.valueOf(e.getCause()));
            assertTrue(e.getCause().getMessage().contains("delivery.timeout.ms"), e.getCause().getMessage());
            assertTrue(elapsedMs < 15_000, "failed after " + elapsedMs + " ms");

            TopicPartition tp = new TopicPartition("down", 0);
            TimeoutException offsets = assertThrows(TimeoutException.class, () -> consumer.endOffsets(List.of(tp)));
            assertTrue(offsets.getMessage().contains("1000ms"), offsets.getMessage());
            consumer.assign(List.of(tp));
            assertTrue(consumer.poll(Duration.ofMillis(200)).isEmpty());
        }
    }
}
