package io.zkafka.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkafka.common.acl.AclOperation;
import io.zkafka.common.resource.ResourceType;
import io.zkafka.common.security.KafkaPrincipal;
import io.zkafka.common.security.SslConfigs;
import io.zkafka.config.KafkaConfig;
import io.zkafka.server.KafkaServer;
import io.zkafka.test.TestCertificates;
import io.zkafka.test.TestUtils;
import io.zkafka.test.ZKafkaCluster;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * kafka-acls.sh against a real broker with the ACL authorizer and TLS client certificates: the tool
 * runs as the super user {@code CN=admin} through {@code --command-config}; adds print Kafka's lines,
 * the broker enforces what was added, {@code --producer}/{@code --consumer} expand to Kafka's
 * operations, {@code --remove} asks unless {@code --force}, and a non-super user is refused.
 */
class AclCommandIT {
    private static Path dir;
    private static TestCertificates certs;
    private static ZKafkaCluster cluster;
    private static Path adminConfig;
    private static Path aliceConfig;

    @BeforeAll
    static void start() throws Exception {
        dir = Files.createTempDirectory("zkafka-acls-tool-");
        certs = TestCertificates.create(dir);
        Path broker = certs.signed("broker");
        ZKafkaCluster.Builder builder = ZKafkaCluster.builder().brokers(1)
            .brokerConfig(KafkaConfig.LISTENER_SECURITY_PROTOCOL_MAP, "PLAINTEXT:SSL")
            .brokerConfig(SslConfigs.CLIENT_AUTH, "required")
            .brokerConfig(KafkaConfig.AUTHORIZER_CLASS_NAME, "io.zkafka.broker.authorizer.AclAuthorizer")
            .brokerConfig(KafkaConfig.SUPER_USERS, "User:CN=broker;User:CN=admin");
        certs.serverConfig(broker).forEach(builder::brokerConfig);
        cluster = builder.build();
        adminConfig = propertiesFile("admin");
        aliceConfig = propertiesFile("alice");
    }

