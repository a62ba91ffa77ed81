package io.zkafka.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkafka.test.TestUtils;
import io.zkafka.test.ZKafkaCluster;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** kafka-topics.sh against a real two-broker cluster: each action, its output lines and its failures. */
class TopicCommandIT {
    private static final Pattern PARTITION_LINE =
        Pattern.compile("\tTopic: (\\S+)\tPartition: (\\d+)\tLeader: (\\d+|none)\tReplicas: ([\\d,]+)\tIsr: ([\\d,]*)");
    private static ZKafkaCluster cluster;

    @BeforeAll
    static void start() throws Exception {
        cluster = ZKafkaCluster.builder().brokers(2).build();
    }

    @AfterAll
    static void stop() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    private static ToolResult topics(String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "--bootstrap-server";
        all[1] = cluster.bootstrapServers();
        System.arraycopy(args, 0, all, 2, args.length);
        return ToolResult.run(TopicCommand.RUNNER, all);
    }

    private static ToolResult ok(String... args) {
        ToolResult result = topics(args);
        assertEquals(0, result.exitCode(), result::toString);
        return result;
    }

    @Test
    void shouldCreateATopicAndPrintKafkasLine() {
        ToolResult result = ok("--create", "--topic", "created", "--partitions", "3", "--replication-factor", "1");
        assertEquals("Created topic created.\n", result.out());
        assertTrue(ok("--list").outLines().contains("created"));
    }

    @Test
    void shouldFailToCreateAnExistingTopicUnlessIfNotExists() {
        ok("--create", "--topic", "twice", "--partitions", "1");
        ToolResult again = topics("--create", "--topic", "twice", "--partitions", "1");
        assertEquals(1, again.exitCode(), again::toString);
        assertEquals("Error while executing topic command : Topic 'twice' already exists.\n", again.err());
        assertEquals("", ok("--create", "--topic", "twice", "--partitions", "1", "--if-not-exists").out());
    }

    @Test
    void shouldListTopicsSortedAndFilteredByRegex() {
        ok("--create", "--topic", "list-b", "--partitions", "1");
        ok("--create", "--topic", "list-a", "--partitions", "1");
        ok("--create", "--topic", "other", "--partitions", "1");
        assertEquals(List.of("list-a", "list-b"), ok("--list", "--topic", "list-.*").outLines());
        List<String> all = ok("--list").outLines();
        assertEquals(all.stream().sorted().toList(), all);
    }

    @Test
    void shouldDescribeATopicWithKafkasFieldsInOrder() {
        ok("--create", "--topic", "described", "--partitions", "2", "--config", "retention.ms=3600000");
        TestUtils.waitForCondition(() -> !ok("--describe", "--topic", "described").out().contains("Leader: none"),
            Duration.ofSeconds(30), "both partitions have a leader on every broker");
        List<String> lines = ok("--describe", "--topic", "described").outLines();
        assertEquals(3, lines.size(), lines::toString);
        assertTrue(lines.get(0).matches("Topic: described\tTopicId: [A-Za-z0-9_-]{22}\tPartitionCount: 2"
            + "\tReplicationFactor: 1\tConfigs: retention.ms=3600000"), lines.get(0));
        for (int p = 0; p < 2; p++) {
            var m = PARTITION_LINE.matcher(lines.get(1 + p));
            assertTrue(m.matches(), lines.get(1 + p));
            assertEquals("described", m.group(1));
            assertEquals(String.valueOf(p), m.group(2));
            assertEquals(m.group(4), m.group(3), "the only replica leads");
            assertEquals(m.group(4), m.group(5), "and is in sync");
        }
    }

    @Test
    void shouldAddPartitionsWithAlter() {
        ok("--create", "--topic", "grown", "--partitions", "1");
        assertEquals("", ok("--alter", "--topic", "grown", "--partitions", "4").out());
        assertTrue(ok("--describe", "--topic", "grown").outLines().get(0).contains("\tPartitionCount: 4\t"));
        ToolResult shrink = topics("--alter", "--topic", "grown", "--partitions", "2");
        assertEquals(1, shrink.exitCode(), shrink::toString);
        assertTrue(shrink.err().startsWith("Error while executing topic command : "), shrink::toString);
        assertEquals(1, shrink.err().split("\n").length, "one line, no stack trace: " + shrink.err());
    }

    @Test
    void shouldDeleteATopicAndHonourIfExists() {
        ok("--create", "--topic", "doomed", "--partitions", "1");
        assertEquals("", ok("--delete", "--topic", "doomed").out());
        TestUtils.waitForCondition(() -> !ok("--list").outLines().contains("doomed"), Duration.ofSeconds(30),
            "the deleted topic left the list");
        ToolResult missing = topics("--delete", "--topic", "doomed");
        assertEquals(1, missing.exitCode(), missing::toString);
        assertEquals("Error while executing topic command : Topic 'doomed' does not exist as expected\n",
            missing.err());
        assertEquals("", ok("--delete", "--topic", "doomed", "--if-exists").out());
        assertEquals("", ok("--describe", "--topic", "doomed", "--if-exists").out());
    }

    @Test
    void shouldRefuseAReplicationFactorAboveTheLiveBrokersWithTheBrokersReason() {
        ToolResult result = topics("--create", "--topic", "replicated", "--partitions", "1", "--replication-factor",
            "3");
        assertEquals(1, result.exitCode(), result::toString);
        assertTrue(result.err().contains("INVALID_REPLICATION_FACTOR"), result::toString);
    }

    @Test
    void shouldShowOnlyUnavailablePartitionsWhenABrokerIsDown() {
        ok("--create", "--topic", "spread", "--partitions", "4");
        // every broker learns the new partitions' leaders on its own, a moment apart
        TestUtils.waitForCondition(() -> ok("--describe", "--topic", "spread", "--unavailable-partitions").out()
            .isEmpty(), Duration.ofSeconds(30), "all partitions have a leader on every broker");
        assertEquals("", ok("--describe", "--topic", "spread", "--under-replicated-partitions").out());
        cluster.stopBroker(2);
        try {
            TestUtils.waitForCondition(() -> ok("--describe", "--topic", "spread", "--unavailable-partitions")
                .out().contains("Leader: none"), Duration.ofSeconds(30), "broker 2's partitions went offline");
            List<String> offline = ok("--describe", "--topic", "spread", "--unavailable-partitions").outLines();
            assertFalse(offline.isEmpty());
            for (String line : offline) {
                var m = PARTITION_LINE.matcher(line);
                assertTrue(m.matches(), line);
                assertEquals("none", m.group(3));
                assertEquals("2", m.group(4));
            }
            assertTrue(offline.size() < 4, "broker 1's partitions are still led: " + offline);
        } finally {
            cluster.startBroker(2);
        }
    }
}
