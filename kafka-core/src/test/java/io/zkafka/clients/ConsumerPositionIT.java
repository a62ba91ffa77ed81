package io.zkafka.clients;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkafka.clients.admin.Admin;
import io.zkafka.clients.admin.NewTopic;
import io.zkafka.clients.consumer.ConsumerRecord;
import io.zkafka.clients.consumer.KafkaConsumer;
import io.zkafka.clients.consumer.NoOffsetForPartitionException;
import io.zkafka.clients.consumer.OffsetAndTimestamp;
import io.zkafka.clients.consumer.OffsetOutOfRangeException;
import io.zkafka.clients.producer.KafkaProducer;
import io.zkafka.clients.producer.ProducerRecord;
import io.zkafka.common.TopicPartition;
import io.zkafka.common.serialization.StringDeserializer;
import io.zkafka.common.serialization.StringSerializer;
import io.zkafka.test.TestUtils;
import io.zkafka.test.ZKafkaCluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Consumer positions against a real broker: seeks, resets, offset lookups, pause and resume. */
class ConsumerPositionIT {
    private static final String TOPIC = "positions";
    private static final TopicPartition TP0 = new TopicPartition(TOPIC, 0);
    private static final TopicPartition TP1 = new TopicPartition(TOPIC, 1);
    private static final long BASE_TIME = 1_600_000_000_000L;
    private static final int PER_PARTITION = 100;

    private static ZKafkaCluster cluster;

