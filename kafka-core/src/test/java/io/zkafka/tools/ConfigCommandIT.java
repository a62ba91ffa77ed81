package io.zkafka.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkafka.clients.admin.Admin;
import io.zkafka.clients.admin.Config;
import io.zkafka.clients.admin.ConfigResource;
import io.zkafka.clients.admin.NewTopic;
import io.zkafka.test.TestUtils;
import io.zkafka.test.ZKafkaCluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * kafka-configs.sh against a real broker: --alter --add-config (with a bracketed list) and
 * --delete-config change a topic's overrides, which --describe lists in Kafka's lines and the admin
 * client sees; --all adds the defaults; a broker's dynamic configs and the cluster-wide ones
 * (--entity-default) are altered and described with their sources, keys that cannot change while
 * brokers run are refused; users' SCRAM credentials and the client quotas of users, client ids, users'
 * client ids and defaults are altered and described in Kafka's lines; wrong flags and keys are refused
 * with the reason.
 */
class ConfigCommandIT {
    private static ZKafkaCluster cluster;
    private static Admin admin;

    @BeforeAll
    static void start() throws Exception {
        cluster = ZKafkaCluster.builder().brokers(1).build();
        admin = Admin.create(Map.of("bootstrap.servers", cluster.bootstrapServers()));
        admin.createTopics(List.of(new NewTopic("cfg", 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
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

    private static ToolResult configs(String... args) {
        List<String> all = new ArrayList<>(List.of("--bootstrap-server", cluster.bootstrapServers()));
        all.addAll(Arrays.asList(args));
        return ToolResult.run(ConfigCommand.RUNNER, all.toArray(new String[0]));
    }

    private static List<String> ok(String... args) {
        ToolResult result = configs(args);
        assertEquals(0, result.exitCode(), result::toString);
        return result.outLines();
    }

    private static Config topicConfig(String topic) throws Exception {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        return admin.describeConfigs(List.of(resource)).all().get(30, TimeUnit.SECONDS).get(resource);
    }

    @Test
    void shouldAddDescribeAndDeleteTopicConfigs() throws Exception {
        assertEquals(List.of("Completed updating config for topic cfg."), ok("--alter", "--entity-type", "topics",
            "--entity-name", "cfg", "--add-config", "retention.ms=1000,cleanup.policy=[compact,delete]"));
        assertEquals("1000", topicConfig("cfg").get("retention.ms").value());
        assertEquals("compact,delete", topicConfig("cfg").get("cleanup.policy").value());

        assertEquals(List.of("Dynamic configs for topic cfg are:",
            "  cleanup.policy=compact,delete sensitive=false synonyms={DYNAMIC_TOPIC_CONFIG:cleanup.policy=compact,delete}",
            "  retention.ms=1000 sensitive=false synonyms={DYNAMIC_TOPIC_CONFIG:retention.ms=1000}"),
            ok("--describe", "--entity-type", "topics", "--entity-name", "cfg"));

        assertEquals(List.of("Completed updating config for topic cfg."),
            ok("--alter", "--topic", "cfg", "--delete-config", "retention.ms"));
        assertTrue(topicConfig("cfg").get("retention.ms").isDefault());
        assertEquals(List.of("Dynamic configs for topic cfg are:",
            "  cleanup.policy=compact,delete sensitive=false synonyms={DYNAMIC_TOPIC_CONFIG:cleanup.policy=compact,delete}"),
            ok("--describe", "--topic", "cfg"));

        List<String> everything = ok("--describe", "--topic", "cfg", "--all");
        assertEquals("All configs for topic cfg are:", everything.get(0));
        String retention = topicConfig("cfg").get("retention.ms").value();
        assertTrue(everything.contains("  retention.ms=" + retention + " sensitive=false synonyms={DEFAULT_CONFIG:"
            + "retention.ms=" + retention + "}"), everything::toString);
    }

    @Test
    void shouldRefuseToDeleteAConfigThatDoesNotExist() throws Exception {
        ToolResult result = configs("--alter", "--topic", "cfg", "--delete-config", "no.such.config");
        assertEquals(1, result.exitCode(), result::toString);
        assertEquals("Error while executing config command: Invalid config(s): no.such.config", result.err().trim());
        ToolResult invalid = configs("--alter", "--topic", "cfg", "--add-config", "retention.ms=soon");
        assertEquals(1, invalid.exitCode(), invalid::toString);
        assertTrue(invalid.err().contains("retention.ms"), invalid::toString);
    }

    @Test
    void shouldAlterAndDescribeDynamicBrokerConfigs() throws Exception {
        assertEquals(List.of("Dynamic configs for broker 1 are:"),
            ok("--describe", "--entity-type", "brokers", "--entity-name", "1"));
        List<String> all = ok("--describe", "--broker", "1", "--all");
        assertEquals("All configs for broker 1 are:", all.get(0));
        assertTrue(all.contains("  broker.id=1 sensitive=false synonyms={STATIC_BROKER_CONFIG:broker.id=1}"),
            all::toString);
        assertEquals(List.of("Default configs for brokers in the cluster are:"),
            ok("--describe", "--entity-type", "brokers", "--entity-default"));

        assertEquals(List.of("Completed updating config for default brokers."), ok("--alter", "--entity-type",
            "brokers", "--entity-default", "--add-config", "log.retention.ms=7200000"));
        assertEquals(List.of("Default configs for brokers in the cluster are:",
            "  log.retention.ms=7200000 sensitive=false synonyms={DYNAMIC_DEFAULT_BROKER_CONFIG:log.retention.ms=7200000}"),
            ok("--describe", "--entity-type", "brokers", "--entity-default"));
        assertEquals(List.of("Completed updating config for broker 1."), ok("--alter", "--entity-type", "brokers",
            "--entity-name", "1", "--add-config", "log.retention.ms=3600000"));
        List<String> expected = List.of("Dynamic configs for broker 1 are:",
            "  log.retention.ms=3600000 sensitive=false synonyms={DYNAMIC_BROKER_CONFIG:log.retention.ms=3600000}");
        TestUtils.waitForCondition(() -> expected.equals(configs("--describe", "--broker", "1").outLines()),
            Duration.ofSeconds(10), () -> "the broker shows its own value: " + configs("--describe", "--broker", "1"));
        assertEquals("3600000", topicConfig("cfg").get("retention.ms").value(), "a topic without an override follows");

        ok("--alter", "--entity-type", "brokers", "--entity-name", "1", "--delete-config", "log.retention.ms");
        ok("--alter", "--entity-type", "brokers", "--entity-default", "--delete-config", "log.retention.ms");
        TestUtils.waitForCondition(() -> List.of("Dynamic configs for broker 1 are:")
            .equals(configs("--describe", "--broker", "1").outLines()), Duration.ofSeconds(10), "all removed");

        ToolResult fixed = configs("--alter", "--entity-type", "brokers", "--entity-name", "1", "--add-config",
            "num.io.threads=4");
        assertEquals(1, fixed.exitCode(), fixed::toString);
        assertTrue(fixed.err().contains("Cannot update these configs dynamically: num.io.threads"), fixed::toString);
        assertFalse(fixed.out().contains("Completed"), fixed::toString);
    }

    @Test
    void shouldAddDescribeAndDeleteUsersScramCredentials() {
        assertEquals(List.of("Completed updating config for user alice."), ok("--alter", "--entity-type", "users",
            "--entity-name", "alice", "--add-config",
            "SCRAM-SHA-256=[iterations=8192,password=alice-secret],SCRAM-SHA-512=[password=alice-secret]"));
        assertEquals(List.of("SCRAM credential configs for user-principal 'alice' are SCRAM-SHA-256=iterations=8192, "
            + "SCRAM-SHA-512=iterations=4096"), ok("--describe", "--entity-type", "users", "--entity-name", "alice"));
        assertEquals(List.of("Completed updating config for user alice."), ok("--alter", "--entity-type", "users",
            "--entity-name", "alice", "--delete-config", "SCRAM-SHA-512"));
        assertEquals(List.of("SCRAM credential configs for user-principal 'alice' are SCRAM-SHA-256=iterations=8192"),
            ok("--describe", "--entity-type", "users").stream().filter(l -> l.startsWith("SCRAM")).toList());
        ToolResult tooFew = configs("--alter", "--entity-type", "users", "--entity-name", "alice", "--add-config",
            "SCRAM-SHA-512=[iterations=100,password=x]");
        assertEquals(1, tooFew.exitCode(), tooFew::toString);
        assertTrue(tooFew.err().contains("UNACCEPTABLE_CREDENTIAL"), tooFew::toString);
        ToolResult missing = configs("--alter", "--entity-type", "users", "--entity-name", "nobody", "--delete-config",
            "SCRAM-SHA-256");
        assertTrue(missing.err().contains("RESOURCE_NOT_FOUND"), missing::toString);
        assertEquals(List.of(), ok("--describe", "--entity-type", "users", "--entity-name", "nobody"));
    }

    @Test
    void shouldAddDescribeAndDeleteClientQuotas() {
        assertEquals(List.of("Completed updating config for user quser."), ok("--alter", "--entity-type", "users",
            "--entity-name", "quser", "--add-config", "producer_byte_rate=1048576,consumer_byte_rate=2097152"));
        assertEquals(List.of("Completed updating config for client app."), ok("--alter", "--entity-type", "clients",
            "--entity-name", "app", "--add-config", "producer_byte_rate=1024"));
        assertEquals(List.of("Completed updating config for user quser."), ok("--alter", "--entity-type", "users",
            "--entity-name", "quser", "--entity-type", "clients", "--entity-name", "app", "--add-config",
            "consumer_byte_rate=4096"));
        assertEquals(List.of("Completed updating default config for clients in the cluster."), ok("--alter",
            "--entity-type", "clients", "--entity-default", "--add-config", "producer_byte_rate=512"));
        assertEquals(List.of("Completed updating default config for users in the cluster."), ok("--alter",
            "--entity-type", "clients", "--entity-name", "app", "--entity-type", "users", "--entity-default",
            "--add-config", "producer_byte_rate=256"));

        assertEquals(List.of("Quota configs for user-principal 'quser' are consumer_byte_rate=2097152.0, "
            + "producer_byte_rate=1048576.0"), ok("--describe", "--entity-type", "users", "--entity-name", "quser"));
        assertEquals(List.of("Quota configs for client-id 'app' are producer_byte_rate=1024.0",
            "Quota configs for the default client-id are producer_byte_rate=512.0"),
            ok("--describe", "--entity-type", "clients"));
        assertEquals(List.of("Quota configs for the default user-principal, client-id 'app' are producer_byte_rate=256.0",
            "Quota configs for user-principal 'quser', client-id 'app' are consumer_byte_rate=4096.0"),
            ok("--describe", "--entity-type", "users", "--entity-type", "clients"));
        assertEquals(List.of("Quota configs for user-principal 'quser', client-id 'app' are consumer_byte_rate=4096.0"),
            ok("--describe", "--entity-type", "users", "--entity-name", "quser", "--entity-type", "clients"));

        assertEquals(List.of("Completed updating config for user quser."), ok("--alter", "--entity-type", "users",
            "--entity-name", "quser", "--delete-config", "consumer_byte_rate"));
        assertEquals(List.of("Quota configs for user-principal 'quser' are producer_byte_rate=1048576.0"),
            ok("--describe", "--entity-type", "users", "--entity-name", "quser"));
        ToolResult unset = configs("--alter", "--entity-type", "users", "--entity-name", "quser", "--delete-config",
            "consumer_byte_rate");
        assertEquals(1, unset.exitCode(), unset::toString);
        assertTrue(unset.err().contains("Invalid config(s): consumer_byte_rate"), unset::toString);
        ToolResult unenforced = configs("--alter", "--entity-type", "clients", "--entity-name", "app", "--add-config",
            "request_percentage=50");
        assertEquals(1, unenforced.exitCode(), unenforced::toString);
        assertTrue(unenforced.err().contains("ZKafka does not enforce request_percentage"), unenforced::toString);
        ToolResult notNumber = configs("--alter", "--entity-type", "clients", "--entity-name", "app", "--add-config",
            "producer_byte_rate=fast");
        assertTrue(notNumber.err().contains("Cannot parse quota configuration value for producer_byte_rate: fast"),
            notNumber::toString);

        ok("--alter", "--entity-type", "users", "--entity-name", "quser", "--delete-config", "producer_byte_rate");
        ok("--alter", "--entity-type", "clients", "--entity-name", "app", "--delete-config", "producer_byte_rate");
        ok("--alter", "--entity-type", "users", "--entity-name", "quser", "--entity-type", "clients", "--entity-name",
            "app", "--delete-config", "consumer_byte_rate");
        ok("--alter", "--entity-type", "clients", "--entity-default", "--delete-config", "producer_byte_rate");
        ok("--alter", "--entity-type", "users", "--entity-default", "--entity-type", "clients", "--entity-name", "app",
            "--delete-config", "producer_byte_rate");
        assertEquals(List.of(), ok("--describe", "--entity-type", "clients"));
        assertEquals(List.of(), ok("--describe", "--entity-type", "users", "--entity-type", "clients"));
    }

    @Test
    void shouldRefuseWrongFlagsWithTheReason() {
        ToolResult both = configs("--describe", "--alter", "--topic", "cfg");
        assertEquals(1, both.exitCode(), both::toString);
        assertTrue(both.err().contains("Command must include exactly one action: --describe, --alter"),
            both::toString);
        ToolResult ips = configs("--describe", "--entity-type", "ips");
        assertTrue(ips.err().contains("Invalid entity type ips"), ips::toString);
        assertTrue(ips.err().contains("ZKafka does not enforce ip quotas"), ips::toString);
        ToolResult unknown = configs("--alter", "--entity-type", "users", "--entity-name", "q", "--add-config",
            "producer_rate=1024");
        assertEquals(1, unknown.exitCode(), unknown::toString);
        assertTrue(unknown.err().contains("Invalid user config 'producer_rate'"), unknown::toString);
        ToolResult clientScram = configs("--alter", "--entity-type", "clients", "--entity-name", "c", "--add-config",
            "SCRAM-SHA-256=[password=x]");
        assertTrue(clientScram.err().contains("Invalid client config 'SCRAM-SHA-256'"), clientScram::toString);
        ToolResult mixed = configs("--alter", "--entity-type", "users", "--entity-name", "q", "--add-config",
            "SCRAM-SHA-256=[password=x],producer_byte_rate=1024");
        assertTrue(mixed.err().contains("Cannot alter both quota and SCRAM credential configs"), mixed::toString);
        ToolResult halfNamed = configs("--alter", "--entity-type", "users", "--entity-name", "q", "--entity-type",
            "clients", "--add-config", "producer_byte_rate=1024");
        assertTrue(halfNamed.err().contains("must be specified with each --entity-type"), halfNamed::toString);
        ToolResult noPassword = configs("--alter", "--entity-type", "users", "--entity-name", "q", "--add-config",
            "SCRAM-SHA-256=[iterations=8192]");
        assertTrue(noPassword.err().contains("A password must be given for SCRAM-SHA-256"), noPassword::toString);
        ToolResult brokerName = configs("--describe", "--entity-type", "brokers", "--entity-name", "one");
        assertTrue(brokerName.err().contains("must be a valid integer broker id, but it is: one"),
            brokerName::toString);
        ToolResult nothing = configs("--alter", "--topic", "cfg");
        assertTrue(nothing.err().contains("At least one of --add-config or --delete-config"), nothing::toString);
        ToolResult malformed = configs("--alter", "--topic", "cfg", "--add-config", "retention.ms");
        assertEquals(1, malformed.exitCode(), malformed::toString);
        assertTrue(malformed.err().contains("Invalid entity config"), malformed::toString);
    }
}
