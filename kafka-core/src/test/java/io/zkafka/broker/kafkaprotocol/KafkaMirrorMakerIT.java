package io.zkafka.broker.kafkaprotocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkafka.test.TestUtils;
import io.zkafka.test.ZKafkaCluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Exit;
import org.apache.kafka.connect.mirror.MirrorMaker;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Apache Kafka 3.9's MirrorMaker 2 (dedicated mode, in this JVM) between the Kafka listeners of two
 * ZKafka clusters, the path by which a Kafka user moves a workload across: it copies a topic's
 * records, and a consumer group's committed offsets, translated, to the other cluster, where the
 * group's consumer goes on with exactly the records produced after it stopped.
 */
@Timeout(300)
class KafkaMirrorMakerIT {
    private static final Duration WAIT = Duration.ofSeconds(120);
    private static final String TOPIC = "orders";
    private static final String MIRRORED = "upstream.orders";
    private static final String GROUP = "billing";
    private static ZKafkaCluster upstream;
    private static ZKafkaCluster downstream;

    @BeforeAll
    static void start() throws Exception {
        // a MirrorMaker that cannot start would end the JVM; here it fails the test instead
        Exit.setExitProcedure((status, message) -> {
            throw new IllegalStateException("MirrorMaker asked to exit with " + status + ": " + message);
        });
        upstream = cluster();
        downstream = cluster();
    }

    private static ZKafkaCluster cluster() throws Exception {
        return ZKafkaCluster.builder().brokers(1).kafkaListener().forConsumerGroups(1)
            .brokerConfig("offsets.topic.replication.factor", 1).build();
    }

    @AfterAll
    static void stop() throws Exception {
        Exit.resetExitProcedure();
        for (ZKafkaCluster cluster : new ZKafkaCluster[] {upstream, downstream}) {
            if (cluster != null) {
                cluster.close();
            }
        }
    }

    @Test
    void mirrorMakerCopiesATopicAndTheOffsetsOfAGroupThatGoesOnDownstream() throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", upstream.kafkaBootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(TOPIC, 2, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
        produce(0, 1000);
        List<String> readUpstream = readInGroup(upstream, TOPIC, 1000);
        assertEquals(1000, readUpstream.size(), "the group read the topic upstream");

