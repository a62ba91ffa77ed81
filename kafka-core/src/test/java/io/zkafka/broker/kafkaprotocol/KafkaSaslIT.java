package io.zkafka.broker.kafkaprotocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkafka.broker.auth.ListenerSasl;
import io.zkafka.clients.admin.Admin;
import io.zkafka.clients.admin.NewTopic;
import io.zkafka.common.security.ScramMechanism;
import io.zkafka.config.KafkaConfig;
import io.zkafka.coordination.CoordinationClient;
import io.zkafka.coordination.CoordinationConfig;
import io.zkafka.server.KafkaServer;
import io.zkafka.test.TestCertificates;
import io.zkafka.test.TestUtils;
import io.zkafka.test.ZKafkaCluster;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.UnsupportedSaslMechanismException;
import org.apache.kafka.common.message.MetadataRequestData;
import org.apache.kafka.common.requests.MetadataRequest;
import org.apache.kafka.common.requests.RequestHeader;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * SASL on the Kafka listener with Kafka 3.9's own Java client: PLAIN, SCRAM-SHA-256 and SCRAM-SHA-512
 * over SASL_PLAINTEXT (two brokers) and SASL_SSL (one broker, certificates made in the test); SCRAM
 * credentials written to ZooKeeper while the brokers run, known to every broker within a second; a wrong
 * password, an unknown user, an unknown mechanism and a client without SASL refused with Kafka's errors,
 * counted, while an authenticated producer on the same broker carries on.
 */
class KafkaSaslIT {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String BROKER_JAAS = "org.apache.kafka.common.security.plain.PlainLoginModule required "
        + "username=\"admin\" password=\"admin-secret\" user_admin=\"admin-secret\" user_alice=\"alice-secret\";";
    private static ZKafkaCluster plaintext;
    private static ZKafkaCluster ssl;
    private static Path dir;
    private static TestCertificates certs;
    private static CoordinationClient zk;

