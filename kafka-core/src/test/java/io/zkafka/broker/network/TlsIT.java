package io.zkafka.broker.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkafka.clients.admin.Admin;
import io.zkafka.clients.admin.NewTopic;
import io.zkafka.clients.consumer.ConsumerRecord;
import io.zkafka.clients.consumer.KafkaConsumer;
import io.zkafka.clients.internals.NetworkClient;
import io.zkafka.clients.producer.KafkaProducer;
import io.zkafka.clients.producer.ProducerRecord;
import io.zkafka.common.config.ConfigException;
import io.zkafka.common.message.ApiVersionsRequest;
import io.zkafka.common.security.SslConfigs;
import io.zkafka.common.security.SslContexts;
import io.zkafka.common.serialization.StringDeserializer;
import io.zkafka.common.serialization.StringSerializer;
import io.zkafka.config.KafkaConfig;
import io.zkafka.server.KafkaServer;
import io.zkafka.test.TestCertificates;
import io.zkafka.test.TestUtils;
import io.zkafka.test.ZKafkaCluster;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.Key;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.Base64;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.CommonClientConfigs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * TLS on real brokers with certificates made by keytool in the test: ZKafka's clients on the native
 * listener and Kafka's Java client on the Kafka listener, over SSL, fetching real segment data (which
 * TLS cannot send with sendfile); untrusted and expired server certificates refused by the client;
 * client authentication required; hostile bytes on a TLS port closing only their own connection; a
 * bad key store failing start-up.
 */
class TlsIT {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static Path dir;
    private static TestCertificates certs;
    private static Path brokerStore;
    private static Path clientStore;
    private static ZKafkaCluster cluster;

    @BeforeAll
    static void start() throws Exception {
        dir = Files.createTempDirectory("zkafka-tls-");
        certs = TestCertificates.create(dir);
        brokerStore = certs.signed("broker");
        clientStore = certs.signed("client");
        cluster = tlsCluster(brokerStore, "none");
    }

