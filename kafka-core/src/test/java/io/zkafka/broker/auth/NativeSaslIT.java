package io.zkafka.broker.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkafka.clients.admin.Admin;
import io.zkafka.clients.admin.NewTopic;
import io.zkafka.clients.admin.ScramCredentialInfo;
import io.zkafka.clients.admin.UserScramCredentialUpsertion;
import io.zkafka.clients.consumer.ConsumerRecord;
import io.zkafka.clients.consumer.KafkaConsumer;
import io.zkafka.clients.internals.NetworkClient;
import io.zkafka.clients.producer.KafkaProducer;
import io.zkafka.clients.producer.ProducerRecord;
import io.zkafka.common.errors.AuthenticationException;
import io.zkafka.common.message.MetadataRequest;
import io.zkafka.common.protocol.Errors;
import io.zkafka.common.security.ScramMechanism;
import io.zkafka.common.serialization.StringDeserializer;
import io.zkafka.common.serialization.StringSerializer;
import io.zkafka.config.KafkaConfig;
import io.zkafka.server.KafkaServer;
import io.zkafka.test.TestUtils;
import io.zkafka.test.ZKafkaCluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * SASL on the native listener (SASL_PLAINTEXT) of a two-broker cluster whose brokers log in to each other
 * with PLAIN: ZKafka's producer, consumer and admin client authenticate with PLAIN and SCRAM-SHA-512 and
 * replicate acks=all records across the brokers; a wrong password, an unknown user and a mechanism the
 * listener does not enable fail at once with a non-retriable {@link AuthenticationException} naming the
 * cause; a client without SASL is closed; the authenticated clients carry on.
 */
class NativeSaslIT {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static ZKafkaCluster cluster;

