package io.zkafka.broker.group;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkafka.clients.admin.Admin;
import io.zkafka.clients.admin.NewTopic;
import io.zkafka.clients.consumer.ConsumerRecord;
import io.zkafka.clients.consumer.KafkaConsumer;
import io.zkafka.clients.consumer.OffsetAndMetadata;
import io.zkafka.clients.producer.KafkaProducer;
import io.zkafka.clients.producer.ProducerRecord;
import io.zkafka.common.TopicPartition;
import io.zkafka.common.serialization.ByteArrayDeserializer;
import io.zkafka.common.serialization.ByteArraySerializer;
import io.zkafka.config.KafkaConfig;
import io.zkafka.server.KafkaServer;
import io.zkafka.test.TestUtils;
import io.zkafka.test.ZKafkaCluster;
import io.zkafka.tools.internals.GroupChurn;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Issue 14's scenario, scaled down: a group whose members each live a few seconds (50 records a
 * poll, a little processing, {@code commitSync} after each poll; a new member whenever fewer than
 * three run) while the coordinator's broker is killed right after a member left (so the offsets
 * log still names that member), restarted, and then each other broker is killed and restarted in
 * turn. The group never goes longer than a third of the session timeout without reading a new
 * record, reads every record, and one member alone afterwards reads the rest and commits to the end.
 */
class GroupChurnBrokerKillIT {
    private static final Logger log = LoggerFactory.getLogger(GroupChurnBrokerKillIT.class);
    private static final String TOPIC = "churn";
    private static final String GROUP = "g-churn-kill";
    private static final int PARTITIONS = 6;
    private static final int OFFSETS_PARTITIONS = 3;
    private static final int RECORDS = 200_000;
    private static final int SESSION_TIMEOUT_MS = 12_000;
    private static final int CLOSES_BETWEEN_KILLS = 3;
    private static final Duration MAX_GAP = Duration.ofMillis(SESSION_TIMEOUT_MS / 3);

    @Test
    void shouldKeepReadingThroughBrokerKillsWhileMembersComeAndGo() throws Exception {
        try (ZKafkaCluster cluster = ZKafkaCluster.builder().brokers(3).forConsumerGroups(OFFSETS_PARTITIONS).build();
             Admin admin = Admin.create(Map.of("bootstrap.servers", cluster.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(TOPIC, PARTITIONS, (short) 3)
                .configs(Map.of(KafkaConfig.MIN_INSYNC_REPLICAS, "2")))).all().get(30, TimeUnit.SECONDS);
            Map<TopicPartition, Long> ends = produce(cluster.bootstrapServers());
            String bootstrap = cluster.bootstrapServers();
            GroupChurn churn = new GroupChurn(new GroupChurn.Settings(bootstrap, TOPIC, GROUP, 3,
                Duration.ofSeconds(2), Duration.ofSeconds(4), 50, Duration.ofMillis(20), Map.of(
                    "session.timeout.ms", String.valueOf(SESSION_TIMEOUT_MS), "heartbeat.interval.ms", "1000")));
            Semaphore closes = new Semaphore(0);
            churn.onMemberClosed(name -> closes.release());
            try {
                churn.start(ends);
                TestUtils.waitForCondition(() -> churn.newRecords() > 0, Duration.ofSeconds(30), "the group reads");
                List<Integer> victims = new ArrayList<>();
                victims.add(coordinatorOf(cluster));
                IntStream.rangeClosed(1, 3).filter(id -> id != victims.get(0)).forEach(victims::add);
                for (int victim : victims) {
                    awaitProgress(churn);
                    closes.drainPermits();
                    // a few members come and go first; the last of them has just left when the broker dies
                    assertTrue(closes.tryAcquire(CLOSES_BETWEEN_KILLS, 60, TimeUnit.SECONDS), "members closed");
                    log.info("Killing broker {} right after a member left (coordinator: {})", victim,
                        coordinatorOf(cluster));
                    cluster.killBroker(victim);
                    awaitLeadersWithout(cluster, victim);
                    cluster.startBroker(victim);
                    awaitFullIsr(cluster);
                }
                awaitProgress(churn);
                assertTrue(closes.tryAcquire(CLOSES_BETWEEN_KILLS, 60, TimeUnit.SECONDS), "members closed");
                assertNull(churn.failure(), () -> "a member failed: " + churn.failure());
            } finally {
                churn.stop(Duration.ofSeconds(60));
            }
            GroupChurn.Gap gap = churn.longestGap();
            log.info("Read {} records during the churn; longest gap {} ms; {} commits refused, {} timed out, {} members",
                churn.newRecords(), TimeUnit.NANOSECONDS.toMillis(gap.lengthNanos()), churn.commitsRefused(),
                churn.commitsTimedOut(), churn.membersStarted());
            assertTrue(gap.lengthNanos() <= MAX_GAP.toNanos(), "the group read nothing new for "
                + TimeUnit.NANOSECONDS.toMillis(gap.lengthNanos()) + " ms (at most " + MAX_GAP.toMillis() + " ms)");

            Map<TopicPartition, OffsetAndMetadata> committed = readTheRestAlone(bootstrap, ends, churn);
            assertEquals(Map.of(), churn.unread(), "records never read (skipped)");
            Map<TopicPartition, Long> committedOffsets = committed.entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
            assertEquals(ends, committedOffsets, "committed to the end");
        }
    }

