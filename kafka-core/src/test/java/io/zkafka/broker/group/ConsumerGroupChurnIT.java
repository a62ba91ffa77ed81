package io.zkafka.broker.group;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkafka.clients.admin.Admin;
import io.zkafka.clients.admin.NewTopic;
import io.zkafka.clients.producer.KafkaProducer;
import io.zkafka.clients.producer.ProducerRecord;
import io.zkafka.common.TopicPartition;
import io.zkafka.common.serialization.StringSerializer;
import io.zkafka.test.TestUtils;
import io.zkafka.test.ZKafkaCluster;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Members join and leave (close) one by one while a producer writes to a 12-partition topic; each
 * member commits after processing. Every acknowledged record is seen at least once by the group,
 * each partition has exactly one owner whenever the group is settled, and with cooperative sticky
 * a member that stays is only ever told to revoke the partitions that actually left it.
 */
class ConsumerGroupChurnIT {
    private static final int PARTITIONS = 12;
    private static final int MAX_RECORDS = 20_000;
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

    @ParameterizedTest
    @ValueSource(strings = {"range", "cooperative-sticky"})
    void shouldSeeEveryRecordWhileMembersComeAndGo(String strategy) throws Exception {
        String topic = "churn-" + strategy;
        admin.createTopics(List.of(new NewTopic(topic, PARTITIONS, (short) 1))).all().get(30, TimeUnit.SECONDS);
        Set<String> acked = ConcurrentHashMap.newKeySet();
        Map<String, Integer> seen = GroupMemberRunner.newSeenMap();
        AtomicBoolean stopProducing = new AtomicBoolean();
        ExecutorService producerThread = Executors.newSingleThreadExecutor();
        Map<String, GroupMemberRunner> live = new LinkedHashMap<>();
        try {
            Future<?> producing = producerThread.submit(() -> produce(topic, acked, stopProducing));
            Map<String, Object> props = Map.of("bootstrap.servers", cluster.bootstrapServers(),
                "group.id", "g-" + strategy, "auto.offset.reset", "earliest", "enable.auto.commit", "false",
                "session.timeout.ms", "6000", "heartbeat.interval.ms", "200",
                "partition.assignment.strategy", strategy);
            Map<String, Set<TopicPartition>> settled = new HashMap<>();
            List<String> steps = List.of("+a", "+b", "+c", "-a", "+d", "-b");
            for (String step : steps) {
                String name = step.substring(1);
                if (step.startsWith("+")) {
                    live.put(name, new GroupMemberRunner(name, props, seen,
                        call -> call.consumer().subscribe(List.of(topic), call.listener()), Duration.ofSeconds(90)));
                } else {
                    live.remove(name).close();
                }
                Map<String, Integer> revokedBefore = new HashMap<>();
                live.forEach((n, m) -> revokedBefore.put(n, m.revoked.size()));
                GroupMemberRunner.awaitSettled(live, PARTITIONS);
                Map<String, Set<TopicPartition>> now = new HashMap<>();
                live.forEach((n, m) -> now.put(n, m.assignment()));
                if (strategy.equals("cooperative-sticky")) {
                    for (String stayer : settled.keySet()) {
                        if (!now.containsKey(stayer)) {
                            continue;
                        }
                        Set<TopicPartition> revoked = new HashSet<>();
                        GroupMemberRunner member = live.get(stayer);
                        member.revoked.subList(revokedBefore.get(stayer), member.revoked.size()).forEach(revoked::addAll);
                        Set<TopicPartition> left = new HashSet<>(settled.get(stayer));
                        left.removeAll(now.get(stayer));
                        assertEquals(left, revoked, stayer + " was told to revoke more than what moved away at step "
                            + step + ": before " + settled.get(stayer) + ", after " + now.get(stayer));
                        assertTrue(now.get(stayer).containsAll(diff(settled.get(stayer), revoked)),
                            stayer + " lost unmoved partitions at step " + step);
                    }
                }
                settled = now;
            }
            stopProducing.set(true);
            producing.get(30, TimeUnit.SECONDS);
            TestUtils.waitForCondition(() -> seen.keySet().containsAll(acked), Duration.ofSeconds(60),
                () -> "records never seen: " + diff(acked, seen.keySet()).size() + " of " + acked.size());
            assertTrue(acked.size() > 100, "the producer wrote only " + acked.size() + " records");
            for (GroupMemberRunner member : live.values()) {
                assertNull(member.failure(), member.name + " failed");
                assertTrue(member.lost.isEmpty(), member.name + " lost partitions: " + member.lost);
            }
        } finally {
            stopProducing.set(true);
            for (GroupMemberRunner member : live.values()) {
                member.close();
            }
            producerThread.shutdownNow();
        }
    }


    private static Void produce(String topic, Set<String> acked, AtomicBoolean stop) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of("bootstrap.servers",
            cluster.bootstrapServers(), "linger.ms", "5"), new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < MAX_RECORDS && !stop.get() && System.nanoTime() < deadline; i++) {
                String value = topic + "-" + i;
                producer.send(new ProducerRecord<>(topic, "k" + i, value), (metadata, e) -> {
                    if (e == null) {
                        acked.add(value);
                    }
                });
                if (i % 50 == 49) {
                    producer.flush(); // a steady trickle rather than one burst
                }
            }
            producer.flush();
        }
        return null;
    }

    private static <T> Set<T> diff(Set<T> a, Set<T> b) {
        Set<T> out = new HashSet<>(a);
        out.removeAll(b);
        return out;
    }
}
