package io.zkafka.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkafka.clients.admin.Admin;
import io.zkafka.clients.admin.AlterConfigOp;
import io.zkafka.clients.admin.Config;
import io.zkafka.clients.admin.ConfigEntry;
import io.zkafka.clients.admin.ConfigResource;
import io.zkafka.clients.admin.NewTopic;
import io.zkafka.clients.producer.KafkaProducer;
import io.zkafka.clients.producer.ProducerRecord;
import io.zkafka.common.errors.ApiException;
import io.zkafka.common.errors.RecordTooLargeException;
import io.zkafka.common.protocol.Errors;
import io.zkafka.common.serialization.StringSerializer;
import io.zkafka.test.TestUtils;
import io.zkafka.test.ZKafkaCluster;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Dynamic broker configs on a real three-broker cluster: the cluster-wide defaults and one broker's
 * own, set through any broker, are in force on every broker without a restart (a smaller
 * message.max.bytes refuses a record on an existing topic), a broker's own wins over the defaults,
 * a restarted broker starts with them, keys that cannot change while brokers run and bad values are
 * refused with the reason, and Kafka's own admin client sees the sources it expects.
 */
class DynamicBrokerConfigIT {
    private static final Duration APPLIED_WITHIN = Duration.ofSeconds(10);
    private static ZKafkaCluster cluster;
    private static Admin admin;

    @BeforeAll
    static void start() throws Exception {
        cluster = ZKafkaCluster.builder().brokers(3).kafkaListener().build();
        admin = Admin.create(Map.of("bootstrap.servers", cluster.bootstrapServers()));
        admin.createTopics(List.of(new NewTopic("dyn", 3, (short) 1))).all().get(30, TimeUnit.SECONDS);
    }

    @AfterAll
    static void stop() throws Exception {
        if (admin != null) {
            admin.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    private static ConfigResource broker(String name) {
        return new ConfigResource(ConfigResource.Type.BROKER, name);
    }

    private static void set(String brokerName, String key, String value) throws Exception {
        AlterConfigOp op = value == null ? new AlterConfigOp(new ConfigEntry(key, ""), AlterConfigOp.OpType.DELETE)
            : new AlterConfigOp(new ConfigEntry(key, value), AlterConfigOp.OpType.SET);
        admin.incrementalAlterConfigs(Map.of(broker(brokerName), List.of(op))).all().get(30, TimeUnit.SECONDS);
    }

    private static ConfigEntry entry(int brokerId, String key) {
        try {
            ConfigResource resource = broker(String.valueOf(brokerId));
            Config config = admin.describeConfigs(List.of(resource)).all().get(30, TimeUnit.SECONDS).get(resource);
            return config.get(key);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static void awaitOnEveryBroker(String key, String value, ConfigEntry.ConfigSource source) {
        for (int id = 1; id <= 3; id++) {
            int brokerId = id;
            TestUtils.waitForCondition(() -> {
                ConfigEntry e = entry(brokerId, key);
                return e != null && value.equals(e.value()) && e.source() == source;
            }, APPLIED_WITHIN, () -> "broker " + brokerId + " shows " + entry(brokerId, key));
        }
    }

    @Test
    void shouldApplyClusterWideAndPerBrokerConfigsWithoutARestart() throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of("bootstrap.servers",
                cluster.bootstrapServers(), "linger.ms", "0"), new StringSerializer(), new StringSerializer())) {
            String big = "x".repeat(5_000);
            producer.send(new ProducerRecord<>("dyn", 0, null, big)).get(30, TimeUnit.SECONDS);

            set("", "message.max.bytes", "2000");
            awaitOnEveryBroker("message.max.bytes", "2000", ConfigEntry.ConfigSource.DYNAMIC_DEFAULT_BROKER_CONFIG);
            for (int p = 0; p < 3; p++) {
                int partition = p;
                ExecutionException refused = assertThrows(ExecutionException.class,
                    () -> producer.send(new ProducerRecord<>("dyn", partition, null, big)).get(30, TimeUnit.SECONDS));
                assertInstanceOf(RecordTooLargeException.class, refused.getCause(), "partition " + p);
            }

            int leaderOfZero = admin.describeTopics(List.of("dyn")).allTopicNames().get(30, TimeUnit.SECONDS)
                .get("dyn").partitions().get(0).leader().id();
            set(String.valueOf(leaderOfZero), "message.max.bytes", "100000");
            TestUtils.waitForCondition(() -> "100000".equals(entry(leaderOfZero, "message.max.bytes").value()),
                APPLIED_WITHIN, "the broker's own value is in force");
            assertEquals(ConfigEntry.ConfigSource.DYNAMIC_BROKER_CONFIG,
                entry(leaderOfZero, "message.max.bytes").source());
            producer.send(new ProducerRecord<>("dyn", 0, null, big)).get(30, TimeUnit.SECONDS);

            cluster.restartBroker(leaderOfZero);
            assertEquals("100000", entry(leaderOfZero, "message.max.bytes").value(), "kept across a restart");
            int other = leaderOfZero == 1 ? 2 : 1;
            cluster.restartBroker(other);
            assertEquals(ConfigEntry.ConfigSource.DYNAMIC_DEFAULT_BROKER_CONFIG,
                entry(other, "message.max.bytes").source());

            set(String.valueOf(leaderOfZero), "message.max.bytes", null);
            set("", "message.max.bytes", null);
            awaitOnEveryBroker("message.max.bytes", "1048588", ConfigEntry.ConfigSource.DEFAULT_CONFIG);
            TestUtils.waitForCondition(() -> {
                try {
                    producer.send(new ProducerRecord<>("dyn", 1, null, big)).get(30, TimeUnit.SECONDS);
                    return true;
                } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
                    return false; // the partition's leader may still be moving after the restarts
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError(e);
                }
            }, Duration.ofSeconds(30), "big records accepted again once the dynamic configs are gone");
        }
    }