    /** Waits until the group has read a few thousand records more than now: it works again. */
    private static void awaitProgress(GroupChurn churn) {
        long target = churn.newRecords() + 3_000;
        TestUtils.waitForCondition(() -> churn.newRecords() >= target || churn.unread().isEmpty(),
            Duration.ofSeconds(60), () -> "the group reads on (" + churn.newRecords() + " read)");
    }

    private static Map<TopicPartition, Long> produce(String bootstrap) {
        Map<TopicPartition, Long> ends = new ConcurrentHashMap<>();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers", bootstrap,
            "acks", "all", "linger.ms", "5"), new ByteArraySerializer(), new ByteArraySerializer())) {
            byte[] value = new byte[100];
            for (int i = 0; i < RECORDS; i++) {
                producer.send(new ProducerRecord<>(TOPIC, i % PARTITIONS, null, value), (metadata, e) -> {
                    if (e == null) {
                        ends.merge(new TopicPartition(TOPIC, metadata.partition()), metadata.offset() + 1, Math::max);
                    }
                });
            }
            producer.flush();
        }
        assertEquals(RECORDS, ends.values().stream().mapToLong(Long::longValue).sum(), "every record acknowledged");
        return Map.copyOf(ends);
    }

    private static int coordinatorOf(ZKafkaCluster cluster) {
        TopicPartition offsetsPartition = new TopicPartition(OffsetsTopic.NAME,
            OffsetsTopic.partitionFor(GROUP, OFFSETS_PARTITIONS));
        return cluster.runningBrokers().stream()
            .filter(b -> b.replicaManager().partition(offsetsPartition).map(p -> p.isLeader()).orElse(false))
            .mapToInt(KafkaServer::brokerId).findFirst().orElse(-1);
    }

    /** Waits until every live broker's metadata has a leader other than {@code gone} for every partition. */
    private static void awaitLeadersWithout(ZKafkaCluster cluster, int gone) {
        TestUtils.waitForCondition(() -> cluster.runningBrokers().stream().allMatch(b -> {
            var states = b.metadata().image().states();
            return !states.isEmpty() && states.values().stream().allMatch(s -> s.leaderAndIsr().leader() != gone
                && s.leaderAndIsr().leader() >= 0);
        }), Duration.ofSeconds(30), () -> "new leaders without broker " + gone);
    }

    private static void awaitFullIsr(ZKafkaCluster cluster) {
        TestUtils.waitForCondition(() -> cluster.runningBrokers().stream().allMatch(b ->
            b.metadata().image().states().values().stream().allMatch(s -> s.leaderAndIsr().isr().size() == 3)),
            Duration.ofSeconds(60), "every partition's ISR is full again");
    }

    /** One member alone reads from the group's commits to the end and commits that. */
    private static Map<TopicPartition, OffsetAndMetadata> readTheRestAlone(String bootstrap,
                                                                          Map<TopicPartition, Long> ends,
                                                                          GroupChurn churn) {
        Map<String, Object> config = new HashMap<>(Map.of("bootstrap.servers", bootstrap, "group.id", GROUP,
            "auto.offset.reset", "earliest", "enable.auto.commit", "false", "max.poll.records", "5000"));
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(TOPIC));
            TestUtils.waitForCondition(() -> {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    churn.markRead(new TopicPartition(r.topic(), r.partition()), r.offset());
                }
                consumer.commitSync();
                Set<TopicPartition> assigned = consumer.assignment();
                return assigned.size() == PARTITIONS
                    && assigned.stream().allMatch(tp -> consumer.position(tp) >= ends.get(tp));
            }, Duration.ofSeconds(60), () -> "the last member reads to the end, at " + consumer.assignment());
            return consumer.committed(ends.keySet());
        }
    }
}