        MirrorMaker mirrorMaker = new MirrorMaker(mirrorMakerConfig());
        mirrorMaker.start();
        try {
            List<String> mirrored = readAll(downstream, MIRRORED, 1000);
            assertSameRecords(readUpstream, mirrored, "every record, key and value, copied");

            Map<TopicPartition, Long> ends = endOffsets(downstream, MIRRORED);
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", downstream.kafkaBootstrapServers()))) {
                AtomicReference<Map<TopicPartition, Long>> committed = new AtomicReference<>(Map.of());
                TestUtils.waitForCondition(() -> {
                    committed.set(groupOffsets(admin));
                    return committed.get().equals(ends);
                }, WAIT, () -> "the group's offsets translated to the mirrored topic's ends " + ends + " (now " + committed.get() + ")");
            }
        } finally {
            mirrorMaker.stop();
            mirrorMaker.awaitStop();
        }

        // mirrored again by a new MirrorMaker, the next records reach the group downstream, and only those
        produce(1000, 1100);
        mirrorMaker = new MirrorMaker(mirrorMakerConfig());
        mirrorMaker.start();
        try {
            List<String> next = readInGroup(downstream, MIRRORED, 100);
            assertSameRecords(expected(1000, 1100), next, "the group goes on downstream with the records produced after it stopped");
        } finally {
            mirrorMaker.stop();
            mirrorMaker.awaitStop();
        }
    }

    private static Map<String, String> mirrorMakerConfig() {
        Map<String, String> config = new HashMap<>();
        config.put("clusters", "upstream, downstream");
        config.put("upstream.bootstrap.servers", upstream.kafkaBootstrapServers());
        config.put("downstream.bootstrap.servers", downstream.kafkaBootstrapServers());
        config.put("upstream->downstream.enabled", "true");
        config.put("upstream->downstream.topics", TOPIC);
        config.put("downstream->upstream.enabled", "false");
        // one broker a cluster: every topic MirrorMaker creates has one replica
        for (String setting : List.of("replication", "checkpoints.topic.replication", "heartbeats.topic.replication",
                "offset-syncs.topic.replication", "config.storage.replication", "offset.storage.replication",
                "status.storage.replication")) {
            config.put(setting + ".factor", "1");
        }
        config.put("sync.group.offsets.enabled", "true");
        config.put("sync.group.offsets.interval.seconds", "1");
        config.put("emit.checkpoints.interval.seconds", "1");
        config.put("emit.heartbeats.interval.seconds", "1");
        config.put("refresh.topics.interval.seconds", "1");
        config.put("refresh.groups.interval.seconds", "1");
        // the offset syncs of a partition's last records go out when the source task commits, every
        // minute by default (a worker setting, which MirrorMaker takes from the target cluster's settings)
        config.put("downstream.offset.flush.interval.ms", "1000");
        return config;
    }

    private static void produce(int from, int to) throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                "bootstrap.servers", upstream.kafkaBootstrapServers(),
                "key.serializer", StringSerializer.class.getName(),
                "value.serializer", StringSerializer.class.getName()))) {
            for (int i = from; i < to; i++) {
                producer.send(new ProducerRecord<>(TOPIC, "k-" + i, "v-" + i));
            }
            producer.flush();
        }
    }

    /** The same records, in any order; a failure names how many differ and a few of them, not all. */
    private static void assertSameRecords(List<String> expected, List<String> actual, String what) {
        List<String> missing = new ArrayList<>(expected);
        missing.removeAll(actual);
        List<String> extra = new ArrayList<>(actual);
        expected.forEach(extra::remove);
        assertTrue(missing.isEmpty() && extra.isEmpty(), () -> what + ": " + actual.size() + " records where "
            + expected.size() + " were expected; " + missing.size() + " missing (such as "
            + missing.subList(0, Math.min(5, missing.size())) + "), " + extra.size() + " not expected (such as "
            + extra.subList(0, Math.min(5, extra.size())) + ")");
    }

    private static List<String> expected(int from, int to) {
        List<String> records = new ArrayList<>();
        for (int i = from; i < to; i++) {
            records.add("k-" + i + ":v-" + i);
        }
        return records.stream().sorted().toList();
    }

    /** Reads {@code count} records as the group, commits them, and reads on briefly to see there are no more. */
    private static List<String> readInGroup(ZKafkaCluster cluster, String topic, int count) {
        Map<String, Object> config = consumerConfig(cluster);
        config.put("group.id", GROUP);
        config.put("enable.auto.commit", "false");
        List<String> records = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config)) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (records.size() < count && System.nanoTime() < deadline) {
                poll(consumer, records);
            }
            long settle = System.nanoTime() + Duration.ofSeconds(2).toNanos();
            while (System.nanoTime() < settle) {
                poll(consumer, records);
            }
            consumer.commitSync();
        }
        return records;
    }

    /** Reads the whole topic (no group) until it holds {@code count} records or the wait ends. */
    private static List<String> readAll(ZKafkaCluster cluster, String topic, int count) {
        List<String> records = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerConfig(cluster))) {
            long deadline = System.nanoTime() + WAIT.toNanos();
            // MirrorMaker creates the topic with the upstream topic's two partitions
            List<TopicPartition> partitions = List.of();
            while (partitions.size() < 2 && System.nanoTime() < deadline) {
                partitions = consumer.partitionsFor(topic, Duration.ofSeconds(5)).stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            while (records.size() < count && System.nanoTime() < deadline) {
                poll(consumer, records);
            }
        }
        return records;
    }

    private static void poll(KafkaConsumer<String, String> consumer, List<String> records) {
        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
            records.add(record.key() + ":" + record.value());
        }
    }

    private static Map<String, Object> consumerConfig(ZKafkaCluster cluster) {
        Map<String, Object> config = new HashMap<>();
        config.put("bootstrap.servers", cluster.kafkaBootstrapServers());
        config.put("auto.offset.reset", "earliest");
        // a consumer asking for the mirrored topic before MirrorMaker made it must not create it
        config.put("allow.auto.create.topics", "false");
        config.put("key.deserializer", StringDeserializer.class.getName());
        config.put("value.deserializer", StringDeserializer.class.getName());
        return config;
    }

    private static Map<TopicPartition, Long> endOffsets(ZKafkaCluster cluster, String topic) {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerConfig(cluster))) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                .map(info -> new TopicPartition(topic, info.partition())).toList();
            return consumer.endOffsets(partitions, Duration.ofSeconds(30));
        }
    }

    private static Map<TopicPartition, Long> groupOffsets(Admin admin) {
        try {
            return admin.listConsumerGroupOffsets(GROUP).partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS)
                .entrySet().stream().filter(entry -> entry.getKey().topic().equals(MIRRORED))
                .collect(Collectors.toMap(Map.Entry::getKey, entry -> offset(entry.getValue())));
        } catch (Exception e) {
            throw new IllegalStateException("cannot list the group's offsets downstream", e);
        }
    }

    private static long offset(OffsetAndMetadata committed) {
        return committed == null ? -1 : committed.offset();
    }

}