    @BeforeAll
    static void startClusterAndFillTopic() throws Exception {
        cluster = ZKafkaCluster.builder().brokers(1).brokerConfig("auto.create.topics.enable", "false").build();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", cluster.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(TOPIC, 2, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of("bootstrap.servers",
            cluster.bootstrapServers(), "linger.ms", "5", "batch.size", "512"), new StringSerializer(),
            new StringSerializer())) {
            for (int i = 0; i < PER_PARTITION; i++) {
                // timestamps 10 ms apart: record i of each partition is at BASE_TIME + 10 i
                producer.send(new ProducerRecord<>(TOPIC, 0, BASE_TIME + 10L * i, "k", "p0-" + i));
                producer.send(new ProducerRecord<>(TOPIC, 1, BASE_TIME + 10L * i, "k", "p1-" + i));
            }
            producer.flush();
        }
    }

    @AfterAll
    static void stopCluster() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    private static KafkaConsumer<String, String> consumer(String reset) {
        return new KafkaConsumer<>(Map.of("bootstrap.servers", cluster.bootstrapServers(), "auto.offset.reset", reset,
            "max.poll.records", "10"), new StringDeserializer(), new StringDeserializer());
    }

    private static List<ConsumerRecord<String, String>> pollUntil(KafkaConsumer<String, String> consumer, int count) {
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        TestUtils.waitForCondition(() -> {
            consumer.poll(Duration.ofMillis(100)).forEach(records::add);
            return records.size() >= count;
        }, Duration.ofSeconds(30), () -> "only " + records.size() + " of " + count + " records arrived");
        return records;
    }

    @Test
    void shouldReportBeginningAndEndOffsets() {
        try (KafkaConsumer<String, String> consumer = consumer("earliest")) {
            assertEquals(Map.of(TP0, 0L, TP1, 0L), consumer.beginningOffsets(List.of(TP0, TP1)));
            assertEquals(Map.of(TP0, 100L, TP1, 100L), consumer.endOffsets(List.of(TP0, TP1)));
        }
    }

    @Test
    void shouldStartAtTheEarliestOrLatestOffsetByTheResetPolicy() {
        try (KafkaConsumer<String, String> earliest = consumer("earliest");
             KafkaConsumer<String, String> latest = consumer("latest")) {
            earliest.assign(List.of(TP0));
            latest.assign(List.of(TP0));
            assertEquals(0L, earliest.position(TP0));
            assertEquals(100L, latest.position(TP0));
        }
    }

    @Test
    void shouldReadFromASeekedOffsetAndMoveThePositionAlong() {
        try (KafkaConsumer<String, String> consumer = consumer("earliest")) {
            consumer.assign(List.of(TP0));
            consumer.seek(TP0, 42);
            assertEquals(42L, consumer.position(TP0));
            List<ConsumerRecord<String, String>> records = pollUntil(consumer, 10);
            assertEquals(42L, records.get(0).offset());
            assertEquals("p0-42", records.get(0).value());
            assertEquals(BASE_TIME + 420, records.get(0).timestamp());
            assertEquals(records.get(records.size() - 1).offset() + 1, consumer.position(TP0));
            consumer.seekToEnd(List.of(TP0));
            assertEquals(100L, consumer.position(TP0));
            consumer.seekToBeginning(List.of());
            assertEquals(0L, consumer.position(TP0));
            assertEquals("p0-0", pollUntil(consumer, 1).get(0).value());
        }
    }

    @Test
    void shouldFindOffsetsForTimes() {
        try (KafkaConsumer<String, String> consumer = consumer("earliest")) {
            Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(Map.of(
                TP0, BASE_TIME + 255, TP1, BASE_TIME));
            assertEquals(new OffsetAndTimestamp(26, BASE_TIME + 260), withoutEpoch(found.get(TP0)));
            assertEquals(new OffsetAndTimestamp(0, BASE_TIME), withoutEpoch(found.get(TP1)));
            Map<TopicPartition, OffsetAndTimestamp> future = consumer.offsetsForTimes(Map.of(TP0, BASE_TIME + 1_000_000));
            assertTrue(future.containsKey(TP0));
            assertNull(future.get(TP0), "no record that late");
        }
    }

    private static OffsetAndTimestamp withoutEpoch(OffsetAndTimestamp found) {
        return new OffsetAndTimestamp(found.offset(), found.timestamp());
    }

    @Test
    void shouldHoldBackPausedPartitionsUntilResumed() {
        try (KafkaConsumer<String, String> consumer = consumer("earliest")) {
            consumer.assign(List.of(TP0, TP1));
            consumer.pause(List.of(TP1));
            assertEquals(java.util.Set.of(TP1), consumer.paused());
            List<ConsumerRecord<String, String>> fromFirst = pollUntil(consumer, PER_PARTITION);
            assertTrue(fromFirst.stream().allMatch(r -> r.partition() == 0), "paused partition returned records");
            assertTrue(consumer.poll(Duration.ofMillis(200)).isEmpty());
            assertEquals(0L, consumer.position(TP1));
            consumer.resume(List.of(TP1));
            List<ConsumerRecord<String, String>> fromSecond = pollUntil(consumer, PER_PARTITION);
            assertTrue(fromSecond.stream().allMatch(r -> r.partition() == 1));
            assertEquals("p1-0", fromSecond.get(0).value());
        }
    }

    @Test
    void shouldFailWithoutAPositionWhenTheResetPolicyIsNone() {
        try (KafkaConsumer<String, String> consumer = consumer("none")) {
            consumer.assign(List.of(TP0));
            NoOffsetForPartitionException e = assertThrows(NoOffsetForPartitionException.class,
                () -> consumer.poll(Duration.ofMillis(100)));
            assertEquals(java.util.Set.of(TP0), e.partitions());
            consumer.seek(TP0, 99);
            assertEquals("p0-99", pollUntil(consumer, 1).get(0).value());
        }
    }

    @Test
    void shouldThrowOffsetOutOfRangeWhenTheResetPolicyIsNone() {
        try (KafkaConsumer<String, String> consumer = consumer("none")) {
            consumer.assign(List.of(TP0));
            consumer.seek(TP0, 5_000);
            Map<TopicPartition, Long> outOfRange = new HashMap<>();
            TestUtils.waitForCondition(() -> {
                try {
                    consumer.poll(Duration.ofMillis(100));
                    return false;
                } catch (OffsetOutOfRangeException e) {
                    outOfRange.putAll(e.offsetOutOfRangePartitions());
                    return true;
                }
            }, Duration.ofSeconds(30), "poll reports the offset out of range");
            assertEquals(Map.of(TP0, 5_000L), outOfRange);
        }
    }

    @Test
    void shouldResetAnOutOfRangePositionByTheResetPolicy() {
        try (KafkaConsumer<String, String> consumer = consumer("earliest")) {
            consumer.assign(List.of(TP1));
            consumer.seek(TP1, 5_000);
            List<ConsumerRecord<String, String>> records = pollUntil(consumer, 1);
            assertEquals(0L, records.get(0).offset());
        }
    }
}
