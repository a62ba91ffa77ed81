package io.zkafka.broker.kafkaprotocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkafka.test.TestUtils;
import io.zkafka.test.ZKafkaCluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.ConsumerGroupListing;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.MemberToRemove;
import org.apache.kafka.clients.admin.RemoveMembersFromConsumerGroupOptions;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.ConsumerGroupState;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Consumer groups over the Kafka listener with Kafka 3.9's own clients (classic group protocol):
 * two Kafka consumers split a topic and a restarted one resumes from the commits; a Kafka and a
 * ZKafka consumer share one group; Kafka's Admin lists, describes and deletes groups and offsets.
 */
class KafkaConsumerGroupIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final int PARTITIONS = 4;

    private static ZKafkaCluster cluster;

    @BeforeAll
    static void start() throws Exception {
        cluster = ZKafkaCluster.builder().brokers(3).kafkaListener().forConsumerGroups(3)
            .brokerConfig("offsets.topic.replication.factor", 3).build();
    }

    @AfterAll
    static void stop() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void twoKafkaConsumersSplitTheTopicAndARestartedConsumerResumesFromTheCommittedOffsets() throws Exception {
        String topic = "split";
        createTopic(topic);
        String group = "split-group";
        Map<String, ConsumerRecord<String, String>> read = new HashMap<>();
        try (KafkaConsumer<String, String> first = kafkaConsumer(group);
             KafkaConsumer<String, String> second = kafkaConsumer(group)) {
            first.subscribe(List.of(topic));
            second.subscribe(List.of(topic));
            TestUtils.waitForCondition(() -> {
                first.poll(Duration.ofMillis(100));
                second.poll(Duration.ofMillis(100));
                return first.assignment().size() == PARTITIONS / 2 && second.assignment().size() == PARTITIONS / 2;
            }, WAIT, "the two consumers split the partitions");
            Set<TopicPartition> firstOwns = Set.copyOf(first.assignment());
            Set<TopicPartition> secondOwns = Set.copyOf(second.assignment());
            assertTrue(firstOwns.stream().noneMatch(secondOwns::contains), firstOwns + " vs " + secondOwns);

            produce(topic, 0, 400);
            TestUtils.waitForCondition(() -> {
                pollAndCommit(first, firstOwns, read);
                pollAndCommit(second, secondOwns, read);
                return read.size() == 400;
            }, WAIT, () -> "the two consumers read 400 records, read " + read.size());
            assertEquals(Set.copyOf(first.assignment()), firstOwns, "no rebalance while reading");
            Map<TopicPartition, OffsetAndMetadata> committed = first.committed(allPartitions(topic));
            for (TopicPartition tp : allPartitions(topic)) {
                assertEquals(100, committed.get(tp).offset(), "committed offset of " + tp);
            }
        }

        produce(topic, 400, 600);
        Map<String, ConsumerRecord<String, String>> afterRestart = new HashMap<>();
        try (KafkaConsumer<String, String> restarted = kafkaConsumer(group)) {
            restarted.subscribe(List.of(topic));
            TestUtils.waitForCondition(() -> {
                pollAndCommit(restarted, allPartitions(topic), afterRestart);
                return afterRestart.size() >= 200;
            }, WAIT, () -> "the restarted consumer read the 200 new records, read " + afterRestart.size());
            restarted.poll(Duration.ofMillis(500)).forEach(r -> afterRestart.put(r.key(), r));
        }
        assertEquals(IntStream.range(400, 600).mapToObj(i -> "k" + i).collect(Collectors.toSet()), afterRestart.keySet(),
            "the restarted consumer starts at the committed offsets, not at the earliest");
        afterRestart.values().forEach(r -> assertTrue(r.offset() >= 100, r.toString()));
    }

    @Test
    void aKafkaConsumerAndAZKafkaConsumerShareOneGroup() throws Exception {
        String topic = "mixed";
        createTopic(topic);
        String group = "mixed-group";
        Map<String, String> read = new HashMap<>();
        List<String> duplicates = new ArrayList<>();
        try (KafkaConsumer<String, String> kafka = kafkaConsumer(group);
             io.zkafka.clients.consumer.KafkaConsumer<String, String> zkafka = zkafkaConsumer(group)) {
            kafka.subscribe(List.of(topic));
            zkafka.subscribe(List.of(topic));
            TestUtils.waitForCondition(() -> {
                kafka.poll(Duration.ofMillis(100));
                zkafka.poll(Duration.ofMillis(100));
                return kafka.assignment().size() == PARTITIONS / 2 && zkafka.assignment().size() == PARTITIONS / 2;
            }, WAIT, "the Kafka and the ZKafka consumer split the partitions");
            Set<Integer> kafkaOwns = kafka.assignment().stream().map(TopicPartition::partition).collect(Collectors.toSet());
            Set<Integer> zkafkaOwns = zkafka.assignment().stream().map(io.zkafka.common.TopicPartition::partition)
                .collect(Collectors.toSet());
            assertEquals(IntStream.range(0, PARTITIONS).boxed().collect(Collectors.toSet()),
                union(kafkaOwns, zkafkaOwns), "together they own every partition");
            assertTrue(kafkaOwns.stream().noneMatch(zkafkaOwns::contains), kafkaOwns + " vs " + zkafkaOwns);

            produce(topic, 0, 400);
            Set<Integer> kafkaRead = new HashSet<>();
            Set<Integer> zkafkaRead = new HashSet<>();
            TestUtils.waitForCondition(() -> {
                for (ConsumerRecord<String, String> r : kafka.poll(Duration.ofMillis(100))) {
                    kafkaRead.add(r.partition());
                    if (read.put(r.key(), r.value()) != null) {
                        duplicates.add(r.key());
                    }
                }
                kafka.commitSync();
                for (io.zkafka.clients.consumer.ConsumerRecord<String, String> r : zkafka.poll(Duration.ofMillis(100))) {
                    zkafkaRead.add(r.partition());
                    if (read.put(r.key(), r.value()) != null) {
                        duplicates.add(r.key());
                    }
                }
                zkafka.commitSync();
                return read.size() == 400;
            }, WAIT, () -> "the mixed group read 400 records, read " + read.size());
            assertEquals(List.of(), duplicates, "every record read once");
            assertEquals(kafkaOwns, kafkaRead, "the Kafka consumer read only its partitions");
            assertEquals(zkafkaOwns, zkafkaRead, "the ZKafka consumer read only its partitions");
            for (int i = 0; i < 400; i++) {
                assertEquals("v" + i, read.get("k" + i));
            }

            try (Admin admin = kafkaAdmin()) {
                ConsumerGroupDescription description = admin.describeConsumerGroups(List.of(group)).all()
                    .get(30, TimeUnit.SECONDS).get(group);
                assertEquals(ConsumerGroupState.STABLE, description.state());
                assertEquals(2, description.members().size());
                assertEquals("range", description.partitionAssignor());
            }
        }
    }

    @Test
    void aRestartedStaticMemberGetsItsPartitionsBackWithoutARebalance() throws Exception {
        String topic = "static";
        createTopic(topic);
        String group = "static-group";
        KafkaConsumer<String, String> leader = kafkaConsumer(group, "instance-a");
        Set<TopicPartition> leaderOwned;
        int generation;
        try (KafkaConsumer<String, String> other = kafkaConsumer(group, "instance-b")) {
            try {
                leader.subscribe(List.of(topic));
                TestUtils.waitForCondition(() -> !leader.poll(Duration.ofMillis(100)).isEmpty()
                    || leader.assignment().size() == PARTITIONS, WAIT, "the first static member owns the topic");
                other.subscribe(List.of(topic));
                TestUtils.waitForCondition(() -> {
                    leader.poll(Duration.ofMillis(100));
                    other.poll(Duration.ofMillis(100));
                    return leader.assignment().size() == PARTITIONS / 2 && other.assignment().size() == PARTITIONS / 2;
                }, WAIT, "the two static members split the partitions");
                leaderOwned = Set.copyOf(leader.assignment());
                generation = other.groupMetadata().generationId();
            } finally {
                leader.close(); // a static member does not leave the group when it closes
            }
            try (KafkaConsumer<String, String> restarted = kafkaConsumer(group, "instance-a")) {
                restarted.subscribe(List.of(topic));
                TestUtils.waitForCondition(() -> {
                    restarted.poll(Duration.ofMillis(100));
                    other.poll(Duration.ofMillis(100));
                    return !restarted.assignment().isEmpty();
                }, WAIT, "the restarted static member is assigned");
                assertEquals(leaderOwned, restarted.assignment(), "the restarted member gets its partitions back");
                assertEquals(generation, restarted.groupMetadata().generationId(), "no new generation");
                other.poll(Duration.ofMillis(500));
                assertEquals(generation, other.groupMetadata().generationId(), "the other member saw no rebalance");
            }
            // closed, the static member still holds its place; an admin removes it by its instance id
            try (Admin admin = kafkaAdmin()) {
                admin.removeMembersFromConsumerGroup(group, new RemoveMembersFromConsumerGroupOptions(
                    List.of(new MemberToRemove("instance-a")))).all().get(30, TimeUnit.SECONDS);
            }
            TestUtils.waitForCondition(() -> {
                other.poll(Duration.ofMillis(100));
                return other.assignment().size() == PARTITIONS;
            }, WAIT, "the remaining member owns every partition once the other was removed");
        }
    }

    @Test
    void kafkasAdminListsDescribesAndDeletesGroupsAndTheirOffsets() throws Exception {
        String topic = "admin";
        createTopic(topic);
        String group = "admin-group";
        produce(topic, 0, 40);
        Map<String, ConsumerRecord<String, String>> read = new HashMap<>();
        try (Admin admin = kafkaAdmin()) {
            try (KafkaConsumer<String, String> consumer = kafkaConsumer(group)) {
                consumer.subscribe(List.of(topic));
                TestUtils.waitForCondition(() -> {
                    pollAndCommit(consumer, allPartitions(topic), read);
                    return read.size() == 40;
                }, WAIT, () -> "the consumer read 40 records, read " + read.size());

                Set<String> listed = admin.listConsumerGroups().all().get(30, TimeUnit.SECONDS).stream()
                    .map(ConsumerGroupListing::groupId).collect(Collectors.toSet());
                assertTrue(listed.contains(group), listed.toString());
                ConsumerGroupDescription description = admin.describeConsumerGroups(List.of(group)).all()
                    .get(30, TimeUnit.SECONDS).get(group);
                assertEquals(ConsumerGroupState.STABLE, description.state());
                assertEquals(1, description.members().size());
                MemberDescription member = description.members().iterator().next();
                assertEquals(allPartitions(topic), member.assignment().topicPartitions());
                int coordinator = description.coordinator().id();
                assertEquals(cluster.broker(coordinator).kafkaEndpoints().get("KAFKA").port(),
                    description.coordinator().port(), "the coordinator is named by its Kafka listener");
            }

            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
            assertEquals(allPartitions(topic), offsets.keySet());
            offsets.values().forEach(offset -> assertEquals(10, offset.offset()));

            TopicPartition dropped = new TopicPartition(topic, 0);
            admin.deleteConsumerGroupOffsets(group, Set.of(dropped)).all().get(30, TimeUnit.SECONDS);
            Map<TopicPartition, OffsetAndMetadata> left = admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
            assertFalse(left.containsKey(dropped), left.toString());
            assertEquals(PARTITIONS - 1, left.size(), left.toString());

            admin.deleteConsumerGroups(List.of(group)).all().get(30, TimeUnit.SECONDS);
            Set<String> listed = admin.listConsumerGroups().all().get(30, TimeUnit.SECONDS).stream()
                .map(ConsumerGroupListing::groupId).collect(Collectors.toSet());
            assertFalse(listed.contains(group), listed.toString());
            assertEquals(ConsumerGroupState.DEAD, admin.describeConsumerGroups(List.of(group)).all()
                .get(30, TimeUnit.SECONDS).get(group).state());
        }
    }

    private static void pollAndCommit(KafkaConsumer<String, String> consumer, Set<TopicPartition> owned,
                                      Map<String, ConsumerRecord<String, String>> read) {
        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(100))) {
            TopicPartition tp = new TopicPartition(record.topic(), record.partition());
            assertTrue(owned.contains(tp), "read " + tp + " outside " + owned);
            ConsumerRecord<String, String> before = read.put(record.key(), record);
            assertTrue(before == null, "read twice: " + record.key());
            assertEquals("v" + record.key().substring(1), record.value());
        }
        consumer.commitSync();
    }

    private static Set<Integer> union(Set<Integer> a, Set<Integer> b) {
        Set<Integer> all = new HashSet<>(a);
        all.addAll(b);
        return all;
    }

    private static Set<TopicPartition> allPartitions(String topic) {
        return IntStream.range(0, PARTITIONS).mapToObj(p -> new TopicPartition(topic, p)).collect(Collectors.toSet());
    }

    /** Records k{from}..k{to-1}, spread evenly over the partitions. */
    private static void produce(String topic, int from, int to) throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                "bootstrap.servers", cluster.kafkaBootstrapServers(),
                "key.serializer", StringSerializer.class.getName(),
                "value.serializer", StringSerializer.class.getName()))) {
            for (int i = from; i < to; i++) {
                producer.send(new ProducerRecord<>(topic, i % PARTITIONS, "k" + i, "v" + i));
            }
            producer.flush();
        }
    }

    private static void createTopic(String topic) throws Exception {
        try (io.zkafka.clients.admin.Admin admin = io.zkafka.clients.admin.Admin.create(
                Map.of("bootstrap.servers", cluster.bootstrapServers()))) {
            admin.createTopics(List.of(new io.zkafka.clients.admin.NewTopic(topic, PARTITIONS, (short) 3)))
                .all().get(30, TimeUnit.SECONDS);
        }
    }

    private static KafkaConsumer<String, String> kafkaConsumer(String group) {
        return new KafkaConsumer<>(consumerConfig(group));
    }

    /** A static member: {@code group.instance.id} set. */
    private static KafkaConsumer<String, String> kafkaConsumer(String group, String instanceId) {
        Map<String, Object> config = new HashMap<>(consumerConfig(group));
        config.put("group.instance.id", instanceId);
        return new KafkaConsumer<>(config);
    }

    private static Map<String, Object> consumerConfig(String group) {
        return Map.of(
            "bootstrap.servers", cluster.kafkaBootstrapServers(),
            "group.id", group,
            "auto.offset.reset", "earliest",
            "enable.auto.commit", false,
            "session.timeout.ms", 10_000,
            "heartbeat.interval.ms", 500,
            "key.deserializer", StringDeserializer.class.getName(),
            "value.deserializer", StringDeserializer.class.getName());
    }

    private static io.zkafka.clients.consumer.KafkaConsumer<String, String> zkafkaConsumer(String group) {
        return new io.zkafka.clients.consumer.KafkaConsumer<>(Map.of(
            "bootstrap.servers", cluster.bootstrapServers(),
            "group.id", group,
            "auto.offset.reset", "earliest",
            "enable.auto.commit", false,
            "session.timeout.ms", 10_000,
            "heartbeat.interval.ms", 500,
            "key.deserializer", io.zkafka.common.serialization.StringDeserializer.class.getName(),
            "value.deserializer", io.zkafka.common.serialization.StringDeserializer.class.getName()));
    }

    private static Admin kafkaAdmin() {
        return Admin.create(Map.of("bootstrap.servers", cluster.kafkaBootstrapServers()));
    }
}