    @Test
    void shouldListTheClusterWideConfigsUnderTheEmptyBrokerName() throws Exception {
        set("", "log.retention.ms", "3600000");
        try {
            Config defaults = admin.describeConfigs(List.of(broker(""))).all().get(30, TimeUnit.SECONDS).get(broker(""));
            assertEquals("3600000", defaults.get("log.retention.ms").value());
            awaitOnEveryBroker("log.retention.ms", "3600000", ConfigEntry.ConfigSource.DYNAMIC_DEFAULT_BROKER_CONFIG);
            ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, "dyn");
            TestUtils.waitForCondition(() -> {
                try {
                    return "3600000".equals(admin.describeConfigs(List.of(topic)).all().get(30, TimeUnit.SECONDS)
                        .get(topic).get("retention.ms").value());
                } catch (Exception e) {
                    return false;
                }
            }, APPLIED_WITHIN, "a topic without an override takes the new default");
        } finally {
            set("", "log.retention.ms", null);
        }
    }

    @Test
    void shouldRefuseKeysThatCannotChangeAndBadValuesWithTheReason() {
        ExecutionException fixed = assertThrows(ExecutionException.class, () -> set("", "num.io.threads", "4"));
        assertEquals(Errors.INVALID_CONFIG, assertInstanceOf(ApiException.class, fixed.getCause()).error());
        assertTrue(fixed.getCause().getMessage().contains("Cannot update these configs dynamically: num.io.threads"),
            fixed.getCause().getMessage());
        ExecutionException unknown = assertThrows(ExecutionException.class, () -> set("1", "no.such.key", "4"));
        assertTrue(unknown.getCause().getMessage().contains("Unknown broker config(s): no.such.key"),
            unknown.getCause().getMessage());
        ExecutionException bad = assertThrows(ExecutionException.class, () -> set("2", "log.retention.ms", "soon"));
        assertTrue(bad.getCause().getMessage().contains("log.retention.ms"), bad.getCause().getMessage());
        ExecutionException name = assertThrows(ExecutionException.class, () -> set("one", "log.retention.ms", "1"));
        assertTrue(name.getCause().getMessage().contains("broker id"), name.getCause().getMessage());
    }

    @Test
    void shouldServeKafkasAdminClientTheSameConfigs() throws Exception {
        try (org.apache.kafka.clients.admin.Admin kafkaAdmin = org.apache.kafka.clients.admin.Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.kafkaBootstrapServers()))) {
            org.apache.kafka.common.config.ConfigResource defaults = new org.apache.kafka.common.config.ConfigResource(
                org.apache.kafka.common.config.ConfigResource.Type.BROKER, "");
            kafkaAdmin.incrementalAlterConfigs(Map.of(defaults, List.of(new org.apache.kafka.clients.admin.AlterConfigOp(
                new org.apache.kafka.clients.admin.ConfigEntry("log.segment.bytes", "2097152"),
                org.apache.kafka.clients.admin.AlterConfigOp.OpType.SET)))).all().get(30, TimeUnit.SECONDS);
            try {
                org.apache.kafka.common.config.ConfigResource three = new org.apache.kafka.common.config.ConfigResource(
                    org.apache.kafka.common.config.ConfigResource.Type.BROKER, "3");
                TestUtils.waitForCondition(() -> {
                    try {
                        org.apache.kafka.clients.admin.ConfigEntry e = kafkaAdmin.describeConfigs(List.of(three)).all()
                            .get(30, TimeUnit.SECONDS).get(three).get("log.segment.bytes");
                        return "2097152".equals(e.value()) && e.source()
                            == org.apache.kafka.clients.admin.ConfigEntry.ConfigSource.DYNAMIC_DEFAULT_BROKER_CONFIG
                            && !e.isReadOnly();
                    } catch (Exception e) {
                        return false;
                    }
                }, APPLIED_WITHIN, "Kafka's admin client sees the cluster-wide value on broker 3");
            } finally {
                set("", "log.segment.bytes", null);
            }
        }
    }
}
