package io.zkafka.broker.group;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkafka.clients.admin.Admin;
import io.zkafka.clients.admin.NewTopic;
import io.zkafka.clients.consumer.ConsumerRecord;
import io.zkafka.clients.consumer.KafkaConsumer;
import io.zkafka.clients.consumer.NoOffsetForPartitionException;
import io.zkafka.clients.consumer.OffsetAndMetadata;
import io.zkafka.clients.producer.KafkaProducer;
import io.zkafka.clients.producer.ProducerRecord;
import io.zkafka.common.TopicPartition;
import io.zkafka.common.serialization.StringDeserializer;
import io.zkafka.common.serialization.StringSerializer;
import io.zkafka.test.TestUtils;
import io.zkafka.test.ZKafkaCluster;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Consumer groups on one real broker: members split a topic, groups read independently, a member
 * that closes hands its partitions over, committed offsets survive a restart. Each consumer polls
 * on its own thread, as an application would.
 */
class ConsumerGroupIT {
    private static final int PARTITIONS = 4;
    private static ZKafkaCluster cluster;
    private static Admin admin;

    @BeforeAll
    static void start() throws Exception {
        cluster = ZKafkaCluster.builder().brokers(1)
            .forConsumerGroups(3)
            .build();
        admin = Admin.create(Map.of("bootstrap.servers", cluster.bootstrapServers()));
    }

    @AfterAll
    static void stop() throws Exception {
        admin.close();
        cluster.close();
    }

    private static void createAndFill(String topic, int records) throws Exception {
        admin.createTopics(List.of(new NewTopic(topic, PARTITIONS, (short) 1))).all().get(30, TimeUnit.SECONDS);
        fill(topic, records);
    }

