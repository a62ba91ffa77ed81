package io.zkafka.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** kafka-consumer-groups.sh refuses wrong flag combinations before touching a cluster: exit 1, the reason, the usage. */
class ConsumerGroupCommandUsageTest {

    private static void assertUsageError(String reason, String... args) {
        ToolResult result = ToolResult.run(ConsumerGroupCommand.RUNNER, args);
        assertEquals(1, result.exitCode(), result::toString);
        assertTrue(result.err().contains(reason), result::toString);
        assertTrue(result.err().contains("Usage: kafka-consumer-groups.sh"), result::toString);
    }

    @Test
    void shouldPrintHelpAndExitZero() {
        ToolResult result = ToolResult.run(ConsumerGroupCommand.RUNNER, "--help");
        assertEquals(0, result.exitCode(), result::toString);
        assertTrue(result.out().contains("--reset-offsets") && result.out().contains("--to-datetime"), result::toString);
        assertEquals(0, ToolResult.run(ConsumerGroupCommand.RUNNER).exitCode());
    }

    @Test
    void shouldRequireExactlyOneActionAndABootstrapServer() {
        assertUsageError("Command must include exactly one action: --list, --describe, --delete, --reset-offsets, "
            + "--delete-offsets",
            "--bootstrap-server", "x:1", "--list", "--describe");
        assertUsageError("Command must include exactly one action", "--bootstrap-server", "x:1", "--group", "g");
        assertUsageError("Missing required argument \"[bootstrap-server]\"", "--list");
        assertUsageError("Unknown option: '--to-erliest'", "--bootstrap-server", "x:1", "--reset-offsets",
            "--group", "g", "--all-topics", "--to-erliest");
    }

    @Test
    void shouldRequireAGroupForDescribeDeleteAndReset() {
        assertUsageError("takes one of these options: [all-groups], [group]", "--bootstrap-server", "x:1", "--describe");
        assertUsageError("takes one of these options: [all-groups], [group]", "--bootstrap-server", "x:1", "--delete");
        assertUsageError("Option \"[group]\" can't be used with option \"[all-groups]\"", "--bootstrap-server", "x:1",
            "--describe", "--group", "g", "--all-groups");
        assertUsageError("Option \"[group]\" can't be used with option \"[list]\"", "--bootstrap-server", "x:1",
            "--list", "--group", "g");
    }

    @Test
    void shouldAcceptOnlyOneDescribeViewAndViewsOnlyWithDescribe() {
        assertUsageError("takes at most one of these options: [members], [offsets], [state]", "--bootstrap-server",
            "x:1", "--describe", "--group", "g", "--members", "--state");
        assertUsageError("Option \"[members]\" can't be used with option \"[list]\"", "--bootstrap-server", "x:1",
            "--list", "--members");
        assertUsageError("Option \"[verbose]\" can't be used with option \"[delete]\"", "--bootstrap-server", "x:1",
            "--delete", "--group", "g", "--verbose");
    }

    @Test
    void shouldRequireExactlyOneResetSpecAndOneScope() {
        assertUsageError("takes exactly one of these options: [to-datetime], [by-duration], [to-earliest]",
            "--bootstrap-server", "x:1", "--reset-offsets", "--group", "g", "--all-topics");
        assertUsageError("takes exactly one of these options: [to-datetime], [by-duration], [to-earliest]",
            "--bootstrap-server", "x:1", "--reset-offsets", "--group", "g", "--all-topics", "--to-earliest",
            "--to-offset", "3");
        assertUsageError("takes exactly one of these options: [all-topics], [topic]", "--bootstrap-server", "x:1",
            "--reset-offsets", "--group", "g", "--to-earliest");
        assertUsageError("takes exactly one of these options: [all-topics], [topic]", "--bootstrap-server", "x:1",
            "--reset-offsets", "--group", "g", "--to-earliest", "--topic", "t", "--all-topics");
        assertUsageError("only accepts one of [execute], [dry-run]", "--bootstrap-server", "x:1", "--reset-offsets",
            "--group", "g", "--topic", "t", "--to-earliest", "--dry-run", "--execute");
        assertUsageError("can only be used with \"[reset-offsets]\"", "--bootstrap-server", "x:1", "--describe",
            "--group", "g", "--to-earliest");
        assertUsageError("Option \"[execute]\" can't be used with option \"[describe]\"", "--bootstrap-server", "x:1",
            "--describe", "--group", "g", "--execute");
    }

    @Test
    void shouldRequireOneGroupAndATopicToDeleteOffsets() {
        assertUsageError("takes the following options: [group] (one), [topic]", "--bootstrap-server", "x:1",
            "--delete-offsets", "--group", "g");
        assertUsageError("takes the following options: [group] (one), [topic]", "--bootstrap-server", "x:1",
            "--delete-offsets", "--group", "g", "--group", "h", "--topic", "t");
        assertUsageError("Option \"[topic]\" can't be used with option \"[describe]\"", "--bootstrap-server", "x:1",
            "--describe", "--group", "g", "--topic", "t");
    }

    @Test
    void shouldNameABadDatetimeDurationOrOffset() {
        assertUsageError("Error parsing timestamp \"yesterday\"", "--bootstrap-server", "x:1", "--reset-offsets",
            "--group", "g", "--topic", "t", "--to-datetime", "yesterday");
        assertUsageError("Error parsing duration \"15m\"", "--bootstrap-server", "x:1", "--reset-offsets",
            "--group", "g", "--topic", "t", "--by-duration", "15m");
        assertUsageError("--to-offset", "--bootstrap-server", "x:1", "--reset-offsets", "--group", "g", "--topic", "t",
            "--to-offset", "ten");
    }
}
