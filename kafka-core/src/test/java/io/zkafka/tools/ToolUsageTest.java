package io.zkafka.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkafka.tools.internals.ToolRunner;
import org.junit.jupiter.api.Test;

/** Flag handling of every tool, without a cluster: wrong or missing flags exit 1 with the reason, --help exits 0. */
class ToolUsageTest {

    private static void assertUsageError(ToolResult result, String reason) {
        assertEquals(1, result.exitCode(), result::toString);
        assertTrue(result.err().contains(reason), result::toString);
        assertTrue(result.err().contains("Usage:"), result::toString);
    }

    private static final ToolRunner[] EVERY_TOOL = {TopicCommand.RUNNER, ConsoleProducer.RUNNER, ConsoleConsumer.RUNNER,
        ProducerPerformance.RUNNER, ConsumerPerformance.RUNNER, MetricsCommand.RUNNER, ConsumerGroupCommand.RUNNER,
        LeaderElectionCommand.RUNNER, ReassignPartitionsCommand.RUNNER, RebalanceBenchmark.RUNNER,
        UnavailabilityBenchmark.RUNNER, GroupChurnBenchmark.RUNNER, TransactionsCommand.RUNNER,
        DeleteRecordsCommand.RUNNER, LogDirsCommand.RUNNER, GetOffsetShell.RUNNER, ConfigCommand.RUNNER,
        DumpLogSegments.RUNNER, EndToEndLatency.RUNNER, BrokerApiVersionsCommand.RUNNER, ZooKeeperShell.RUNNER,
        VerifiableProducer.RUNNER, VerifiableConsumer.RUNNER, AclCommand.RUNNER};

    @Test
    void shouldPrintHelpAndExitZeroForEveryTool() {
        for (ToolRunner tool : EVERY_TOOL) {
            ToolResult result = ToolResult.run(tool, "--help");
            assertEquals(0, result.exitCode(), result::toString);
            assertTrue(result.out().contains("Usage:") && result.out().contains("--help"), result::toString);
            assertEquals("", result.err(), result::toString);
        }
    }

    @Test
    void shouldPrintHelpWithoutArgumentsWhereKafkasToolDoes() {
        for (ToolRunner tool : new ToolRunner[] {TopicCommand.RUNNER, ProducerPerformance.RUNNER,
            ConsumerPerformance.RUNNER, ConsumerGroupCommand.RUNNER, RebalanceBenchmark.RUNNER,
            UnavailabilityBenchmark.RUNNER, GroupChurnBenchmark.RUNNER, DeleteRecordsCommand.RUNNER,
            LogDirsCommand.RUNNER, GetOffsetShell.RUNNER, ConfigCommand.RUNNER, DumpLogSegments.RUNNER,
            EndToEndLatency.RUNNER, BrokerApiVersionsCommand.RUNNER, ZooKeeperShell.RUNNER, AclCommand.RUNNER}) {
            ToolResult result = ToolResult.run(tool);
            assertEquals(0, result.exitCode(), result::toString);
            assertTrue(result.out().startsWith("Usage:"), result::toString);
        }
        for (ToolRunner tool : new ToolRunner[] {ConsoleProducer.RUNNER, ConsoleConsumer.RUNNER}) {
            assertUsageError(ToolResult.run(tool), "Missing required option");
        }
    }

    @Test
    void shouldRejectAnUnknownFlagWithExitCodeOne() {
        assertUsageError(ToolResult.run(TopicCommand.RUNNER, "--bootstrap-server", "x:1", "--list", "--no-such-flag"),
            "Unknown option: '--no-such-flag'");
        assertUsageError(ToolResult.run(ConsoleConsumer.RUNNER, "--bootstrap-server", "x:1", "--topic", "t",
            "--frm-beginning"), "--frm-beginning");
        assertUsageError(ToolResult.run(ConsoleProducer.RUNNER, "--bootstrap-server", "x:1", "--topic", "t",
            "--batch-size", "big"), "--batch-size");
    }

    @Test
    void shouldRejectMissingRequiredFlagsOfTheOperationsTools() {
        assertUsageError(ToolResult.run(DeleteRecordsCommand.RUNNER, "--bootstrap-server", "x:1"),
            "Missing required option: '--offset-json-file");
        assertUsageError(ToolResult.run(LogDirsCommand.RUNNER, "--describe"),
            "Missing required option: '--bootstrap-server");
        assertUsageError(ToolResult.run(GetOffsetShell.RUNNER, "--bootstrap-server", "x:1", "--time", "soon"),
            "Malformed time argument soon");
        assertUsageError(ToolResult.run(ConfigCommand.RUNNER, "--bootstrap-server", "x:1", "--describe"),
            "--entity-type must be specified");
        assertUsageError(ToolResult.run(DumpLogSegments.RUNNER, "--files"), "Missing required parameter");
        assertUsageError(ToolResult.run(EndToEndLatency.RUNNER, "x:1", "t", "many", "1", "100"), "num_messages");
        assertUsageError(ToolResult.run(BrokerApiVersionsCommand.RUNNER, "--bootstrap-sever", "x:1"),
            "Missing required option: '--bootstrap-server");
        assertUsageError(ToolResult.run(ZooKeeperShell.RUNNER, "127.0.0.1:2181", "ls", "-x", "/"), "-x");
        assertUsageError(ToolResult.run(VerifiableProducer.RUNNER, "--topic", "t"),
            "Missing required option: --bootstrap-server");
        assertUsageError(ToolResult.run(VerifiableConsumer.RUNNER, "--bootstrap-server", "x:1", "--topic", "t"),
            "Missing required option: '--group-id");
        assertUsageError(ToolResult.run(VerifiableConsumer.RUNNER, "--bootstrap-server", "x:1", "--topic", "t",
            "--group-id", "g", "--reset-policy", "oldest"), "--reset-policy must be either");
    }

