package io.zkafka.broker.group;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.codahale.metrics.Gauge;
import com.codahale.metrics.MetricRegistry;
import io.zkafka.clients.admin.Admin;
import io.zkafka.clients.admin.NewTopic;
import io.zkafka.clients.consumer.KafkaConsumer;
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
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The coordinator's registry after known commits: groups by state, the commit and rebalance meters,
 * and consumer lag per partition (local and remote high watermarks) with its per-group totals, gone
 * once the group's offsets expire.
 */
class GroupMetricsIT {
    private static final int PARTITIONS = 4;
    private static final String MANAGER = "kafka.coordinator.group:type=GroupMetadataManager,name=";

    @Test
    void shouldPublishGroupStatesCommitRateAndConsumerLagOnTheCoordinator() throws Exception {
        try (ZKafkaCluster cluster = ZKafkaCluster.builder().brokers(2)
                .brokerConfig("offsets.topic.num.partitions", 1)
                .brokerConfig("offsets.topic.replication.factor", 2)
                .brokerConfig("group.initial.rebalance.delay.ms", 0)
                .brokerConfig("group.min.session.timeout.ms", 1000)
                .brokerConfig("group.lag.refresh.interval.ms", 200)
                .brokerConfig("offsets.retention.ms", 6000)
                .brokerConfig("offsets.retention.check.interval.ms", 200)
                .build();
             Admin admin = Admin.create(Map.of("bootstrap.servers", cluster.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic("events", PARTITIONS, (short) 1))).all().get(30, TimeUnit.SECONDS);
            List<TopicPartition> events = IntStream.range(0, PARTITIONS)
                .mapToObj(p -> new TopicPartition("events", p)).toList();
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of("bootstrap.servers",
                cluster.bootstrapServers(), "acks", "all"), new StringSerializer(), new StringSerializer())) {
                for (TopicPartition tp : events) {
                    for (int i = 0; i < highWatermark(tp); i++) {
                        producer.send(new ProducerRecord<>("events", tp.partition(), "k", "v" + i));
                    }
                }
                producer.flush();
            }
            try (KafkaConsumer<String, String> idle = subscribed(cluster, "g-idle")) {
                OffsetRetentionIT.commitAsMember(idle, Map.of(events.get(0), new OffsetAndMetadata(1)));
            }
            KafkaConsumer<String, String> lagging = subscribed(cluster, "g-lag");
            try {
                OffsetRetentionIT.commitAsMember(lagging, events.stream().collect(Collectors.toMap(tp -> tp,
                    tp -> new OffsetAndMetadata(committed(tp)))));

                int coordinatorId = OffsetRetentionIT.leaderOf(cluster, new TopicPartition(OffsetsTopic.NAME, 0));
                MetricRegistry registry = cluster.broker(coordinatorId).metrics().registry();
                TestUtils.waitForCondition(() -> gauge(registry, MANAGER + "NumGroups").equals(2)
                        && gauge(registry, MANAGER + "NumGroupsStable").equals(1)
                        && gauge(registry, MANAGER + "NumGroupsEmpty").equals(1), Duration.ofSeconds(20),
                    () -> "one stable and one empty group: " + gauges(registry, MANAGER));
                assertEquals(0, gauge(registry, MANAGER + "NumGroupsDead"));
                assertEquals(0, gauge(registry, MANAGER + "NumGroupsPreparingRebalance"));
                assertEquals(0, gauge(registry, MANAGER + "NumGroupsCompletingRebalance"));
                assertEquals(PARTITIONS + 1, gauge(registry, MANAGER + "NumOffsets"));
                assertEquals(PARTITIONS + 1, registry.meter(MANAGER + "OffsetCommits").getCount());
                assertTrue(registry.meter(GroupMetrics.COORDINATOR + "RebalanceRate").getCount() >= 2,
                    "each group formed a generation");

                assertTrue(events.stream().anyMatch(tp -> cluster.broker(coordinatorId).replicaManager().partition(tp)
                    .isEmpty()), "some partition's high watermark comes from the other broker");
                TestUtils.waitForCondition(() -> events.stream().allMatch(tp ->
                        Objects.equals(gauge(registry, ConsumerLagMonitor.partitionName("g-lag", tp)), lag(tp))),
                    Duration.ofSeconds(20), () -> "lag per partition: " + gauges(registry, ConsumerLagMonitor.PREFIX));
                long sum = events.stream().mapToLong(GroupMetricsIT::lag).sum();
                long max = events.stream().mapToLong(GroupMetricsIT::lag).max().orElseThrow();
                TestUtils.waitForCondition(() -> Objects.equals(gauge(registry, ConsumerLagMonitor.PREFIX
                        + "g-lag,name=SumLag"), sum) && Objects.equals(gauge(registry, ConsumerLagMonitor.PREFIX
                        + "g-lag,name=MaxLag"), max), Duration.ofSeconds(20),
                    () -> "group totals: " + gauges(registry, ConsumerLagMonitor.PREFIX));

                lagging.close();
                TestUtils.waitForCondition(() -> gauges(registry, ConsumerLagMonitor.PREFIX).isEmpty()
                        && gauge(registry, MANAGER + "NumGroups").equals(0), Duration.ofSeconds(30),
                    () -> "the lag gauges went with the expired groups: " + gauges(registry, ConsumerLagMonitor.PREFIX));
                assertEquals(PARTITIONS + 1, registry.meter(MANAGER + "OffsetsExpired").getCount());
            } finally {
                lagging.close();
            }
        }
    }

    private static long highWatermark(TopicPartition tp) {
        return (tp.partition() + 1) * 10L;
    }

    private static long committed(TopicPartition tp) {
        return tp.partition() * 3L;
    }

    private static long lag(TopicPartition tp) {
        return highWatermark(tp) - committed(tp);
    }

    private static Object gauge(MetricRegistry registry, String name) {
        Gauge<?> gauge = registry.getGauges().get(name);
        return gauge == null ? null : gauge.getValue();
    }

    private static Map<String, Object> gauges(MetricRegistry registry, String prefix) {
        Map<String, Object> values = new HashMap<>();
        registry.getGauges((name, metric) -> name.startsWith(prefix)).forEach((n, g) -> values.put(n, g.getValue()));
        return values;
    }

    private static KafkaConsumer<String, String> subscribed(ZKafkaCluster cluster, String group) {
        Map<String, Object> config = new HashMap<>();
        config.put("bootstrap.servers", cluster.bootstrapServers());
        config.put("group.id", group);
        config.put("enable.auto.commit", "false");
        config.put("session.timeout.ms", "6000");
        config.put("heartbeat.interval.ms", "300");
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
            new StringDeserializer());
        consumer.subscribe(List.of("events"));
        TestUtils.waitForCondition(() -> {
            consumer.poll(Duration.ofMillis(500));
            return consumer.assignment().size() == PARTITIONS;
        }, Duration.ofSeconds(30), () -> group + " owns every partition");
        return consumer;
    }
}
