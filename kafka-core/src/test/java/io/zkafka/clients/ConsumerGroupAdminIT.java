package io.zkafka.clients;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkafka.clients.admin.Admin;
import io.zkafka.clients.admin.ConsumerGroupDescription;
import io.zkafka.clients.admin.ConsumerGroupListing;
import io.zkafka.clients.admin.ConsumerGroupState;
import io.zkafka.clients.admin.ListConsumerGroupsOptions;
import io.zkafka.clients.admin.MemberDescription;
import io.zkafka.clients.admin.NewTopic;
import io.zkafka.clients.consumer.KafkaConsumer;
import io.zkafka.clients.consumer.OffsetAndMetadata;
import io.zkafka.clients.producer.KafkaProducer;
import io.zkafka.clients.producer.ProducerRecord;
import io.zkafka.common.TopicPartition;
import io.zkafka.common.errors.ApiException;
import io.zkafka.common.protocol.Errors;
import io.zkafka.common.serialization.StringDeserializer;
import io.zkafka.common.serialization.StringSerializer;
import io.zkafka.test.TestUtils;
import io.zkafka.test.ZKafkaCluster;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The admin client's consumer group operations against two real brokers: groups are listed from
 * every broker, described by their coordinator, their offsets listed and altered while empty and
 * deleted unless subscribed to, and the groups deleted only when empty.
 */
class ConsumerGroupAdminIT {
    private static final String TOPIC = "group-admin";
    private static final int OFFSETS_PARTITIONS = 6;
    private static ZKafkaCluster cluster;
    private static Admin admin;

