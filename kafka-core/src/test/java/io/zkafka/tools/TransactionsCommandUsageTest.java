package io.zkafka.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Flag handling of kafka-transactions.sh and of the transaction flags of the console consumer and
 * the producer perf test, without a cluster: each wrong use exits 1 with its reason and the usage.
 */
class TransactionsCommandUsageTest {

    private static void assertUsageError(ToolResult result, String reason) {
        assertEquals(1, result.exitCode(), result::toString);
        assertTrue(result.err().contains(reason), result::toString);
        assertTrue(result.err().contains("Usage:"), result::toString);
    }

    private static ToolResult transactions(String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "--bootstrap-server";
        all[1] = "127.0.0.1:1";
        System.arraycopy(args, 0, all, 2, args.length);
        return ToolResult.run(TransactionsCommand.RUNNER, all);
    }

    @Test
    void shouldPrintHelpWithEverySubcommand() {
        ToolResult help = ToolResult.run(TransactionsCommand.RUNNER);
        assertEquals(0, help.exitCode(), help::toString);
        for (String subcommand : new String[] {"list", "describe", "describe-producers", "abort", "find-hanging"}) {
            assertTrue(help.out().contains(subcommand), help::toString);
            ToolResult own = transactions(subcommand, "--help");
            assertEquals(0, own.exitCode(), own::toString);
            assertTrue(own.out().contains("Usage: kafka-transactions.sh " + subcommand), own::toString);
        }
    }

    @Test
    void shouldRequireABootstrapServerAndACommand() {
        assertUsageError(ToolResult.run(TransactionsCommand.RUNNER, "list"),
            "Missing required option: '--bootstrap-server=host:port'");
        assertUsageError(transactions(), "Missing command: one of list, describe, describe-producers, abort, "
            + "find-hanging");
        assertUsageError(transactions("commit"), "Unmatched argument at index 2: 'commit'");
    }

    @Test
    void shouldRejectWrongSubcommandFlags() {
        assertUsageError(transactions("describe"), "Missing required option: '--transactional-id=TRANSACTIONAL_ID'");
        assertUsageError(transactions("describe-producers", "--topic", "t"), "Missing required option: "
            + "'--partition=PARTITION'");
        assertUsageError(transactions("describe-producers", "--topic", "t", "--partition", "x"), "--partition");
        assertUsageError(transactions("describe-producers", "--topic", "t", "--partition", "-1"),
            "--partition must not be negative, was -1");
        assertUsageError(transactions("list", "--duration-filter", "soon"), "--duration-filter");
    }

    @Test
    void shouldTakeEitherAStartOffsetOrAProducerToAbort() {
        assertUsageError(transactions("abort", "--topic", "t", "--partition", "0"),
            "Give either --start-offset, or all of --producer-id, --producer-epoch and --coordinator-epoch");
        assertUsageError(transactions("abort", "--topic", "t", "--partition", "0", "--producer-id", "5"),
            "Give either --start-offset, or all of --producer-id, --producer-epoch and --coordinator-epoch");
        assertUsageError(transactions("abort", "--topic", "t", "--partition", "0", "--start-offset", "3",
            "--producer-id", "5"), "--start-offset cannot be combined with --producer-id");
        assertUsageError(transactions("abort", "--topic", "t", "--partition", "0", "--start-offset", "-3"),
            "--start-offset must not be negative, was -3");
        assertUsageError(transactions("abort", "--partition", "0", "--start-offset", "3"),
            "Missing required option: '--topic=TOPIC'");
    }

    @Test
    void shouldRejectFindHangingWithoutAScope() {
        assertUsageError(transactions("find-hanging"), "The `find-hanging` command requires either --broker-id or "
            + "--topic");
        assertUsageError(transactions("find-hanging", "--partition", "0", "--broker-id", "1"),
            "The --partition argument requires --topic");
        assertUsageError(transactions("find-hanging", "--topic", "t", "--max-transaction-timeout", "0"),
            "--max-transaction-timeout must be positive, was 0");
    }

    @Test
    void shouldCheckTheIsolationLevelAndShowTheTransactionFlags() {
        assertUsageError(ToolResult.run(ConsoleConsumer.RUNNER, "--bootstrap-server", "127.0.0.1:1", "--topic", "t",
            "--isolation-level", "read_dirty"),
            "--isolation-level must be read_committed or read_uncommitted, was 'read_dirty'");
        ToolResult perf = ToolResult.run(ProducerPerformance.RUNNER, "--help");
        assertTrue(perf.out().contains("--transactional-id") && perf.out().contains("--transaction-duration-ms"),
            perf::toString);
        assertUsageError(ToolResult.run(ProducerPerformance.RUNNER, "--topic", "t", "--num-records", "1",
            "--record-size", "1", "--throughput", "-1", "--producer-props", "bootstrap.servers=127.0.0.1:1",
            "--transaction-duration-ms", "soon"), "--transaction-duration-ms");
    }
}