    @AfterAll
    static void stop() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
        if (dir != null) {
            try (var walk = Files.walk(dir)) {
                for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    /** One broker whose native listener (named PLAINTEXT) and Kafka listener both speak TLS. */
    private static ZKafkaCluster tlsCluster(Path keystore, String clientAuth) throws Exception {
        ZKafkaCluster.Builder builder = ZKafkaCluster.builder().brokers(1).kafkaListener()
            .brokerConfig(KafkaConfig.LISTENER_SECURITY_PROTOCOL_MAP, "PLAINTEXT:SSL,KAFKA:SSL")
            .brokerConfig(SslConfigs.CLIENT_AUTH, clientAuth);
        certs.serverConfig(keystore).forEach(builder::brokerConfig);
        return builder.build();
    }

    private static Map<String, Object> clientConfig(ZKafkaCluster on, Path keystore) {
        Map<String, Object> config = new HashMap<>(certs.clientConfig(keystore));
        config.put("bootstrap.servers", on.bootstrapServers());
        return config;
    }

    @Test
    void zkafkaClientsProduceAndFetchSegmentDataOverTls() throws Exception {
        Map<String, Object> client = clientConfig(cluster, null);
        try (Admin admin = Admin.create(client)) {
            admin.createTopics(List.of(new NewTopic("tls-native", 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
        int records = 6_000;
        String padding = "x".repeat(1_000); // ~6 MB: fetches of whole 1 MB pieces and a partial one
        Map<String, Object> producerConfig = new HashMap<>(client);
        producerConfig.put("linger.ms", 5);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerConfig, new StringSerializer(),
            new StringSerializer())) {
            for (int i = 0; i < records; i++) {
                producer.send(new ProducerRecord<>("tls-native", Integer.toString(i), i + ":" + padding));
            }
            producer.flush();
        }
        List<String> values = consumeAll(client, "tls-native", records);
        for (int i = 0; i < records; i++) {
            assertEquals(i + ":" + padding, values.get(i), "record " + i);
        }
    }

    private static List<String> consumeAll(Map<String, Object> client, String topic, int expected) {
        Map<String, Object> config = new HashMap<>(client);
        config.put("group.id", "tls-" + topic);
        config.put("auto.offset.reset", "earliest");
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
            new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            TestUtils.waitForCondition(() -> {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    values.add(r.value());
                }
                return values.size() >= expected;
            }, WAIT, () -> "read " + expected + " records over TLS, read " + values.size());
        }
        return values;
    }

    @Test
    void kafkaJavaClientProducesAndConsumesOverTlsOnTheKafkaListener() throws Exception {
        Map<String, Object> config = new HashMap<>(certs.clientConfig(null));
        config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, cluster.kafkaBootstrapServers());
        try (Admin admin = Admin.create(clientConfig(cluster, null))) { // the Kafka listener does not serve CreateTopics
            admin.createTopics(List.of(new NewTopic("tls-kafka", 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
        int records = 3_000;
        String padding = "y".repeat(1_000);
        Map<String, Object> producerConfig = new HashMap<>(config);
        producerConfig.put("acks", "all");
        try (org.apache.kafka.clients.producer.KafkaProducer<String, String> producer =
                 new org.apache.kafka.clients.producer.KafkaProducer<>(producerConfig,
                     new org.apache.kafka.common.serialization.StringSerializer(),
                     new org.apache.kafka.common.serialization.StringSerializer())) {
            for (int i = 0; i < records; i++) {
                producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>("tls-kafka", Integer.toString(i),
                    i + ":" + padding));
            }
            producer.flush();
        }
        Map<String, Object> consumerConfig = new HashMap<>(config);
        consumerConfig.put("auto.offset.reset", "earliest");
        List<String> values = new ArrayList<>();
        try (org.apache.kafka.clients.consumer.KafkaConsumer<String, String> consumer =
                 new org.apache.kafka.clients.consumer.KafkaConsumer<>(consumerConfig,
                     new org.apache.kafka.common.serialization.StringDeserializer(),
                     new org.apache.kafka.common.serialization.StringDeserializer())) {
            consumer.assign(List.of(new org.apache.kafka.common.TopicPartition("tls-kafka", 0))); // no groups there
            TestUtils.waitForCondition(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> values.add(r.value()));
                return values.size() >= records;
            }, WAIT, () -> "Kafka's consumer read " + records + " records over TLS, read " + values.size());
        }
        for (int i = 0; i < records; i++) {
            assertEquals(i + ":" + padding, values.get(i), "record " + i);
        }
    }

    @Test
    void hostileBytesOnTlsPortsCloseOnlyTheirOwnConnection() throws Exception {
        KafkaServer broker = cluster.runningBrokers().get(0);
        long failedBefore = failedHandshakes(broker, "PLAINTEXT") + failedHandshakes(broker, "KAFKA");
        Map<String, Object> client = clientConfig(cluster, null);
        try (NetworkClient established = tlsNetworkClient(client)) {
            String address = cluster.bootstrapServers();
            established.send(address, new ApiVersionsRequest(), true, 10_000).get(30, TimeUnit.SECONDS);
            int kafkaPort = broker.kafkaEndpoints().get("KAFKA").port();
            Random random = new Random(42);
            byte[] garbage = new byte[4096];
            random.nextBytes(garbage);
            // a plaintext ZKafka-style frame, a plaintext Kafka ApiVersions request, random bytes
            byte[] plaintextFrame = {0, 0, 0, 8, 0, 18, 0, 3, 0, 0, 0, 1};
            assertClosedAfterSending(broker.boundPort(), plaintextFrame);
            assertClosedAfterSending(kafkaPort, plaintextFrame);
            assertClosedAfterSending(broker.boundPort(), garbage);
            assertClosedAfterSending(kafkaPort, garbage);
            // the established TLS connection is undisturbed
            established.send(address, new ApiVersionsRequest(), true, 10_000).get(30, TimeUnit.SECONDS);
        }
        TestUtils.waitForCondition(() -> failedHandshakes(broker, "PLAINTEXT") + failedHandshakes(broker, "KAFKA")
            >= failedBefore + 4, WAIT, "the failed handshakes were counted");
    }

    @Test
    void tlsClientOnAPlaintextPortFailsAndThePortKeepsServing() throws Exception {
        try (ZKafkaCluster plain = ZKafkaCluster.builder().brokers(1).build();
             NetworkClient tls = tlsNetworkClient(clientConfig(plain, null));
             NetworkClient plaintext = new NetworkClient("plain", 1 << 20, 5_000)) {
            ExecutionException refused = assertThrows(ExecutionException.class, () ->
                tls.send(plain.bootstrapServers(), new ApiVersionsRequest(), true, 5_000).get(30, TimeUnit.SECONDS));
            assertTrue(refused.getCause().getMessage().contains("failed"), refused.getCause().getMessage());
            plaintext.send(plain.bootstrapServers(), new ApiVersionsRequest(), true, 5_000).get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void untrustedServerCertificateIsRefusedByTheClient() throws Exception {
        try (ZKafkaCluster rogue = tlsCluster(certs.selfSigned("rogue"), "none")) {
            String why = handshakeFailure(rogue, null);
            assertTrue(why.contains("certification path"), why);
        }
    }

    @Test
    void expiredServerCertificateIsRefusedByTheClient() throws Exception {
        try (ZKafkaCluster stale = tlsCluster(certs.expired("stale"), "none")) {
            String why = handshakeFailure(stale, null);
            assertTrue(why.contains("CertificateExpiredException"), why);
        }
    }

    @Test
    void requiredClientAuthenticationRefusesAClientWithoutCertificateAndAcceptsOneWith() throws Exception {
        try (ZKafkaCluster strict = tlsCluster(brokerStore, "required")) {
            handshakeFailure(strict, null, io.zkafka.common.errors.ApiException.class);
            try (NetworkClient withCertificate = tlsNetworkClient(clientConfig(strict, clientStore))) {
                withCertificate.send(strict.bootstrapServers(), new ApiVersionsRequest(), true, 10_000)
                    .get(30, TimeUnit.SECONDS);
            }
            Map<String, Object> client = clientConfig(strict, clientStore);
            try (Admin admin = Admin.create(client)) {
                admin.createTopics(List.of(new NewTopic("mtls", 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
            }
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(client, new StringSerializer(),
                new StringSerializer())) {
                producer.send(new ProducerRecord<>("mtls", "k", "authenticated")).get(30, TimeUnit.SECONDS);
            }
            assertEquals(List.of("authenticated"), consumeAll(client, "mtls", 1));
        }
    }

    @Test
    void pemStoresAndPerListenerOverridesServeTheirListener() throws Exception {
        // the Kafka listener's key and chain as inline PEM through listener.name.kafka.ssl.*; the native one PKCS12
        Path pemStore = certs.signed("pem-broker");
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(pemStore)) {
            store.load(in, TestCertificates.PASSWORD.toCharArray());
        }
        Key key = store.getKey("pem-broker", TestCertificates.PASSWORD.toCharArray());
        StringBuilder chain = new StringBuilder();
        for (Certificate cert : store.getCertificateChain("pem-broker")) {
            chain.append(pem("CERTIFICATE", cert.getEncoded()));
        }
        ZKafkaCluster.Builder builder = ZKafkaCluster.builder().brokers(1).kafkaListener()
            .brokerConfig(KafkaConfig.LISTENER_SECURITY_PROTOCOL_MAP, "PLAINTEXT:SSL,KAFKA:SSL")
            .brokerConfig("listener.name.kafka.ssl.keystore.type", "PEM")
            .brokerConfig("listener.name.kafka.ssl.keystore.certificate.chain", chain.toString())
            .brokerConfig("listener.name.kafka.ssl.keystore.key", pem("PRIVATE KEY", key.getEncoded()))
            .brokerConfig("listener.name.kafka.ssl.keystore.location", "/nonexistent/only/if/the/override/is/ignored.p12");
        certs.serverConfig(brokerStore).forEach(builder::brokerConfig);
        try (ZKafkaCluster mixed = builder.build()) {
            Map<String, Object> pemTrust = new HashMap<>();
            pemTrust.put("security.protocol", "SSL");
            pemTrust.put("ssl.truststore.type", "PEM");
            pemTrust.put("ssl.truststore.location", certs.caPem().toString());
            try (NetworkClient nativeClient = tlsNetworkClient(pemTrust)) {
                nativeClient.send(mixed.bootstrapServers(), new ApiVersionsRequest(), true, 10_000).get(30, TimeUnit.SECONDS);
            }
            Map<String, Object> kafkaConfig = new HashMap<>(pemTrust);
            kafkaConfig.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, mixed.kafkaBootstrapServers());
            Map<String, Object> adminConfig = new HashMap<>(pemTrust);
            adminConfig.put("bootstrap.servers", mixed.bootstrapServers());
            try (Admin admin = Admin.create(adminConfig)) {
                admin.createTopics(List.of(new NewTopic("pem", 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
            }
            try (org.apache.kafka.clients.producer.KafkaProducer<String, String> producer =
                     new org.apache.kafka.clients.producer.KafkaProducer<>(kafkaConfig,
                         new org.apache.kafka.common.serialization.StringSerializer(),
                         new org.apache.kafka.common.serialization.StringSerializer())) {
                assertEquals(0, producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>("pem", "k", "v"))
                    .get(30, TimeUnit.SECONDS).offset());
            }
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
            .encodeToString(der) + "\n-----END " + type + "-----\n";
    }

    @Test
    void aBrokerWithABadKeyStoreFailsToStartNamingTheKey() throws Exception {
        Map<String, Object> props = new HashMap<>(certs.serverConfig(brokerStore));
        props.put(KafkaConfig.BROKER_ID, "9");
        props.put(KafkaConfig.ZOOKEEPER_CONNECT, "127.0.0.1:1");
        props.put(KafkaConfig.LISTENERS, "PLAINTEXT://127.0.0.1:0");
        props.put(KafkaConfig.LISTENER_SECURITY_PROTOCOL_MAP, "PLAINTEXT:SSL");
        props.put(KafkaConfig.LOG_DIRS, dir.resolve("bad-broker").toString());
        props.put(KafkaConfig.METRICS_JMX_ENABLE, "false");

        Map<String, Object> missing = new HashMap<>(props);
        missing.put("ssl.keystore.location", dir.resolve("nowhere.p12").toString());
        ConfigException noFile = assertThrows(ConfigException.class, () -> new KafkaServer(new KafkaConfig(missing)).startup());
        assertTrue(noFile.getMessage().contains("ssl.keystore.location"), noFile.getMessage());

        Map<String, Object> wrongPassword = new HashMap<>(props);
        wrongPassword.put("ssl.keystore.password", "not-the-password");
        ConfigException badPassword = assertThrows(ConfigException.class,
            () -> new KafkaServer(new KafkaConfig(wrongPassword)).startup());
        assertTrue(badPassword.getMessage().contains("ssl.keystore.location"), badPassword.getMessage());

        Map<String, Object> noKeyStore = new HashMap<>(props);
        noKeyStore.remove("ssl.keystore.location");
        ConfigException none = assertThrows(ConfigException.class, () -> new KafkaServer(new KafkaConfig(noKeyStore)).startup());
        assertTrue(none.getMessage().contains("needs a key store"), none.getMessage());

        Map<String, Object> mismatch = new HashMap<>(props);
        mismatch.put(KafkaConfig.SECURITY_INTER_BROKER_PROTOCOL, "PLAINTEXT");
        ConfigException inter = assertThrows(ConfigException.class, () -> new KafkaConfig(mismatch));
        assertTrue(inter.getMessage().contains(KafkaConfig.SECURITY_INTER_BROKER_PROTOCOL), inter.getMessage());
    }

    /** A ZKafka TLS client's request to {@code on}: it must fail; returns the reason. */
    /** The reason a client's TLS connection fails: refused by the client's own TLS, so not retriable. */
    private static String handshakeFailure(ZKafkaCluster on, Path keystore) {
        return handshakeFailure(on, keystore, io.zkafka.common.errors.SslAuthenticationException.class);
    }

    /**
     * The reason a client's TLS connection fails, of type {@code expected}. (A broker that wants a client
     * certificate refuses it after a TLS 1.3 handshake completed on the client's side: the client then
     * sees its connection close, which is worth retrying.)
     */
    private static String handshakeFailure(ZKafkaCluster on, Path keystore, Class<? extends Exception> expected) {
        try (NetworkClient client = tlsNetworkClient(clientConfig(on, keystore))) {
            long start = System.nanoTime();
            ExecutionException failed = assertThrows(ExecutionException.class, () ->
                client.send(on.bootstrapServers(), new ApiVersionsRequest(), true, 10_000).get(30, TimeUnit.SECONDS));
            assertInstanceOf(expected, failed.getCause());
            assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(9), "failed before the request timeout");
            return failed.getCause().getMessage();
        }
    }

    private static NetworkClient tlsNetworkClient(Map<String, Object> config) {
        return new NetworkClient("tls-test", 1 << 20, 5_000,
            SslContexts.forClientConfig(SslConfigs.CLIENT.parse(withoutBootstrap(config))));
    }

    private static Map<String, Object> withoutBootstrap(Map<String, Object> config) {
        Map<String, Object> copy = new HashMap<>(config);
        copy.remove("bootstrap.servers");
        return copy;
    }

    private static long failedHandshakes(KafkaServer broker, String listener) {
        var meter = broker.metrics().registry().getMeters().get(ListenerTls.metricName(listener));
        return meter == null ? 0 : meter.getCount();
    }

    /** Sends {@code bytes} on a new plain TCP connection to {@code port}; the broker must close it. */
    private static void assertClosedAfterSending(int port, byte[] bytes) throws Exception {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            out.write(bytes);
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[1024];
            try {
                while (in.read(buffer) >= 0) {
                    // a TLS alert may come first; the end of the stream must follow
                }
            } catch (java.net.SocketException reset) {
                // a reset is a close too
            }
        }
    }
}