    @BeforeAll
    static void start() throws Exception {
        cluster = ZKafkaCluster.builder().brokers(2)
            .forConsumerGroups(OFFSETS_PARTITIONS)
            .build();
        admin = Admin.create(Map.of("bootstrap.servers", cluster.bootstrapServers()));
        admin.createTopics(List.of(new NewTopic(TOPIC, 2, (short) 1))).all().get(30, TimeUnit.SECONDS);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of("bootstrap.servers",
            cluster.bootstrapServers()), new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < 20; i++) {
                producer.send(new ProducerRecord<>(TOPIC, i % 2, "k" + i, "v" + i));
            }
            producer.flush();
        }
    }

    @AfterAll
    static void stop() throws Exception {
        admin.close();
        cluster.close();
    }

    private static KafkaConsumer<String, String> consumer(String group) {
        return new KafkaConsumer<>(Map.of("bootstrap.servers", cluster.bootstrapServers(), "group.id", group,
            "client.id", "admin-it-client", "auto.offset.reset", "earliest", "enable.auto.commit", "false",
            "session.timeout.ms", "6000", "heartbeat.interval.ms", "300"), new StringDeserializer(),
            new StringDeserializer());
    }

    private static <T> T get(CompletableFuture<T> future) throws Exception {
        return future.get(30, TimeUnit.SECONDS);
    }

    private static Errors failure(CompletableFuture<?> future) {
        ExecutionException e = assertThrows(ExecutionException.class, () -> future.get(30, TimeUnit.SECONDS));
        return assertInstanceOf(ApiException.class, e.getCause()).error();
    }

    private static Optional<ConsumerGroupListing> listed(Collection<ConsumerGroupListing> listings, String group) {
        return listings.stream().filter(l -> l.groupId().equals(group)).findFirst();
    }

    @Test
    void shouldListDescribeAlterAndDeleteAGroupThroughItsLife() throws Exception {
        String group = "g-life";
        TopicPartition p0 = new TopicPartition(TOPIC, 0);
        TopicPartition p1 = new TopicPartition(TOPIC, 1);
        try (KafkaConsumer<String, String> consumer = consumer(group)) {
            consumer.subscribe(List.of(TOPIC));
            int[] read = {0};
            TestUtils.waitForCondition(() -> {
                read[0] += consumer.poll(Duration.ofMillis(100)).count();
                return read[0] == 20;
            }, Duration.ofSeconds(30), () -> "read " + read[0] + " of 20");
            consumer.commitSync();

            ConsumerGroupListing listing = listed(get(admin.listConsumerGroups().all()), group).orElseThrow();
            assertEquals(Optional.of(ConsumerGroupState.STABLE), listing.state());
            assertFalse(listing.isSimpleConsumerGroup());

            ConsumerGroupDescription description = get(admin.describeConsumerGroups(List.of(group)).all()).get(group);
            assertEquals(ConsumerGroupState.STABLE, description.state());
            assertEquals("range", description.partitionAssignor());
            assertNotNull(description.coordinator());
            assertEquals(1, description.members().size());
            MemberDescription member = description.members().iterator().next();
            assertEquals("admin-it-client", member.clientId());
            assertTrue(member.consumerId().startsWith("admin-it-client-"), member.consumerId());
            assertEquals("/127.0.0.1", member.host());
            assertEquals(Set.of(p0, p1), member.assignment().topicPartitions());

            assertEquals(Errors.NON_EMPTY_GROUP, failure(admin.deleteConsumerGroups(List.of(group)).all()));
            assertEquals(Errors.GROUP_SUBSCRIBED_TO_TOPIC, failure(admin.deleteConsumerGroupOffsets(group,
                Set.of(p0)).partitionResult(p0)));
            assertEquals(Errors.UNKNOWN_MEMBER_ID, failure(admin.alterConsumerGroupOffsets(group,
                Map.of(p0, new OffsetAndMetadata(3))).all()));
            consumer.poll(Duration.ofMillis(10)); // a heartbeat, in case the admin calls took a while
        }

        assertEquals(Map.of(p0, 10L, p1, 10L), offsets(group));
        assertEquals(ConsumerGroupState.EMPTY, get(admin.describeConsumerGroups(List.of(group)).all()).get(group)
            .state());
        get(admin.alterConsumerGroupOffsets(group, Map.of(p0, new OffsetAndMetadata(3, "reset"))).all());
        assertEquals(Map.of(p0, 3L, p1, 10L), offsets(group));
        assertEquals("reset", get(admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata()).get(p0)
            .metadata());

        get(admin.deleteConsumerGroupOffsets(group, Set.of(p1)).all());
        assertEquals(Map.of(p0, 3L), offsets(group));
        assertEquals(Errors.GROUP_ID_NOT_FOUND, failure(admin.deleteConsumerGroupOffsets("g-never", Set.of(p1)).all()));

        get(admin.deleteConsumerGroups(List.of(group)).all());
        assertTrue(listed(get(admin.listConsumerGroups().all()), group).isEmpty());
        assertEquals(Map.of(), offsets(group));
        assertEquals(ConsumerGroupState.DEAD, get(admin.describeConsumerGroups(List.of(group)).all()).get(group)
            .state());
        assertEquals(Errors.GROUP_ID_NOT_FOUND, failure(admin.deleteConsumerGroups(List.of(group)).all()));
    }

    private static Map<TopicPartition, Long> offsets(String group) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> found = get(admin.listConsumerGroupOffsets(group)
            .partitionsToOffsetAndMetadata());
        return found.entrySet().stream().collect(java.util.stream.Collectors.toMap(Map.Entry::getKey,
            e -> e.getValue().offset()));
    }

    @Test
    void shouldListGroupsOfEveryBrokerFilteredByState() throws Exception {
        // one group per offsets partition, so that both brokers coordinate some
        Map<Integer, String> byPartition = new java.util.TreeMap<>();
        for (int i = 0; i < 1000 && byPartition.size() < OFFSETS_PARTITIONS; i++) {
            String group = "simple-" + i;
            byPartition.putIfAbsent(Math.abs(group.hashCode()) % OFFSETS_PARTITIONS, group);
        }
        List<String> groups = List.copyOf(byPartition.values());
        for (String group : groups) {
            get(admin.alterConsumerGroupOffsets(group, Map.of(new TopicPartition(TOPIC, 0), new OffsetAndMetadata(1)))
                .all());
        }
        Collection<ConsumerGroupListing> all = get(admin.listConsumerGroups().all());
        for (String group : groups) {
            ConsumerGroupListing listing = listed(all, group).orElseThrow(() -> new AssertionError(group + " in " + all));
            assertTrue(listing.isSimpleConsumerGroup());
            assertEquals(Optional.of(ConsumerGroupState.EMPTY), listing.state());
        }
        assertTrue(get(admin.listConsumerGroups().errors()).isEmpty());
        assertEquals(2, get(admin.describeConsumerGroups(groups).all()).values().stream()
            .map(d -> d.coordinator().id()).distinct().count(), "both brokers coordinate listed groups");
        Collection<ConsumerGroupListing> stable = get(admin.listConsumerGroups(new ListConsumerGroupsOptions()
            .inStates(Set.of(ConsumerGroupState.STABLE))).all());
        assertTrue(groups.stream().allMatch(g -> listed(stable, g).isEmpty()), stable::toString);
        Collection<ConsumerGroupListing> empty = get(admin.listConsumerGroups(new ListConsumerGroupsOptions()
            .inStates(Set.of(ConsumerGroupState.EMPTY))).valid());
        assertTrue(groups.stream().allMatch(g -> listed(empty, g).isPresent()), empty::toString);
    }
}
