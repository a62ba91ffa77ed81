package io.zkafka.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkafka.clients.admin.Admin;
import io.zkafka.clients.admin.NewTopic;
import io.zkafka.clients.producer.KafkaProducer;
import io.zkafka.clients.producer.ProducerRecord;
import io.zkafka.common.TopicPartition;
import io.zkafka.common.serialization.StringSerializer;
import io.zkafka.config.KafkaConfig;
import io.zkafka.coordination.BrokerInfo;
import io.zkafka.coordination.CoordinationClient;
import io.zkafka.coordination.CoordinationConfig;
import io.zkafka.coordination.CoordinationException;
import io.zkafka.coordination.PartitionState;
import io.zkafka.coordination.TopicConfig;
import io.zkafka.coordination.ZnodeBrowser;
import io.zkafka.coordination.ZooKeeperAuthenticationException;
import io.zkafka.test.ChildBroker;
import io.zkafka.test.SaslZooKeeperServer;
import io.zkafka.test.TestCertificates;
import io.zkafka.test.TestUtils;
import io.zkafka.tools.ZooKeeperShell;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ZooKeeper secured as {@code conf/} says (SASL DIGEST-MD5, {@code conf/zookeeper-sasl.properties}
 * and {@code conf/zookeeper_jaas.conf}, in a child JVM) and brokers in child JVMs with
 * {@code conf/kafka_server_jaas.conf} and {@code zookeeper.set.acl=true}: the brokers register,
 * elect a controller, create and replicate a topic; every znode they created is theirs (ALL for
 * {@code sasl:kafka}) and world-readable, except the sensitive ones, which only they may read. This
 * JVM stays unauthenticated (no JAAS in it): it reads the cluster, but every write ZKafka knows
 * (registration, ISR, topic config, deletion request, notification, producer id block, removal of a
 * broker's registration) is refused with NoAuth and changes nothing; the brokers, one identity,
 * still change each other's znodes when the controller is killed. A broker authenticated by a TLS
 * client certificate instead (ZooKeeper's x509 provider) owns its znodes the same way. A wrong
 * password and a missing JAAS file are clear start-up errors.
 */
class ZooKeeperAclIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String TOPIC = "secured";
    private static final List<String> BROKER_ACL = List.of("sasl:kafka:cdrwa", "world:anyone:r");

    @TempDir
    static Path dir;
    private static TestCertificates certificates;
    private static SaslZooKeeperServer zookeeper;

    @BeforeAll
    static void startZooKeeper() throws Exception {
        certificates = TestCertificates.create(dir.resolve("certificates"));
        zookeeper = SaslZooKeeperServer.start(dir, certificates);
    }

    @AfterAll
    static void stopZooKeeper() throws Exception {
        if (zookeeper != null) {
            zookeeper.close();
        }
    }

    private static List<String> brokerJaas() {
        return List.of(SaslZooKeeperServer.jaasOption(SaslZooKeeperServer.confDir().resolve("kafka_server_jaas.conf")));
    }

    private static Map<String, Object> secured() {
        return Map.of(KafkaConfig.ZOOKEEPER_SET_ACL, true, KafkaConfig.ZOOKEEPER_SESSION_TIMEOUT_MS, 6000,
            KafkaConfig.ZOOKEEPER_CONNECTION_TIMEOUT_MS, 6000);
    }

    @Test
    void brokersOwnTheirZnodesAndAnUnauthenticatedClientCanOnlyReadTheOpenOnes() throws Exception {
        String connect = zookeeper.connectString() + "/owned";
        Path brokersDir = Files.createDirectories(dir.resolve("owned"));
        try (ChildBroker one = ChildBroker.start(1, connect, brokersDir, secured(), brokerJaas());
             ChildBroker two = ChildBroker.start(2, connect, brokersDir, secured(), brokerJaas())) {
            try (CoordinationClient outsider = new CoordinationClient(CoordinationConfig.forConnect(connect))) {
                TestUtils.waitForCondition(() -> registered(connect).equals(Set.of(1, 2)), WAIT,
                    () -> "both brokers registered; broker 1: " + one.output() + "\nbroker 2: " + two.output());
                outsider.start(); // the layout exists: an unauthenticated client starts, reading only
                String bootstrap = one.address() + "," + two.address();
                try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
                    admin.createTopics(List.of(new NewTopic(TOPIC, 3, (short) 2))).all().get(30, TimeUnit.SECONDS);
                }
                try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of("bootstrap.servers", bootstrap,
                        "acks", "all"), new StringSerializer(), new StringSerializer())) {
                    for (int i = 0; i < 30; i++) {
                        producer.send(new ProducerRecord<>(TOPIC, "k" + i, "v" + i)).get(30, TimeUnit.SECONDS);
                    }
                }
                TopicPartition tp = new TopicPartition(TOPIC, 0);
                TestUtils.waitForCondition(() -> outsider.reader().partitionState(tp)
                    .map(s -> s.leaderAndIsr().isr().size() == 2).orElse(false), WAIT, "partition 0 fully in sync");

                checkEveryZnodeAcl(connect);
                checkSensitiveZnodesAreHidden(connect);
                checkAuthenticatedShellReadsSensitiveAcl(connect);
                checkEveryWriteIsRefused(outsider, tp);

                // nothing changed, and the brokers still write
                assertEquals(Set.of(1, 2), outsider.reader().liveBrokerIds());
                assertTrue(outsider.reader().topics().contains(TOPIC));
                assertEquals(Set.of(), outsider.reader().pendingTopicDeletions());
                try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
                    admin.createTopics(List.of(new NewTopic(TOPIC + "-2", 1, (short) 2))).all().get(30, TimeUnit.SECONDS);
                }
                assertEquals(BROKER_ACL, acl(connect, "/brokers/topics/" + TOPIC + "-2"));

                // the brokers change each other's znodes: the survivor of a killed controller takes over,
                // rewriting the partition states the dead one created, and leads every partition
                int controller = outsider.reader().controllerId().orElseThrow();
                ChildBroker killed = controller == 1 ? one : two;
                ChildBroker survivor = controller == 1 ? two : one;
                killed.kill();
                TestUtils.waitForCondition(() -> outsider.reader().liveBrokerIds().equals(Set.of(survivor.id()))
                    && outsider.reader().controllerId().equals(OptionalInt.of(survivor.id()))
                    && outsider.reader().partitionStates(TOPIC).values().stream()
                        .allMatch(s -> s.leaderAndIsr().leader() == survivor.id()), WAIT,
                    () -> "broker " + survivor.id() + " controls and leads everything: " + survivor.output());
                try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of("bootstrap.servers",
                        survivor.address(), "acks", "all"), new StringSerializer(), new StringSerializer())) {
                    producer.send(new ProducerRecord<>(TOPIC, "after", "failover")).get(30, TimeUnit.SECONDS);
                }
            }
        }
    }

    /** Every znode under the chroot, the chroot too, persistent, ephemeral, sequential, made in transactions. */
    private static void checkEveryZnodeAcl(String connect) {
        List<String> seen = new ArrayList<>();
        try (ZnodeBrowser browser = ZnodeBrowser.connect(connect, 15_000)) {
            List<String> pending = new ArrayList<>(List.of("/"));
            while (!pending.isEmpty()) {
                String path = pending.remove(pending.size() - 1);
                if (path.equals("/config/users") || path.equals("/config/brokers")) {
                    continue; // sensitive: below
                }
                assertEquals(BROKER_ACL, browser.acl(path).orElseThrow(), path);
                seen.add(path);
                for (String child : browser.children(path).orElse(List.of())) {
                    pending.add((path.equals("/") ? "" : path) + "/" + child);
                }
            }
        }
        for (String expected : List.of("/", "/cluster/id", "/brokers/ids/1", "/brokers/ids/2", "/controller_epoch",
                "/brokers/topics/" + TOPIC, "/brokers/topics/" + TOPIC + "/partitions/2/state", "/config/topics/" + TOPIC)) {
            assertTrue(seen.contains(expected), expected + " checked among " + seen);
        }
        assertTrue(seen.stream().anyMatch(p -> p.startsWith("/controller/latch/")), "a latch node checked: " + seen);
    }

    private static void checkSensitiveZnodesAreHidden(String connect) {
        try (ZnodeBrowser browser = ZnodeBrowser.connect(connect, 15_000)) {
            for (String sensitive : List.of("/config/users", "/config/brokers")) {
                ZooKeeperAuthenticationException e = assertThrows(ZooKeeperAuthenticationException.class,
                    () -> browser.children(sensitive), sensitive);
                assertTrue(e.getMessage().contains("NoAuth"), e.getMessage());
                assertThrows(ZooKeeperAuthenticationException.class, () -> browser.data(sensitive), sensitive);
            }
            assertTrue(browser.data("/brokers/ids/1").isPresent(), "an open znode is readable");
        }
    }

    /** zookeeper-shell.sh with the brokers' JAAS file reads what anyone else may not. */
    private static void checkAuthenticatedShellReadsSensitiveAcl(String connect) throws Exception {
        Path jaas = SaslZooKeeperServer.confDir().resolve("kafka_server_jaas.conf");
        String out = SaslZooKeeperServer.runWithJaas(jaas, ZooKeeperShell.class.getName(),
            List.of(connect, "getAcl", "/config/users"), WAIT);
        assertTrue(out.contains("'sasl,'kafka\n: cdrwa"), out);
        assertFalse(out.contains("'world,'anyone"), out);
        String unauthenticated = SaslZooKeeperServer.runWithJaas(null, ZooKeeperShell.class.getName(),
            List.of(connect, "ls", "/config/users"), WAIT);
        assertTrue(unauthenticated.contains("NoAuth"), unauthenticated);
    }

    private static void checkEveryWriteIsRefused(CoordinationClient outsider, TopicPartition tp) {
        PartitionState state = outsider.reader().partitionState(tp).orElseThrow();
        assertNoAuth(() -> outsider.isrWriter().updateIsr(
            state.withLeaderAndIsr(state.leaderAndIsr().withIsr(List.of(state.leaderAndIsr().leader())))));
        TopicConfig config = outsider.reader().topicConfig(TOPIC);
        assertNoAuth(() -> outsider.adminWriter().updateTopicConfig(TOPIC, Map.of("retention.ms", "1"), config.zkVersion()));
        assertNoAuth(() -> outsider.adminWriter().requestTopicDeletion(TOPIC));
        assertNoAuth(() -> outsider.isrWriter().notifyIsrChange(Set.of(tp)));
        assertNoAuth(() -> outsider.producerIdBlocks().claimNextBlock(9, 1000));
        assertNoAuth(() -> outsider.registerBroker(new BrokerInfo(9, "127.0.0.1", 1, null, 0)));
        BrokerInfo one = outsider.reader().broker(1).orElseThrow();
        CoordinationException removal = assertThrows(CoordinationException.class,
            () -> outsider.removeDeadIncarnation(1, one.epoch()));
        assertTrue(removal.getMessage().contains("NOAUTH"), removal.getMessage());

        assertEquals(state, outsider.reader().partitionState(tp).orElseThrow());
        assertEquals(config, outsider.reader().topicConfig(TOPIC));
        assertEquals(one, outsider.reader().broker(1).orElseThrow());
        assertEquals(List.of(), outsider.reader().isrChangeNotifications().stream()
            .filter(n -> n.partitions().contains(tp) && n.partitions().size() == 1).toList());
    }

    private static void assertNoAuth(Runnable write) {
        CoordinationException e = assertThrows(CoordinationException.class, write::run);
        assertTrue(e.getMessage().contains("NoAuth") || e.getMessage().contains("NOAUTH"), e.getMessage());
    }

    @Test
    void aBrokerWithATlsClientCertificateOwnsItsZnodesWithoutJaas() throws Exception {
        String plain = zookeeper.connectString() + "/tls";
        Map<String, Object> overrides = new HashMap<>(secured());
        overrides.put(KafkaConfig.ZOOKEEPER_SSL_CLIENT_ENABLE, true);
        overrides.put(KafkaConfig.ZOOKEEPER_SSL_KEYSTORE_LOCATION, certificates.signed("zk-broker").toString());
        overrides.put(KafkaConfig.ZOOKEEPER_SSL_KEYSTORE_PASSWORD, TestCertificates.PASSWORD);
        overrides.put(KafkaConfig.ZOOKEEPER_SSL_TRUSTSTORE_LOCATION, certificates.truststore().toString());
        overrides.put(KafkaConfig.ZOOKEEPER_SSL_TRUSTSTORE_PASSWORD, TestCertificates.PASSWORD);
        try (ChildBroker broker = ChildBroker.start(5, zookeeper.secureConnectString() + "/tls",
                Files.createDirectories(dir.resolve("tls")), overrides, List.of());
             CoordinationClient outsider = new CoordinationClient(CoordinationConfig.forConnect(plain))) {
            TestUtils.waitForCondition(() -> registered(plain).equals(Set.of(5)), WAIT,
                () -> "the broker registered over TLS: " + broker.output());
            List<String> certificateAcl = List.of("x509:CN=zk-broker:cdrwa", "world:anyone:r");
            assertEquals(certificateAcl, acl(plain, "/brokers/ids/5"));
            assertEquals(certificateAcl, acl(plain, "/"));
            outsider.start();
            assertNoAuth(() -> outsider.registerBroker(new BrokerInfo(9, "127.0.0.1", 1, null, 0)));
            BrokerInfo registered = outsider.reader().broker(5).orElseThrow();
            assertThrows(CoordinationException.class, () -> outsider.removeDeadIncarnation(5, registered.epoch()));
            assertEquals(Set.of(5), outsider.reader().liveBrokerIds());

            // zookeeper-shell.sh over TLS with a certificate of its own: it reads, as any other identity may
            Path tlsConfig = dir.resolve("shell-tls.properties");
            Files.writeString(tlsConfig, String.join("\n", KafkaConfig.ZOOKEEPER_SSL_CLIENT_ENABLE + "=true",
                KafkaConfig.ZOOKEEPER_SSL_KEYSTORE_LOCATION + "=" + certificates.signed("zk-reader"),
                KafkaConfig.ZOOKEEPER_SSL_KEYSTORE_PASSWORD + "=" + TestCertificates.PASSWORD,
                KafkaConfig.ZOOKEEPER_SSL_TRUSTSTORE_LOCATION + "=" + certificates.truststore(),
                KafkaConfig.ZOOKEEPER_SSL_TRUSTSTORE_PASSWORD + "=" + TestCertificates.PASSWORD, ""));
            String out = SaslZooKeeperServer.runWithJaas(null, ZooKeeperShell.class.getName(), List.of(
                zookeeper.secureConnectString() + "/tls", "-zk-tls-config-file", tlsConfig.toString(), "getAcl",
                "/brokers/ids/5"), WAIT);
            assertTrue(out.contains("'x509,'CN=zk-broker\n: cdrwa\n'world,'anyone\n: r"), out);
        }
    }

    @Test
    void aWrongPasswordIsAClearStartUpError() throws Exception {
        String connect = zookeeper.connectString() + "/wrong-password";
        Path jaas = dir.resolve("wrong_password_jaas.conf");
        Files.writeString(jaas, Files.readString(SaslZooKeeperServer.confDir().resolve("kafka_server_jaas.conf"))
            .replace("password=\"kafka-secret\"", "password=\"not-the-password\""));
        assertTrue(Files.readString(jaas).contains("not-the-password"));
        try (ChildBroker broker = ChildBroker.start(3, connect, Files.createDirectories(dir.resolve("wrong")), secured(),
                List.of(SaslZooKeeperServer.jaasOption(jaas)))) {
            OptionalInt exit = broker.awaitExit(WAIT);
            assertEquals(OptionalInt.of(1), exit, broker::output);
            assertTrue(broker.output().contains("SASL authentication to ZooKeeper failed: the ensemble refused user "
                + "'kafka' (login section 'Client')"), broker::output);
        }
        assertEquals(Set.of(), registered(connect));
    }

    @Test
    void setAclWithoutAuthenticationIsRefusedAtStartUp() throws Exception {
        String connect = zookeeper.connectString() + "/unauthenticated";
        try (ChildBroker broker = ChildBroker.start(4, connect, Files.createDirectories(dir.resolve("none")), secured(),
                List.of())) {
            assertEquals(OptionalInt.of(1), broker.awaitExit(WAIT), broker::output);
            assertTrue(broker.output().contains("zookeeper.set.acl=true, but this client does not authenticate to "
                + "ZooKeeper"), broker::output);
        }
    }

    private static Set<Integer> registered(String connect) {
        try (ZnodeBrowser browser = ZnodeBrowser.connect(connect, 15_000)) {
            return browser.children("/brokers/ids").orElse(List.of()).stream().map(Integer::valueOf)
                .collect(java.util.stream.Collectors.toSet());
        }
    }

    private static List<String> acl(String connect, String path) {
        try (ZnodeBrowser browser = ZnodeBrowser.connect(connect, 15_000)) {
            return browser.acl(path).orElseThrow();
        }
    }
}