    private static Path propertiesFile(String who) throws IOException {
        Properties props = new Properties();
        certs.clientConfig(certs.signed(who)).forEach((k, v) -> props.setProperty(k, String.valueOf(v)));
        Path file = dir.resolve(who + ".properties");
        try (Writer writer = Files.newBufferedWriter(file)) {
            props.store(writer, null);
        }
        return file;
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

    private static ToolResult acls(Path config, String stdin, String... args) {
        List<String> all = new ArrayList<>(List.of("--bootstrap-server", cluster.bootstrapServers(),
            "--command-config", config.toString()));
        all.addAll(List.of(args));
        return ToolResult.runWithInput(AclCommand.RUNNER, stdin, all.toArray(String[]::new));
    }

    private static boolean allowed(String principal, AclOperation op, ResourceType type, String name) {
        KafkaServer broker = cluster.runningBrokers().get(0);
        return broker.authorizer().authorize(KafkaPrincipal.parse(principal), "/127.0.0.1:1", op, type, name);
    }

    @Test
    void shouldAddListAndEnforceAnAclWithKafkasOutput() {
        ToolResult added = acls(adminConfig, "", "--add", "--allow-principal", "User:alice", "--operation", "Read",
            "--operation", "Describe", "--topic", "orders");
        assertEquals(0, added.exitCode(), added::toString);
        String resource = "`ResourcePattern(resourceType=TOPIC, name=orders, patternType=LITERAL)`";
        assertTrue(added.out().contains("Adding ACLs for resource " + resource + ": "), added::toString);
        assertTrue(added.out().contains("\t(principal=User:alice, host=*, operation=READ, permissionType=ALLOW)"),
            added::toString);
        assertTrue(added.out().contains("Current ACLs for resource " + resource + ": "), added::toString);
        assertTrue(allowed("User:alice", AclOperation.READ, ResourceType.TOPIC, "orders"));
        assertFalse(allowed("User:alice", AclOperation.WRITE, ResourceType.TOPIC, "orders"));

        ToolResult listed = acls(adminConfig, "", "--list", "--topic", "orders");
        assertEquals(0, listed.exitCode(), listed::toString);
        assertEquals(List.of("Current ACLs for resource " + resource + ": ",
            " \t(principal=User:alice, host=*, operation=READ, permissionType=ALLOW)",
            "\t(principal=User:alice, host=*, operation=DESCRIBE, permissionType=ALLOW) "), listed.outLines());
        assertTrue(listed.out().endsWith(" \n\n"), "Kafka's blank line after each resource: " + listed);
    }

    @Test
    void shouldExpandProducerAndConsumerAsKafkaDoes() {
        ToolResult producer = acls(adminConfig, "", "--add", "--producer", "--allow-principal", "User:carol",
            "--topic", "carol-", "--resource-pattern-type", "prefixed", "--transactional-id", "carol-tx", "--idempotent");
        assertEquals(0, producer.exitCode(), producer::toString);
        for (AclOperation op : List.of(AclOperation.WRITE, AclOperation.DESCRIBE, AclOperation.CREATE)) {
            assertTrue(allowed("User:carol", op, ResourceType.TOPIC, "carol-events"), op::toString);
        }
        assertTrue(allowed("User:carol", AclOperation.WRITE, ResourceType.TRANSACTIONAL_ID, "carol-txabc"));
        assertTrue(allowed("User:carol", AclOperation.IDEMPOTENT_WRITE, ResourceType.CLUSTER, ResourceType.CLUSTER_NAME));
        assertFalse(allowed("User:carol", AclOperation.READ, ResourceType.TOPIC, "carol-events"));

        ToolResult consumer = acls(adminConfig, "", "--add", "--consumer", "--allow-principal", "User:dave",
            "--topic", "dave-topic", "--group", "dave-group");
        assertEquals(0, consumer.exitCode(), consumer::toString);
        assertTrue(allowed("User:dave", AclOperation.READ, ResourceType.TOPIC, "dave-topic"));
        assertTrue(allowed("User:dave", AclOperation.DESCRIBE, ResourceType.TOPIC, "dave-topic"));
        assertTrue(allowed("User:dave", AclOperation.READ, ResourceType.GROUP, "dave-group"));
        assertFalse(allowed("User:dave", AclOperation.WRITE, ResourceType.TOPIC, "dave-topic"));
    }

    @Test
    void shouldRemoveOnlyWhenConfirmedOrForced() {
        assertEquals(0, acls(adminConfig, "", "--add", "--deny-principal", "User:eve", "--operation", "Write",
            "--topic", "guarded").exitCode());
        assertFalse(allowed("User:eve", AclOperation.WRITE, ResourceType.TOPIC, "guarded"));

        ToolResult declined = acls(adminConfig, "n\n", "--remove", "--topic", "guarded");
        assertEquals(0, declined.exitCode(), declined::toString);
        assertTrue(declined.out().contains("Are you sure you want to delete all ACLs for resource filter"),
            declined::toString);
        assertTrue(acls(adminConfig, "", "--list", "--topic", "guarded").out().contains("User:eve"));

        ToolResult forced = acls(adminConfig, "", "--remove", "--topic", "guarded", "--force");
        assertEquals(0, forced.exitCode(), forced::toString);
        TestUtils.waitForCondition(() -> !acls(adminConfig, "", "--list", "--topic", "guarded").out().contains("User:eve"),
            Duration.ofSeconds(10), "the ACL is gone");
    }

    @Test
    void shouldReportRefusalAndBadFlags() {
        ToolResult refused = acls(aliceConfig, "", "--add", "--allow-principal", "User:alice", "--cluster",
            "--operation", "All");
        assertEquals(1, refused.exitCode(), refused::toString);
        assertTrue(refused.err().contains("CLUSTER_AUTHORIZATION_FAILED"), refused::toString);

        ToolResult noAction = acls(adminConfig, "", "--topic", "t");
        assertEquals(1, noAction.exitCode(), noAction::toString);
        assertTrue(noAction.err().contains("exactly one action"), noAction::toString);

        ToolResult badOperation = acls(adminConfig, "", "--add", "--allow-principal", "User:x", "--topic", "t",
            "--operation", "Fly");
        assertEquals(1, badOperation.exitCode(), badOperation::toString);
        assertTrue(badOperation.err().contains("Unknown ACL operation 'Fly'"), badOperation::toString);
    }
}