    @BeforeAll
    static void start() throws Exception {
        dir = Files.createTempDirectory("zkafka-sasl-");
        certs = TestCertificates.create(dir);
        plaintext = ZKafkaCluster.builder().brokers(2).kafkaListener()
            .brokerConfig(KafkaConfig.LISTENER_SECURITY_PROTOCOL_MAP, "PLAINTEXT:PLAINTEXT,KAFKA:SASL_PLAINTEXT")
            .brokerConfig(KafkaConfig.SASL_JAAS_CONFIG, BROKER_JAAS)
            .build();
        ZKafkaCluster.Builder sslBuilder = ZKafkaCluster.builder().brokers(1).kafkaListener()
            .brokerConfig(KafkaConfig.LISTENER_SECURITY_PROTOCOL_MAP, "PLAINTEXT:PLAINTEXT,KAFKA:SASL_SSL")
            .brokerConfig("listener.name.kafka.plain.sasl.jaas.config", BROKER_JAAS);
        certs.serverConfig(certs.signed("broker")).forEach(sslBuilder::brokerConfig);
        ssl = sslBuilder.build();
        zk = new CoordinationClient(CoordinationConfig.from(Map.of(CoordinationConfig.ZOOKEEPER_CONNECT,
            plaintext.zookeeperConnect())));
        zk.start();
        addScramUser(zk, "bob", "bob-secret", 4096);
        try (CoordinationClient sslZk = new CoordinationClient(CoordinationConfig.from(Map.of(
                CoordinationConfig.ZOOKEEPER_CONNECT, ssl.zookeeperConnect())))) {
            sslZk.start();
            addScramUser(sslZk, "bob", "bob-secret", 8192);
        }
        for (ZKafkaCluster cluster : List.of(plaintext, ssl)) {
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", cluster.bootstrapServers()))) {
                admin.createTopics(List.of(new NewTopic("sasl", 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
            }
            waitForUser(cluster, "bob");
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (zk != null) {
            zk.close();
        }
        for (ZKafkaCluster cluster : new ZKafkaCluster[] {plaintext, ssl}) {
            if (cluster != null) {
                cluster.close();
            }
        }
        if (dir != null) {
            try (var walk = Files.walk(dir)) {
                for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    private static void addScramUser(CoordinationClient client, String user, String password, int iterations) {
        client.userConfigs().update(user, config -> {
            for (ScramMechanism mechanism : ScramMechanism.values()) {
                config.put(mechanism.mechanismName(), mechanism.credential(password, iterations).format());
            }
            return config;
        });
    }

    private static void waitForUser(ZKafkaCluster cluster, String user) {
        TestUtils.waitForCondition(() -> cluster.runningBrokers().stream()
            .allMatch(b -> b.credentials().get(ScramMechanism.SCRAM_SHA_256, user) != null), WAIT,
            () -> "every broker knows user " + user);
    }

    private static Map<String, Object> client(ZKafkaCluster cluster, String protocol, String mechanism, String user,
                                              String password) {
        Map<String, Object> config = new HashMap<>();
        if (protocol.equals("SASL_SSL")) {
            config.putAll(certs.clientConfig(null));
        }
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.kafkaBootstrapServers());
        config.put("security.protocol", protocol);
        config.put("sasl.mechanism", mechanism);
        String module = mechanism.equals("PLAIN") ? "org.apache.kafka.common.security.plain.PlainLoginModule"
            : "org.apache.kafka.common.security.scram.ScramLoginModule";
        config.put("sasl.jaas.config", module + " required username=\"" + user + "\" password=\"" + password + "\";");
        return config;
    }

    /** Produces {@code count} records and reads them back from the start with Kafka's client. */
    private static void produceAndConsume(Map<String, Object> client, String tag, int count) {
        Map<String, Object> producerConfig = new HashMap<>(client);
        producerConfig.put(ProducerConfig.ACKS_CONFIG, "all");
        producerConfig.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 20_000);
        producerConfig.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        long firstOffset;
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerConfig, new StringSerializer(),
                new StringSerializer())) {
            firstOffset = producer.send(new ProducerRecord<>("sasl", tag + "-0")).get(30, TimeUnit.SECONDS).offset();
            for (int i = 1; i < count; i++) {
                producer.send(new ProducerRecord<>("sasl", tag + "-" + i));
            }
            producer.flush();
        } catch (Exception e) {
            throw new AssertionError("producing as " + tag + " failed", e);
        }
        Map<String, Object> consumerConfig = new HashMap<>(client);
        consumerConfig.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerConfig, new StringDeserializer(),
                new StringDeserializer())) {
            TopicPartition tp = new TopicPartition("sasl", 0);
            consumer.assign(List.of(tp));
            consumer.seek(tp, firstOffset);
            TestUtils.waitForCondition(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> values.add(r.value()));
                return values.size() >= count;
            }, WAIT, () -> tag + ": read " + values.size() + " of " + count);
        }
        for (int i = 0; i < count; i++) {
            assertEquals(tag + "-" + i, values.get(i));
        }
    }

    @Test
    void shouldLogKcatInWithScram() throws Exception {
        Path kcat = ExternalClients.kcat();
        for (String mechanism : List.of("SCRAM-SHA-256", "SCRAM-SHA-512")) {
            // librdkafka repeats its own nonce before the combined one in the client-final message
            String metadata = ExternalClients.run(List.of(kcat.toString(), "-b", plaintext.kafkaBootstrapServers(),
                "-X", "security.protocol=SASL_PLAINTEXT", "-X", "sasl.mechanisms=" + mechanism,
                "-X", "sasl.username=bob", "-X", "sasl.password=bob-secret", "-L"), null, dir, 60);
            assertTrue(metadata.contains("topic \"sasl\" with 1 partitions"), mechanism + ":\n" + metadata);
        }
    }

    @Test
    void kafkaClientsProduceAndConsumeWithEveryMechanismOverSaslPlaintext() {
        produceAndConsume(client(plaintext, "SASL_PLAINTEXT", "PLAIN", "alice", "alice-secret"), "plain", 200);
        produceAndConsume(client(plaintext, "SASL_PLAINTEXT", "SCRAM-SHA-256", "bob", "bob-secret"), "scram256", 200);
        produceAndConsume(client(plaintext, "SASL_PLAINTEXT", "SCRAM-SHA-512", "bob", "bob-secret"), "scram512", 200);
    }

    @Test
    void kafkaClientsProduceAndConsumeWithEveryMechanismOverSaslSsl() {
        produceAndConsume(client(ssl, "SASL_SSL", "PLAIN", "alice", "alice-secret"), "ssl-plain", 200);
        produceAndConsume(client(ssl, "SASL_SSL", "SCRAM-SHA-256", "bob", "bob-secret"), "ssl-scram256", 200);
        produceAndConsume(client(ssl, "SASL_SSL", "SCRAM-SHA-512", "bob", "bob-secret"), "ssl-scram512", 200);
    }

    @Test
    void aUserAddedInZooKeeperAuthenticatesOnEveryBrokerWithinASecond() throws Exception {
        addScramUser(zk, "carol", "carol-secret", 4096);
        TestUtils.waitForCondition(() -> plaintext.runningBrokers().stream()
            .allMatch(b -> b.credentials().get(ScramMechanism.SCRAM_SHA_512, "carol") != null), Duration.ofSeconds(1),
            "every broker knows carol within a second");
        for (KafkaServer broker : plaintext.runningBrokers()) {
            Map<String, Object> config = client(plaintext, "SASL_PLAINTEXT", "SCRAM-SHA-512", "carol", "carol-secret");
            config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + broker.kafkaEndpoints().get("KAFKA").port());
            try (org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(config)) {
                assertNotNull(admin.describeCluster().clusterId().get(30, TimeUnit.SECONDS));
            }
        }
        // a changed password: the old one fails from then on
        addScramUser(zk, "carol", "carol-new", 4096);
        TestUtils.retryUntilPassing(Duration.ofSeconds(1), () -> assertRefused(
            client(plaintext, "SASL_PLAINTEXT", "SCRAM-SHA-512", "carol", "carol-secret"), SaslAuthenticationException.class));
    }

    @Test
    void badCredentialsAndMechanismsAreRefusedWhileOtherConnectionsCarryOn() throws Exception {
        KafkaServer broker = plaintext.runningBrokers().get(0);
        Map<String, Object> good = client(plaintext, "SASL_PLAINTEXT", "SCRAM-SHA-256", "bob", "bob-secret");
        good.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + broker.kafkaEndpoints().get("KAFKA").port());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(good, new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>("sasl", "before")).get(30, TimeUnit.SECONDS);
            long failedBefore = failed(plaintext);

            Throwable wrongPassword = assertRefused(client(plaintext, "SASL_PLAINTEXT", "SCRAM-SHA-256", "bob", "nope"),
                SaslAuthenticationException.class);
            assertTrue(wrongPassword.getMessage().contains("Authentication failed"), wrongPassword.getMessage());
            assertRefused(client(plaintext, "SASL_PLAINTEXT", "PLAIN", "alice", "wrong"), SaslAuthenticationException.class);
            assertRefused(client(plaintext, "SASL_PLAINTEXT", "SCRAM-SHA-512", "mallory", "x"), SaslAuthenticationException.class);
            assertRefused(client(plaintext, "SASL_PLAINTEXT", "PLAIN", "mallory", "x"), SaslAuthenticationException.class);
            Map<String, Object> oauth = client(plaintext, "SASL_PLAINTEXT", "OAUTHBEARER", "alice", "x");
            oauth.put("sasl.jaas.config", "org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule required "
                + "unsecuredLoginStringClaim_sub=\"alice\";");
            Throwable unknownMechanism = assertRefused(oauth, UnsupportedSaslMechanismException.class);
            assertTrue(unknownMechanism.getMessage().contains("PLAIN"), unknownMechanism.getMessage());
            assertPlaintextRequestClosed(broker.kafkaEndpoints().get("KAFKA").port());

            TestUtils.waitForCondition(() -> failed(plaintext) >= failedBefore + 6, WAIT,
                () -> "six failed authentications counted, counted " + (failed(plaintext) - failedBefore));
            // the authenticated connection was not disturbed
            producer.send(new ProducerRecord<>("sasl", "after")).get(30, TimeUnit.SECONDS);
        }
    }

    private static long failed(ZKafkaCluster cluster) {
        long total = 0;
        for (KafkaServer broker : cluster.runningBrokers()) {
            var meter = broker.metrics().registry().getMeters().get(ListenerSasl.failedMetricName("KAFKA"));
            total += meter == null ? 0 : meter.getCount();
        }
        return total;
    }

    /** Kafka's Admin with {@code config} fails at once (no endless retry) with an exception of {@code expected}. */
    private static Throwable assertRefused(Map<String, Object> config, Class<? extends Throwable> expected) {
        Map<String, Object> adminConfig = new HashMap<>(config);
        adminConfig.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 20_000);
        adminConfig.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 20_000);
        try (org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(adminConfig)) {
            ExecutionException e = assertThrows(ExecutionException.class,
                () -> admin.describeCluster().clusterId().get(30, TimeUnit.SECONDS));
            return assertInstanceOf(expected, e.getCause());
        }
    }

    /** A Metadata request without authenticating first: the broker closes the connection without an answer. */
    private static void assertPlaintextRequestClosed(int port) throws IOException {
        RequestHeader header = new RequestHeader(org.apache.kafka.common.protocol.ApiKeys.METADATA, (short) 4, "raw", 7);
        ByteBuffer bytes = new MetadataRequest(new MetadataRequestData(), (short) 4).serializeWithHeader(header);
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(20_000);
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            out.writeInt(bytes.remaining());
            out.write(bytes.array(), bytes.arrayOffset() + bytes.position(), bytes.remaining());
            out.flush();
            try {
                int read = new DataInputStream(socket.getInputStream()).read();
                assertEquals(-1, read, "the broker answered a request made before authentication");
            } catch (SocketException | EOFException e) {
                // reset: closed as well
            }
        }
    }
}