    private static void fill(String topic, int records) {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of("bootstrap.servers",
            cluster.bootstrapServers()), new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < records; i++) {
                producer.send(new ProducerRecord<>(topic, "k" + i, "v" + i));
            }
            producer.flush();
        }
    }

    private static KafkaConsumer<String, String> consumer(String group, Map<String, Object> extra) {
        Map<String, Object> props = new HashMap<>(Map.of("bootstrap.servers", cluster.bootstrapServers(),
            "group.id", group, "auto.offset.reset", "earliest", "session.timeout.ms", "6000",
            "heartbeat.interval.ms", "300"));
        props.putAll(extra);
        return new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer());
    }

    /** Polls on its own thread until stopped, recording each record's value and who read it. */
    private static Future<?> pollLoop(ExecutorService pool, KafkaConsumer<String, String> consumer, String name,
                                      Map<String, String> readBy, Map<String, Integer> counts, AtomicBoolean stop,
                                      Map<String, Set<TopicPartition>> assignments) {
        return pool.submit(() -> {
            long deadline = System.currentTimeMillis() + 60_000;
            while (!stop.get() && System.currentTimeMillis() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(100))) {
                    readBy.put(record.value(), name);
                    counts.merge(record.value(), 1, Integer::sum);
                }
                assignments.put(name, consumer.assignment());
            }
            consumer.close();
            return null;
        });
    }

    @Test
    void shouldSplitPartitionsBetweenTwoMembersAndReadEveryRecordOnceWhileAnotherGroupReadsEverything()
            throws Exception {
        // records are written once both members own their partitions: a member that read before the
        // other joined would hand uncommitted partitions over, and they would be read twice
        admin.createTopics(List.of(new NewTopic("split", PARTITIONS, (short) 1))).all().get(30, TimeUnit.SECONDS);
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            Map<String, String> readBy = new ConcurrentHashMap<>();
            Map<String, Integer> counts = new ConcurrentHashMap<>();
            Map<String, Set<TopicPartition>> assignments = new ConcurrentHashMap<>();
            AtomicBoolean stop = new AtomicBoolean();
            KafkaConsumer<String, String> a = consumer("g-split", Map.of("enable.auto.commit", "false"));
            KafkaConsumer<String, String> b = consumer("g-split", Map.of("enable.auto.commit", "false"));
            a.subscribe(List.of("split"));
            b.subscribe(List.of("split"));
            Future<?> fa = pollLoop(pool, a, "a", readBy, counts, stop, assignments);
            Future<?> fb = pollLoop(pool, b, "b", readBy, counts, stop, assignments);
            TestUtils.waitForCondition(() -> assignments.getOrDefault("a", Set.of()).size() == 2
                && assignments.getOrDefault("b", Set.of()).size() == 2, Duration.ofSeconds(30),
                () -> "not split: " + assignments);
            fill("split", 400);

            Map<String, Integer> otherCounts = new ConcurrentHashMap<>();
            Map<String, Set<TopicPartition>> otherAssignments = new ConcurrentHashMap<>();
            KafkaConsumer<String, String> other = consumer("g-other", Map.of());
            other.subscribe(List.of("split"));
            Future<?> fo = pollLoop(pool, other, "o", new ConcurrentHashMap<>(), otherCounts, stop, otherAssignments);

            TestUtils.waitForCondition(() -> readBy.size() == 400 && otherCounts.size() == 400
                    && assignments.getOrDefault("a", Set.of()).size() == 2
                    && assignments.getOrDefault("b", Set.of()).size() == 2,
                Duration.ofSeconds(45), () -> "read " + readBy.size() + " and " + otherCounts.size()
                    + ", assignments " + assignments);
            stop.set(true);
            fa.get(30, TimeUnit.SECONDS);
            fb.get(30, TimeUnit.SECONDS);
            fo.get(30, TimeUnit.SECONDS);

            Set<TopicPartition> union = new HashSet<>(assignments.get("a"));
            union.addAll(assignments.get("b"));
            assertEquals(PARTITIONS, union.size(), "each partition owned by exactly one member: " + assignments);
            assertTrue(counts.values().stream().allMatch(c -> c == 1), "a record was read twice within the group");
            assertTrue(readBy.containsValue("a") && readBy.containsValue("b"), "both members read records");
            assertEquals(PARTITIONS, otherAssignments.get("o").size());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void shouldHandOverTheClosedMembersPartitionsAndResumeFromCommittedOffsets() throws Exception {
        createAndFill("handover", 200);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Map<String, String> readBy = new ConcurrentHashMap<>();
            Map<String, Integer> counts = new ConcurrentHashMap<>();
            Map<String, Set<TopicPartition>> assignments = new ConcurrentHashMap<>();
            AtomicBoolean stopA = new AtomicBoolean();
            AtomicBoolean stopB = new AtomicBoolean();
            KafkaConsumer<String, String> a = consumer("g-handover", Map.of("auto.commit.interval.ms", "200"));
            KafkaConsumer<String, String> b = consumer("g-handover", Map.of("auto.commit.interval.ms", "200"));
            a.subscribe(List.of("handover"));
            b.subscribe(List.of("handover"));
            Future<?> fa = pollLoop(pool, a, "a", readBy, counts, stopA, assignments);
            Future<?> fb = pollLoop(pool, b, "b", readBy, counts, stopB, assignments);
            TestUtils.waitForCondition(() -> readBy.size() == 200 && assignments.getOrDefault("a", Set.of()).size() == 2
                && assignments.getOrDefault("b", Set.of()).size() == 2, Duration.ofSeconds(45),
                () -> "read " + readBy.size() + ", assignments " + assignments);

            stopB.set(true); // b closes: commits, leaves; a takes all four partitions
            fb.get(30, TimeUnit.SECONDS);
            TestUtils.waitForCondition(() -> assignments.getOrDefault("a", Set.of()).size() == PARTITIONS,
                Duration.ofSeconds(30), () -> "a did not take b's partitions: " + assignments);
            stopA.set(true);
            fa.get(30, TimeUnit.SECONDS);

            // everything was committed: a restarted member resumes at the end, reading only new records
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of("bootstrap.servers",
                cluster.bootstrapServers()), new StringSerializer(), new StringSerializer())) {
                for (int i = 0; i < 20; i++) {
                    producer.send(new ProducerRecord<>("handover", "k" + i, "new" + i));
                }
                producer.flush();
            }
            try (KafkaConsumer<String, String> restarted = consumer("g-handover", Map.of())) {
                restarted.subscribe(List.of("handover"));
                Map<TopicPartition, OffsetAndMetadata> committed = restarted.committed(Set.of(
                    new TopicPartition("handover", 0), new TopicPartition("handover", 1),
                    new TopicPartition("handover", 2), new TopicPartition("handover", 3)));
                assertEquals(200L, committed.values().stream().mapToLong(OffsetAndMetadata::offset).sum());
                Set<String> values = new HashSet<>();
                TestUtils.waitForCondition(() -> {
                    restarted.poll(Duration.ofMillis(100)).forEach(r -> values.add(r.value()));
                    return values.size() >= 20;
                }, Duration.ofSeconds(30), () -> "read after restart: " + values);
                assertTrue(values.stream().allMatch(v -> v.startsWith("new")), "re-read committed records: " + values);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void shouldRefuseToGuessAPositionWithoutCommitsWhenTheResetPolicyIsNoneAndStartAtCommitsOnceSet()
            throws Exception {
        createAndFill("no-reset", 200);
        Set<TopicPartition> partitions = Set.of(new TopicPartition("no-reset", 0), new TopicPartition("no-reset", 1),
            new TopicPartition("no-reset", 2), new TopicPartition("no-reset", 3));
        try (KafkaConsumer<String, String> consumer = consumer("g-no-reset", Map.of("auto.offset.reset", "none"))) {
            consumer.subscribe(List.of("no-reset"));
            AtomicReference<NoOffsetForPartitionException> refused = new AtomicReference<>();
            TestUtils.waitForCondition(() -> {
                try {
                    assertTrue(consumer.poll(Duration.ofMillis(100)).isEmpty(), "read without a position");
                } catch (NoOffsetForPartitionException e) {
                    refused.set(e);
                }
                return refused.get() != null;
            }, Duration.ofSeconds(30), () -> "poll never refused; assignment " + consumer.assignment());
            assertEquals(partitions, refused.get().partitions());
        }
        Map<TopicPartition, OffsetAndMetadata> start = new HashMap<>();
        partitions.forEach(tp -> start.put(tp, new OffsetAndMetadata(5)));
        admin.alterConsumerGroupOffsets("g-no-reset", start).all().get(30, TimeUnit.SECONDS);
        try (KafkaConsumer<String, String> consumer = consumer("g-no-reset", Map.of("auto.offset.reset", "none"))) {
            consumer.subscribe(List.of("no-reset"));
            Map<Integer, Long> firstOffsets = new HashMap<>();
            TestUtils.waitForCondition(() -> {
                consumer.poll(Duration.ofMillis(100)).forEach(r -> firstOffsets.putIfAbsent(r.partition(), r.offset()));
                return firstOffsets.size() == PARTITIONS;
            }, Duration.ofSeconds(30), () -> "first offsets read " + firstOffsets);
            assertEquals(Map.of(0, 5L, 1, 5L, 2, 5L, 3, 5L), firstOffsets);
        }
    }
}
