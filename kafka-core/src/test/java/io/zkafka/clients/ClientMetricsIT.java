package io.zkafka.clients;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkafka.clients.admin.Admin;
import io.zkafka.clients.admin.NewTopic;
import io.zkafka.clients.consumer.KafkaConsumer;
import io.zkafka.clients.producer.KafkaProducer;
import io.zkafka.clients.producer.ProducerRecord;
import io.zkafka.common.Metric;
import io.zkafka.common.MetricName;
import io.zkafka.common.serialization.StringDeserializer;
import io.zkafka.common.serialization.StringSerializer;
import io.zkafka.test.TestUtils;
import io.zkafka.test.ZKafkaCluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The clients' metrics() against a real broker: Kafka's names, groups and tags, and values that add up. */
class ClientMetricsIT {
    private static final int RECORDS = 5_000;
    private static final String TOPIC = "metered";
    private static ZKafkaCluster cluster;
    private static Admin admin;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = ZKafkaCluster.builder().brokers(1).forConsumerGroups(1)
            .brokerConfig("auto.create.topics.enable", "false").build();
        admin = Admin.create(Map.of("bootstrap.servers", cluster.bootstrapServers(), "client.id", "metered-admin"));
        admin.createTopics(List.of(new NewTopic(TOPIC, 2, (short) 1))).all().get(30, TimeUnit.SECONDS);
    }

    @AfterAll
    static void stopCluster() throws Exception {
        if (admin != null) {
            admin.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    /** The value of the metric of this group and name whose tags are exactly {@code tags}. */
    private static double value(Map<MetricName, ? extends Metric> metrics, String group, String name,
                                Map<String, String> tags) {
        Metric metric = metrics.get(new MetricName(name, group, "", tags));
        assertNotNull(metric, () -> "no metric " + group + ":" + name + ":" + tags + " among " + metrics.keySet());
        assertEquals(metric.metricName().name(), name);
        return (Double) metric.metricValue();
    }

    @Test
    void shouldCountWhatIsProducedAndConsumedUnderKafkasNames() throws Exception {
        Map<String, String> producerTags = Map.of("client-id", "metered-producer");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                "bootstrap.servers", cluster.bootstrapServers(), "client.id", "metered-producer", "linger.ms", "5",
                "acks", "all"), new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < RECORDS; i++) {
                producer.send(new ProducerRecord<>(TOPIC, "key-" + i, "value-" + i));
            }
            producer.flush();
            Map<MetricName, ? extends Metric> metrics = producer.metrics();
            assertEquals(RECORDS, value(metrics, "producer-metrics", "record-send-total", producerTags));
            assertEquals(0.0, value(metrics, "producer-metrics", "record-error-total", producerTags));
            assertEquals(0.0, value(metrics, "producer-metrics", "record-retry-total", producerTags));
            assertTrue(value(metrics, "producer-metrics", "record-send-rate", producerTags) > 0);
            assertTrue(value(metrics, "producer-metrics", "request-latency-avg", producerTags) > 0);
            assertTrue(value(metrics, "producer-metrics", "request-latency-max", producerTags)
                >= value(metrics, "producer-metrics", "request-latency-avg", producerTags));
            assertTrue(value(metrics, "producer-metrics", "request-total", producerTags) > 0);
            assertTrue(value(metrics, "producer-metrics", "outgoing-byte-total", producerTags) > RECORDS * 10.0);
            assertTrue(value(metrics, "producer-metrics", "connection-count", producerTags) >= 1);
            assertTrue(value(metrics, "producer-metrics", "batch-size-avg", producerTags) > 0);
            assertTrue(value(metrics, "producer-metrics", "records-per-request-avg", producerTags) >= 1);
            assertEquals(1.0, value(metrics, "producer-metrics", "compression-rate-avg", producerTags), 1e-9,
                "uncompressed batches");
            assertTrue(value(metrics, "producer-metrics", "record-queue-time-max", producerTags) >= 0);
            assertEquals(0.0, value(metrics, "producer-metrics", "produce-throttle-time-avg", producerTags));
            assertTrue(value(metrics, "producer-metrics", "record-size-max", producerTags) > "value-4999".length());
            assertEquals(0.0, value(metrics, "producer-metrics", "requests-in-flight", producerTags), "all answered");
            TestUtils.waitForCondition(() -> value(producer.metrics(), "producer-metrics", "buffer-available-bytes",
                producerTags) == 33_554_432.0, Duration.ofSeconds(30), "every batch's memory went back to the pool");
            Map<String, String> topicTags = Map.of("client-id", "metered-producer", "topic", TOPIC);
            assertEquals(RECORDS, value(metrics, "producer-topic-metrics", "record-send-total", topicTags));
            assertTrue(value(metrics, "producer-topic-metrics", "byte-total", topicTags) > RECORDS * 10.0);
            assertTrue(value(metrics, "producer-topic-metrics", "byte-rate", topicTags) > 0);
        }

        Map<String, String> consumerTags = Map.of("client-id", "metered-consumer");
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                "bootstrap.servers", cluster.bootstrapServers(), "client.id", "metered-consumer",
                "group.id", "metered-group", "auto.offset.reset", "earliest", "enable.auto.commit", "false",
                "heartbeat.interval.ms", "100", "session.timeout.ms", "6000",
                // short windows, so that the lag of the first polls leaves records-lag-max within seconds
                "metrics.sample.window.ms", "500", "metrics.num.samples", "2"),
                new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(TOPIC));
            List<String> values = new ArrayList<>();
            boolean sawLag = false;
            long deadline = System.currentTimeMillis() + 60_000;
            while (values.size() < RECORDS && System.currentTimeMillis() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> values.add(r.value()));
                if (!values.isEmpty() && values.size() < RECORDS && !sawLag) {
                    sawLag = value(consumer.metrics(), "consumer-fetch-manager-metrics", "records-lag-max",
                        consumerTags) > 0;
                }
            }
            assertEquals(RECORDS, values.size());
            assertTrue(sawLag, "records-lag-max was above 0 while the consumer was behind");
            Map<MetricName, ? extends Metric> metrics = consumer.metrics();
            String fetch = "consumer-fetch-manager-metrics";
            assertEquals(RECORDS, value(metrics, fetch, "records-consumed-total", consumerTags));
            assertEquals(RECORDS, value(metrics, fetch, "records-consumed-total",
                Map.of("client-id", "metered-consumer", "topic", TOPIC)));
            assertTrue(value(metrics, fetch, "bytes-consumed-total", consumerTags) > RECORDS * 10.0);
            assertTrue(value(metrics, fetch, "fetch-total", consumerTags) > 0);
            assertTrue(value(metrics, fetch, "fetch-latency-avg", consumerTags) > 0);
            assertTrue(value(metrics, fetch, "fetch-size-max", consumerTags) > 0);
            TestUtils.retryUntilPassing(Duration.ofSeconds(30), () -> {
                consumer.poll(Duration.ofMillis(100));
                Map<MetricName, ? extends Metric> now = consumer.metrics();
                assertEquals(0.0, value(now, fetch, "records-lag-max", consumerTags), "caught up");
                for (int partition = 0; partition < 2; partition++) {
                    Map<String, String> partitionTags = Map.of("client-id", "metered-consumer", "topic", TOPIC,
                        "partition", String.valueOf(partition));
                    assertEquals(0.0, value(now, fetch, "records-lag", partitionTags));
                    assertEquals(0.0, value(now, fetch, "records-lag-max", partitionTags));
                    assertEquals(0.0, value(now, fetch, "records-lag-avg", partitionTags));
                }
            });

            assertTrue(value(metrics, "consumer-metrics", "request-latency-avg", consumerTags) > 0);
            assertTrue(value(metrics, "consumer-metrics", "request-total", consumerTags) > 0);
            assertTrue(value(metrics, "consumer-metrics", "connection-count", consumerTags) >= 1);
            assertTrue(value(metrics, "consumer-metrics", "time-between-poll-max", consumerTags) >= 0);

            String coordinator = "consumer-coordinator-metrics";
            assertTrue(value(metrics, coordinator, "join-total", consumerTags) >= 1);
            assertTrue(value(metrics, coordinator, "sync-total", consumerTags) >= 1);
            assertTrue(value(metrics, coordinator, "rebalance-total", consumerTags) >= 1);
            assertTrue(value(metrics, coordinator, "rebalance-latency-total", consumerTags) >= 0);
            assertEquals(2.0, value(metrics, coordinator, "assigned-partitions", consumerTags));
            consumer.commitSync();
            assertTrue(value(consumer.metrics(), coordinator, "commit-total", consumerTags) >= 1);
            assertTrue(value(consumer.metrics(), coordinator, "commit-latency-avg", consumerTags) > 0);
            TestUtils.retryUntilPassing(Duration.ofSeconds(30), () -> {
                consumer.poll(Duration.ofMillis(100));
                assertTrue(value(consumer.metrics(), coordinator, "heartbeat-total", consumerTags) >= 1);
                assertTrue(value(consumer.metrics(), coordinator, "heartbeat-rate", consumerTags) > 0);
            });
        }

        Map<String, String> adminTags = Map.of("client-id", "metered-admin");
        admin.describeTopics(List.of(TOPIC)).allTopicNames().get(30, TimeUnit.SECONDS); // a request in the window
        Map<MetricName, ? extends Metric> adminMetrics = admin.metrics();
        assertTrue(value(adminMetrics, "admin-client-metrics", "request-total", adminTags) >= 1);
        assertTrue(value(adminMetrics, "admin-client-metrics", "request-latency-avg", adminTags) > 0);
        assertTrue(value(adminMetrics, "admin-client-metrics", "connection-count", adminTags) >= 1);
    }
}