    @Test
    void shouldRequireExactlyOneTopicAction() {
        assertUsageError(ToolResult.run(TopicCommand.RUNNER, "--bootstrap-server", "x:1", "--list", "--describe"),
            "Command must include exactly one action: --list, --describe, --create, --alter or --delete");
        assertUsageError(ToolResult.run(TopicCommand.RUNNER, "--bootstrap-server", "x:1"),
            "Command must include exactly one action");
    }

    @Test
    void shouldRejectTopicFlagCombinationsKafkaRejects() {
        assertUsageError(ToolResult.run(TopicCommand.RUNNER, "--list"), "--bootstrap-server must be specified");
        assertUsageError(ToolResult.run(TopicCommand.RUNNER, "--bootstrap-server", "x:1", "--create"),
            "Missing required argument \"[topic]\"");
        assertUsageError(ToolResult.run(TopicCommand.RUNNER, "--bootstrap-server", "x:1", "--alter", "--topic", "t"),
            "Missing required argument \"[partitions]\"");
        assertUsageError(ToolResult.run(TopicCommand.RUNNER, "--bootstrap-server", "x:1", "--list", "--partitions", "3"),
            "Option \"[partitions]\" can't be used with option \"[list]\"");
        assertUsageError(ToolResult.run(TopicCommand.RUNNER, "--bootstrap-server", "x:1", "--alter", "--topic", "t",
            "--partitions", "3", "--config", "retention.ms=1"), "kafka-configs");
        assertUsageError(ToolResult.run(TopicCommand.RUNNER, "--bootstrap-server", "x:1", "--create", "--topic", "t",
            "--config", "retention.ms"), "Invalid topic config");
    }

    @Test
    void shouldRejectAnOffsetWithoutPartitionOrWithFromBeginning() {
        assertUsageError(ToolResult.run(ConsoleConsumer.RUNNER, "--bootstrap-server", "x:1", "--topic", "t",
            "--offset", "3"), "The partition is required when offset is specified.");
        assertUsageError(ToolResult.run(ConsoleConsumer.RUNNER, "--bootstrap-server", "x:1", "--topic", "t",
            "--partition", "0", "--offset", "3", "--from-beginning"),
            "Options from-beginning and offset cannot be specified together.");
        assertUsageError(ToolResult.run(ConsoleConsumer.RUNNER, "--bootstrap-server", "x:1", "--topic", "t",
            "--partition", "0", "--offset", "soon"), "The provided offset value 'soon' is incorrect");
    }

    @Test
    void shouldRequireTheProducerPerfTestsFlagsAsKafkaDoes() {
        assertUsageError(ToolResult.run(ProducerPerformance.RUNNER, "--topic", "t", "--num-records", "10",
            "--throughput", "-1"), "--record-size");
        assertUsageError(ToolResult.run(ProducerPerformance.RUNNER, "--topic", "t", "--num-records", "10",
            "--throughput", "-1", "--record-size", "10", "--payload-monotonic"), "mutually exclusive");
        assertUsageError(ToolResult.run(ProducerPerformance.RUNNER, "--topic", "t", "--num-records", "10",
            "--throughput", "-1", "--record-size", "10"),
            "Either --producer-props or --producer.config must be specified.");
        // a negative --throughput is a value, not a flag: the run gets as far as checking --num-records
        assertUsageError(ToolResult.run(ProducerPerformance.RUNNER, "--topic", "t", "--num-records", "0",
            "--throughput", "-1", "--record-size", "10", "--producer-props", "bootstrap.servers=x:1", "acks=1"),
            "--num-records should be greater than zero");
    }

    @Test
    void shouldRequireMessagesForTheConsumerPerfTest() {
        assertUsageError(ToolResult.run(ConsumerPerformance.RUNNER, "--bootstrap-server", "x:1", "--topic", "t"),
            "--messages");
        assertUsageError(ToolResult.run(ConsumerPerformance.RUNNER, "--bootstrap-server", "x:1", "--topic", "t",
            "--messages", "10", "--reporting-interval", "0"), "Reporting interval must be greater than 0.");
    }

    @Test
    void shouldReportAMissingConfigFileInOneLine() {
        ToolResult result = ToolResult.run(TopicCommand.RUNNER, "--bootstrap-server", "x:1", "--list",
            "--command-config", "/no/such/file.properties");
        assertEquals(1, result.exitCode(), result::toString);
        assertEquals("Error while executing topic command : --command-config: the file /no/such/file.properties "
            + "does not exist\n", result.err());
    }
}