    @BeforeAll
    static void start() throws Exception {
        cluster = ZKafkaCluster.builder().brokers(2)
            .brokerConfig(KafkaConfig.LISTENER_SECURITY_PROTOCOL_MAP, "PLAINTEXT:SASL_PLAINTEXT")
            .brokerConfig(KafkaConfig.SECURITY_INTER_BROKER_PROTOCOL, "SASL_PLAINTEXT")
            .brokerConfig(KafkaConfig.SASL_MECHANISM_INTER_BROKER_PROTOCOL, "PLAIN")
            .brokerConfig("listener.name.plaintext.sasl.enabled.mechanisms", "PLAIN,SCRAM-SHA-512")
            .brokerConfig(KafkaConfig.SASL_JAAS_CONFIG, "org.apache.kafka.common.security.plain.PlainLoginModule required "
                + "username=\"broker\" password=\"broker-secret\" user_broker=\"broker-secret\" user_admin=\"admin-secret\";")
            .build();
        try (Admin admin = Admin.create(client("PLAIN", "admin", "admin-secret"))) {
            admin.createTopics(List.of(new NewTopic("native-sasl", 1, (short) 2))).all().get(30, TimeUnit.SECONDS);
            admin.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion("frank",
                new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 4096), "frank-secret"))).all().get(30, TimeUnit.SECONDS);
        }
        TestUtils.waitForCondition(() -> cluster.runningBrokers().stream()
            .allMatch(b -> b.credentials().get(ScramMechanism.SCRAM_SHA_512, "frank") != null), WAIT, "brokers know frank");
    }

    @AfterAll
    static void stop() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    private static Map<String, Object> client(String mechanism, String user, String password) {
        Map<String, Object> config = new HashMap<>();
        config.put("bootstrap.servers", cluster.bootstrapServers());
        config.put("security.protocol", "SASL_PLAINTEXT");
        config.put("sasl.mechanism", mechanism);
        String module = mechanism.equals("PLAIN") ? "org.apache.kafka.common.security.plain.PlainLoginModule"
            : "org.apache.kafka.common.security.scram.ScramLoginModule";
        config.put("sasl.jaas.config", module + " required username=\"" + user + "\" password=\"" + password + "\";");
        return config;
    }

    @Test
    void zkafkaClientsProduceReplicateAndConsumeAsPlainAndScramUsers() throws Exception {
        for (Map<String, Object> config : List.of(client("PLAIN", "admin", "admin-secret"),
                client("SCRAM-SHA-512", "frank", "frank-secret"))) {
            String tag = String.valueOf(config.get("sasl.mechanism"));
            Map<String, Object> producerConfig = new HashMap<>(config);
            producerConfig.put("acks", "all");
            long first;
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerConfig, new StringSerializer(),
                    new StringSerializer())) {
                first = producer.send(new ProducerRecord<>("native-sasl", tag + "-0")).get(30, TimeUnit.SECONDS).offset();
                for (int i = 1; i < 300; i++) {
                    producer.send(new ProducerRecord<>("native-sasl", tag + "-" + i));
                }
                producer.flush();
            }
            Map<String, Object> consumerConfig = new HashMap<>(config);
            consumerConfig.put("group.id", "native-sasl-" + tag);
            consumerConfig.put("auto.offset.reset", "earliest");
            List<String> values = new ArrayList<>();
            try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerConfig, new StringDeserializer(),
                    new StringDeserializer())) {
                consumer.subscribe(List.of("native-sasl"));
                TestUtils.waitForCondition(() -> {
                    for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                        if (r.offset() >= first) {
                            values.add(r.value());
                        }
                    }
                    return values.size() >= 300;
                }, WAIT, () -> tag + ": read " + values.size());
            }
            for (int i = 0; i < 300; i++) {
                assertEquals(tag + "-" + i, values.get(i));
            }
        }
        // replicated over the brokers' own SASL connections: both replicas are in sync
        io.zkafka.common.TopicPartition tp = new io.zkafka.common.TopicPartition("native-sasl", 0);
        TestUtils.waitForCondition(() -> cluster.runningBrokers().stream().anyMatch(b -> b.replicaManager().partition(tp)
            .map(p -> p.isLeader() && p.isr().size() == 2).orElse(false)), WAIT, "both replicas in sync");
    }

    @Test
    void badLoginsFailAtOnceWithAnAuthenticationExceptionAndOthersCarryOn() throws Exception {
        try (Admin good = Admin.create(client("SCRAM-SHA-512", "frank", "frank-secret"))) {
            assertNotNull(good.describeCluster().clusterId().get(30, TimeUnit.SECONDS));
            long failedBefore = failed();
            assertRefused(client("SCRAM-SHA-512", "frank", "wrong"), "Authentication failed");
            assertRefused(client("PLAIN", "admin", "wrong"), "Invalid username or password");
            assertRefused(client("SCRAM-SHA-512", "nobody", "x"), "Authentication failed");
            AuthenticationException mechanism = assertRefused(client("SCRAM-SHA-256", "frank", "frank-secret"),
                "SCRAM-SHA-256");
            assertEquals(Errors.UNSUPPORTED_SASL_MECHANISM, mechanism.error());
            Map<String, Object> producerConfig = client("PLAIN", "admin", "wrong");
            producerConfig.put("max.block.ms", 20_000);
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerConfig, new StringSerializer(),
                    new StringSerializer())) {
                long started = System.nanoTime();
                Throwable e = assertThrows(Throwable.class,
                    () -> producer.send(new ProducerRecord<>("native-sasl", "x")).get(30, TimeUnit.SECONDS));
                assertTrue(causes(e, AuthenticationException.class), () -> "producer failed with " + e);
                assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started) < 15_000, "failed fast, no retry loop");
            }
            Map<String, Object> consumerConfig = client("SCRAM-SHA-512", "frank", "wrong");
            consumerConfig.put("group.id", "refused");
            try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerConfig, new StringDeserializer(),
                    new StringDeserializer())) {
                consumer.subscribe(List.of("native-sasl"));
                long started = System.nanoTime();
                Throwable e = assertThrows(Throwable.class, () -> {
                    for (int i = 0; i < 100; i++) {
                        consumer.poll(Duration.ofMillis(200));
                    }
                });
                assertTrue(causes(e, AuthenticationException.class), () -> "consumer failed with " + e);
                assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started) < 15_000, "failed fast, no retry loop");
            }
            // a client without SASL on the SASL port: its request is not answered, the connection closes
            try (NetworkClient plain = new NetworkClient("no-sasl", 1 << 20, 5_000)) {
                ExecutionException closed = assertThrows(ExecutionException.class, () -> plain.call(cluster.bootstrapServers()
                    .split(",")[0], new MetadataRequest(List.of(), false), 10_000).get(30, TimeUnit.SECONDS));
                assertTrue(closed.getCause().getMessage().contains("closed"), closed.getCause()::toString);
            }
            TestUtils.waitForCondition(() -> failed() >= failedBefore + 7, WAIT,
                () -> "seven failures counted, counted " + (failed() - failedBefore));
            assertNotNull(good.describeCluster().clusterId().get(30, TimeUnit.SECONDS));
        }
    }

    private static long failed() {
        long total = 0;
        for (KafkaServer broker : cluster.runningBrokers()) {
            var meter = broker.metrics().registry().getMeters().get(ListenerSasl.failedMetricName("PLAINTEXT"));
            total += meter == null ? 0 : meter.getCount();
        }
        return total;
    }

    private static boolean causes(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    private static AuthenticationException assertRefused(Map<String, Object> config, String messagePart) {
        Map<String, Object> adminConfig = new HashMap<>(config);
        adminConfig.put("default.api.timeout.ms", 20_000);
        try (Admin admin = Admin.create(adminConfig)) {
            long started = System.nanoTime();
            ExecutionException e = assertThrows(ExecutionException.class,
                () -> admin.describeCluster().clusterId().get(30, TimeUnit.SECONDS));
            AuthenticationException refused = assertInstanceOf(AuthenticationException.class, e.getCause(),
                () -> "failed with " + e.getCause());
            assertTrue(refused.getMessage().contains(messagePart), refused::getMessage);
            assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started) < 15_000, "failed fast, no retry loop");
            return refused;
        }
    }
}
