package io.zkafka.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkafka.clients.admin.Admin;
import io.zkafka.clients.admin.AdminClientConfig;
import io.zkafka.clients.admin.NewTopic;
import io.zkafka.common.TopicPartition;
import io.zkafka.config.KafkaConfig;
import io.zkafka.test.TestUtils;
import io.zkafka.test.ZKafkaCluster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** kafka-leader-election.sh and kafka-reassign-partitions.sh against a real cluster: Kafka's flags, files and output. */
class ReplicationToolsIT {
    @TempDir
    Path dir;

    private static List<Integer> replicas(ZKafkaCluster cluster, TopicPartition tp) {
        return cluster.controller().metadata().image().assignments().get(tp.topic()).replicas(tp.partition());
    }

    @Test
    void shouldGenerateExecuteVerifyAndElectWithKafkasFilesAndOutput() throws Exception {
        try (ZKafkaCluster cluster = ZKafkaCluster.builder().brokers(3)
                .brokerConfig(KafkaConfig.AUTO_LEADER_REBALANCE_ENABLE, false).build();
             Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers()))) {
            String bootstrap = cluster.bootstrapServers();
            admin.createTopics(List.of(new NewTopic("tool", Map.of(0, List.of(1, 2), 1, List.of(2, 3)))))
                .all().get(30, TimeUnit.SECONDS);
            TopicPartition p0 = new TopicPartition("tool", 0);
            TestUtils.waitForCondition(() -> cluster.controller().metadata().image().states().size() == 2,
                Duration.ofSeconds(30), "both partitions have states");

            Path topics = Files.writeString(dir.resolve("topics.json"), "{\"version\":1,\"topics\":[{\"topic\":\"tool\"}]}");
            ToolResult generated = ToolResult.run(ReassignPartitionsCommand.RUNNER, "--bootstrap-server", bootstrap,
                "--generate", "--topics-to-move-json-file", topics.toString(), "--broker-list", "1,2,3");
            assertEquals(0, generated.exitCode(), generated.err());
            assertTrue(generated.out().startsWith("Current partition replica assignment\n{\"version\":1,\"partitions\":["
                + "{\"topic\":\"tool\",\"partition\":0,\"replicas\":[1,2],\"log_dirs\":[\"any\",\"any\"]},"), generated.out());
            assertTrue(generated.out().contains("\n\nProposed partition reassignment configuration\n{\"version\":1,"),
                generated.out());

            Path plan = Files.writeString(dir.resolve("plan.json"), "{\"version\":1,\"partitions\":[{\"topic\":\"tool\","
                + "\"partition\":0,\"replicas\":[2,1],\"log_dirs\":[\"any\",\"any\"]}]}");
            ToolResult executed = ToolResult.run(ReassignPartitionsCommand.RUNNER, "--bootstrap-server", bootstrap,
                "--execute", "--reassignment-json-file", plan.toString());
            assertEquals(0, executed.exitCode(), executed.err());
            assertEquals("Current partition replica assignment\n\n{\"version\":1,\"partitions\":[{\"topic\":\"tool\","
                + "\"partition\":0,\"replicas\":[1,2],\"log_dirs\":[\"any\",\"any\"]}]}\n\n"
                + "Save this to use as the --reassignment-json-file option during rollback\n"
                + "Successfully started partition reassignments for tool-0\n", executed.out());
            TestUtils.waitForCondition(() -> replicas(cluster, p0).equals(List.of(2, 1)), Duration.ofSeconds(30),
                "tool-0 is assigned [2, 1]");
            ToolResult verified = ToolResult.run(ReassignPartitionsCommand.RUNNER, "--bootstrap-server", bootstrap,
                "--verify", "--reassignment-json-file", plan.toString());
            assertEquals("Status of partition reassignment:\nReassignment of partition tool-0 is completed.\n",
                verified.out());
            ToolResult cancelled = ToolResult.run(ReassignPartitionsCommand.RUNNER, "--bootstrap-server", bootstrap,
                "--cancel", "--reassignment-json-file", plan.toString());
            assertEquals("None of the specified partition reassignments are active.\n", cancelled.out());

            ToolResult elected = ToolResult.run(LeaderElectionCommand.RUNNER, "--bootstrap-server", bootstrap,
                "--election-type", "preferred", "--topic", "tool", "--partition", "0");
            assertEquals(0, elected.exitCode(), elected.err());
            assertEquals("Successfully completed leader election (PREFERRED) for partitions tool-0\n", elected.out());
            Path election = Files.writeString(dir.resolve("election.json"),
                "{\"partitions\":[{\"topic\":\"tool\",\"partition\":0},{\"topic\":\"tool\",\"partition\":1}]}");
            ToolResult noop = ToolResult.run(LeaderElectionCommand.RUNNER, "--bootstrap-server", bootstrap,
                "--election-type", "PREFERRED", "--path-to-json-file", election.toString());
            assertEquals(0, noop.exitCode(), noop.err());
            assertTrue(noop.out().startsWith("Valid replica already elected for partitions tool-"), noop.out());

            ToolResult unclean = ToolResult.run(LeaderElectionCommand.RUNNER, "--bootstrap-server", bootstrap,
                "--election-type", "unclean", "--all-topic-partitions");
            assertEquals(0, unclean.exitCode(), unclean.err());
            assertTrue(unclean.out().startsWith("Valid replica already elected for partitions "), unclean.out());

            ToolResult bad = ToolResult.run(LeaderElectionCommand.RUNNER, "--bootstrap-server", bootstrap,
                "--election-type", "sideways", "--all-topic-partitions");
            assertEquals(1, bad.exitCode());
            assertTrue(bad.err().contains("Unknown election type \"sideways\""), bad.err());
        }
    }

    @Test
    void shouldRefuseAMalformedReassignmentFileNamingTheProblem() throws IOException {
        Path plan = Files.writeString(dir.resolve("bad.json"), "{\"version\":1,\"partitions\":[{\"topic\":\"t\","
            + "\"partition\":0,\"replicas\":[\"x\"]}]}");
        ToolResult result = ToolResult.run(ReassignPartitionsCommand.RUNNER, "--bootstrap-server", "127.0.0.1:1",
            "--execute", "--reassignment-json-file", plan.toString());
        assertEquals(1, result.exitCode());
        assertTrue(result.err().contains("Expected broker ids as replicas of t-0"), result.err());
    }
}
