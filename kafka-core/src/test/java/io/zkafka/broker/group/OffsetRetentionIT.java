package io.zkafka.broker.group;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkafka.broker.replica.Partition;
import io.zkafka.clients.admin.Admin;
import io.zkafka.clients.admin.NewTopic;
import io.zkafka.clients.consumer.CommitFailedException;
import io.zkafka.clients.consumer.KafkaConsumer;
import io.zkafka.clients.consumer.OffsetAndMetadata;
import io.zkafka.common.TopicPartition;
import io.zkafka.common.serialization.StringDeserializer;
import io.zkafka.server.KafkaServer;
import io.zkafka.test.TestUtils;
import io.zkafka.test.ZKafkaCluster;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Offsets retention in a real cluster with a 3 s retention: an empty group's offsets go (with
 * tombstones a new coordinator replays), an active group keeps the offsets of the topics it reads
 * and loses those of a topic it does not.
 */
class OffsetRetentionIT {
    private static final long RETENTION_MS = 3_000;
    private static final TopicPartition EVENTS_0 = new TopicPartition("events", 0);
    private static final TopicPartition EVENTS_1 = new TopicPartition("events", 1);
    private static final TopicPartition OTHER_0 = new TopicPartition("other", 0);

    @Test
    void shouldExpireOffsetsOfAnEmptyGroupAndKeepThoseAnActiveGroupReads() throws Exception {
        try (ZKafkaCluster cluster = ZKafkaCluster.builder().brokers(3)
                .forConsumerGroups(3)
                .brokerConfig("offsets.retention.ms", RETENTION_MS)
                .brokerConfig("offsets.retention.check.interval.ms", 200)
                .build();
             Admin admin = Admin.create(Map.of("bootstrap.servers", cluster.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic("events", 2, (short) 3), new NewTopic("other", 1, (short) 3)))
                .all().get(30, TimeUnit.SECONDS);
            try (KafkaConsumer<String, String> active = subscribed(cluster, "g-active")) {
                commitAsMember(active, Map.of(EVENTS_0, new OffsetAndMetadata(5), EVENTS_1, new OffsetAndMetadata(7),
                    OTHER_0, new OffsetAndMetadata(3)));
                long committedAt = System.currentTimeMillis();
                try (KafkaConsumer<String, String> leaving = subscribed(cluster, "g-empty")) {
                    commitAsMember(leaving, Map.of(EVENTS_0, new OffsetAndMetadata(4)));
                }

                try (KafkaConsumer<String, String> reader = reader(cluster, "g-empty")) {
                    TestUtils.waitForCondition(() -> reader.committed(Set.of(EVENTS_0)).get(EVENTS_0) == null
                            && active.committed(Set.of(OTHER_0)).get(OTHER_0) == null, Duration.ofSeconds(30),
                        "the empty group's offsets and the active group's unread topic expired");
                }
                assertTrue(System.currentTimeMillis() - committedAt >= RETENTION_MS,
                    "nothing expired before its retention");
                Map<TopicPartition, OffsetAndMetadata> kept = active.committed(Set.of(EVENTS_0, EVENTS_1));
                assertEquals(5L, kept.get(EVENTS_0).offset(), "the active group keeps what it reads");
                assertEquals(7L, kept.get(EVENTS_1).offset());

                TopicPartition offsetsPartition = new TopicPartition(OffsetsTopic.NAME,
                    OffsetsTopic.partitionFor("g-empty", 3));
                int coordinatorId = leaderOf(cluster, offsetsPartition);
                cluster.killBroker(coordinatorId);
                TestUtils.waitForCondition(() -> leaderOf(cluster, offsetsPartition) >= 0, Duration.ofSeconds(30),
                    "a new leader of " + offsetsPartition);
                Partition newLeader = cluster.broker(leaderOf(cluster, offsetsPartition)).replicaManager()
                    .partition(offsetsPartition).orElseThrow();
                Map<String, GroupLoader.LoadedGroup> replayed = GroupLoader.load(newLeader);
                GroupLoader.LoadedGroup gone = replayed.get("g-empty");
                assertTrue(gone == null || gone.offsets.isEmpty() && gone.metadata == null,
                    "the new coordinator's log holds tombstones for the empty group");
                try (KafkaConsumer<String, String> reader = reader(cluster, "g-empty")) {
                    assertNull(reader.committed(Set.of(EVENTS_0)).get(EVENTS_0));
                }
                assertNotNull(active.committed(Set.of(EVENTS_0)).get(EVENTS_0), "the active group's offset survives");
            }
        }
    }

    @Test
    void shouldKeepTheMomentAGroupBecameEmptyAcrossACoordinatorFailover() throws Exception {
        try (ZKafkaCluster cluster = ZKafkaCluster.builder().brokers(2)
                .brokerConfig("offsets.topic.num.partitions", 1)
                .brokerConfig("offsets.topic.replication.factor", 2)
                .brokerConfig("group.initial.rebalance.delay.ms", 0)
                .brokerConfig("group.min.session.timeout.ms", 1000)
                .build();
             Admin admin = Admin.create(Map.of("bootstrap.servers", cluster.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic("events", 2, (short) 2))).all().get(30, TimeUnit.SECONDS);
            TopicPartition offsetsPartition = new TopicPartition(OffsetsTopic.NAME, 0);
            try (KafkaConsumer<String, String> consumer = subscribed(cluster, "g-moved")) {
                commitAsMember(consumer, Map.of(EVENTS_0, new OffsetAndMetadata(9)));
            }
            int oldCoordinator = leaderOf(cluster, offsetsPartition);
            long emptySince = awaitEmpty(cluster.broker(oldCoordinator), "g-moved");
            Partition leader = cluster.broker(oldCoordinator).replicaManager().partition(offsetsPartition).orElseThrow();
            TestUtils.waitForCondition(() -> leader.highWatermark() == leader.logEndOffset(), Duration.ofSeconds(10),
                "the follower has the group's Empty metadata");

            cluster.stopBroker(oldCoordinator);
            TestUtils.waitForCondition(() -> leaderOf(cluster, offsetsPartition) >= 0, Duration.ofSeconds(30),
                "a new leader of " + offsetsPartition);
            long loadedEmptySince = awaitEmpty(cluster.broker(leaderOf(cluster, offsetsPartition)), "g-moved");
            assertEquals(emptySince, loadedEmptySince, "the new coordinator counts retention from the same moment");
            try (KafkaConsumer<String, String> reader = reader(cluster, "g-moved")) {
                assertEquals(9L, reader.committed(Set.of(EVENTS_0)).get(EVENTS_0).offset());
            }
        }
    }

    /** When {@code groupId} became Empty on {@code broker}'s coordinator, once it is loaded and Empty there. */
    private static long awaitEmpty(KafkaServer broker, String groupId) {
        long[] emptySince = {-1};
        TestUtils.waitForCondition(() -> {
            GroupMetadata group = broker.groupCoordinator().group(groupId);
            if (group == null) {
                return false;
            }
            synchronized (group.lock) {
                emptySince[0] = group.emptySinceMs();
                return group.is(GroupState.EMPTY) && group.emptySinceMs() > 0;
            }
        }, Duration.ofSeconds(30), () -> groupId + " is Empty on broker " + broker.brokerId());
        return emptySince[0];
    }

    /** A consumer of {@code events} in {@code group}, returned once it owns both partitions. */
    private static KafkaConsumer<String, String> subscribed(ZKafkaCluster cluster, String group) {
        KafkaConsumer<String, String> consumer = reader(cluster, group);
        consumer.subscribe(List.of("events"));
        TestUtils.waitForCondition(() -> {
            consumer.poll(Duration.ofMillis(500));
            return consumer.assignment().size() == 2;
        }, Duration.ofSeconds(30), () -> group + " owns both partitions");
        return consumer;
    }

    /** Commits as a member of the group, polling to (re)join first when the commit is refused for that. */
    static void commitAsMember(KafkaConsumer<String, String> consumer, Map<TopicPartition, OffsetAndMetadata> offsets) {
        TestUtils.waitForCondition(() -> {
            try {
                consumer.commitSync(offsets);
                return true;
            } catch (CommitFailedException e) {
                consumer.poll(Duration.ofMillis(200));
                return false;
            }
        }, Duration.ofSeconds(30), "committed as a member");
    }

    private static KafkaConsumer<String, String> reader(ZKafkaCluster cluster, String group) {
        Map<String, Object> config = new HashMap<>();
        config.put("bootstrap.servers", cluster.bootstrapServers());
        config.put("group.id", group);
        config.put("enable.auto.commit", "false");
        config.put("session.timeout.ms", "6000");
        config.put("heartbeat.interval.ms", "300");
        return new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer());
    }

    /** The id of the broker leading {@code tp}, or -1. */
    static int leaderOf(ZKafkaCluster cluster, TopicPartition tp) {
        return cluster.runningBrokers().stream()
            .filter(b -> b.replicaManager().partition(tp).map(Partition::isLeader).orElse(false))
            .mapToInt(KafkaServer::brokerId).findFirst().orElse(-1);
    }
}
