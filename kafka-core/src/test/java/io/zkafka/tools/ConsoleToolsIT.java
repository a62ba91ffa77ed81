package io.zkafka.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkafka.test.ZKafkaCluster;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The console producer and consumer against a real broker: round trips, keys, positions and exits. */
class ConsoleToolsIT {
    private static ZKafkaCluster cluster;

    @BeforeAll
    static void start() throws Exception {
        cluster = ZKafkaCluster.builder().brokers(1).build();
    }

    @AfterAll
    static void stop() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    private static void createTopic(String topic, int partitions) {
        ToolResult result = ToolResult.run(TopicCommand.RUNNER, "--bootstrap-server", cluster.bootstrapServers(),
            "--create", "--topic", topic, "--partitions", String.valueOf(partitions));
        assertEquals(0, result.exitCode(), result::toString);
    }

    private static ToolResult produce(String topic, String input, String... extra) {
        return ToolResult.runWithInput(ConsoleProducer.RUNNER, input, concat(
            new String[] {"--bootstrap-server", cluster.bootstrapServers(), "--topic", topic}, extra));
    }

    private static ToolResult consume(String topic, String... extra) {
        return ToolResult.run(ConsoleConsumer.RUNNER, concat(
            new String[] {"--bootstrap-server", cluster.bootstrapServers(), "--topic", topic}, extra));
    }

    private static String[] concat(String[] a, String[] b) {
        String[] all = new String[a.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    private static void assertOk(ToolResult result) {
        assertEquals(0, result.exitCode(), result::toString);
    }

    @Test
    void shouldRoundTripKeysAndValuesWithCustomSeparators() {
        createTopic("keyed", 1);
        assertOk(produce("keyed", "k1:v1\nk2:v:2\n", "--property", "parse.key=true", "--property",
            "key.separator=:"));
        ToolResult consumed = consume("keyed", "--from-beginning", "--max-messages", "2", "--property",
            "print.key=true", "--property", "key.separator=|");
        assertOk(consumed);
        assertEquals(List.of("k1|v1", "k2|v:2"), consumed.outLines());
        assertTrue(consumed.err().contains("Processed a total of 2 messages"), consumed::toString);
    }

    @Test
    void shouldStopAfterMaxMessages() {
        createTopic("many", 1);
        assertOk(produce("many", "a\nb\nc\nd\ne\n"));
        ToolResult consumed = consume("many", "--from-beginning", "--max-messages", "3");
        assertOk(consumed);
        assertEquals(List.of("a", "b", "c"), consumed.outLines());
        assertTrue(consumed.err().contains("Processed a total of 3 messages"), consumed::toString);
    }

    @Test
    void shouldExitWhenNoMessageArrivesWithinTimeout() {
        createTopic("quiet", 2);
        assertOk(produce("quiet", "x\ny\nz\n", "--sync", "--compression-codec", "lz4", "--batch-size", "1024",
            "--timeout", "0", "--request-required-acks", "1"));
        ToolResult consumed = consume("quiet", "--from-beginning", "--timeout-ms", "1500");
        assertOk(consumed);
        assertEquals(List.of("x", "y", "z"), consumed.outLines().stream().sorted().toList());
        assertTrue(consumed.err().contains("Processed a total of 3 messages"), consumed::toString);
    }

    @Test
    void shouldStartFromTheEndByDefault() {
        createTopic("tail", 1);
        assertOk(produce("tail", "old\n"));
        ToolResult consumed = consume("tail", "--timeout-ms", "500");
        assertOk(consumed);
        assertEquals("", consumed.out());
        assertTrue(consumed.err().contains("Processed a total of 0 messages"), consumed::toString);
    }

    @Test
    void shouldReadOnePartitionFromAnOffsetWithItsPositionPrinted() {
        createTopic("positions", 1);
        assertOk(produce("positions", "v0\nv1\nv2\nv3\nv4\n", "--compression-codec"));
        ToolResult fromThree = consume("positions", "--partition", "0", "--offset", "3", "--max-messages", "2",
            "--property", "print.offset=true", "--property", "print.partition=true");
        assertOk(fromThree);
        assertEquals(List.of("Partition:0\tOffset:3\tv3", "Partition:0\tOffset:4\tv4"), fromThree.outLines());
        ToolResult earliest = consume("positions", "--partition", "0", "--offset", "earliest", "--max-messages", "1",
            "--property", "print.timestamp=true");
        assertOk(earliest);
        assertTrue(earliest.out().matches("CreateTime:\\d+\tv0\n"), earliest::toString);
    }

    @Test
    void shouldRefuseAPartitionTheTopicDoesNotHave() {
        createTopic("small", 1);
        ToolResult result = consume("small", "--partition", "5", "--offset", "0", "--max-messages", "1");
        assertEquals(1, result.exitCode(), result::toString);
        assertTrue(result.err().contains("ERROR: Partition 5 of topic 'small' does not exist"), result::toString);
    }

    @Test
    void shouldConsumeAsAGroupMemberAndResumeFromItsCommittedOffsets() {
        createTopic("grouped", 2);
        assertOk(produce("grouped", "a\nb\nc\n"));
        ToolResult first = consume("grouped", "--group", "g1", "--from-beginning", "--max-messages", "3",
            "--timeout-ms", "30000");
        assertOk(first);
        assertEquals(Set.of("a", "b", "c"), Set.copyOf(first.outLines()));

        assertOk(produce("grouped", "d\ne\n"));
        ToolResult second = consume("grouped", "--group", "g1", "--from-beginning", "--max-messages", "2",
            "--timeout-ms", "30000");
        assertOk(second);
        assertEquals(Set.of("d", "e"), Set.copyOf(second.outLines()), "the group resumes after its commits");
    }

    @Test
    void shouldCommitOnlyThePrintedRecordsWhenMaxMessagesStopsInsideABatch() {
        createTopic("partly", 1);
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < 100; i++) {
            lines.append("line-").append(i).append('\n');
        }
        assertOk(produce("partly", lines.toString()));
        ToolResult first = consume("partly", "--group", "g-partly", "--from-beginning", "--max-messages", "10",
            "--timeout-ms", "30000");
        assertOk(first);
        ToolResult rest = consume("partly", "--group", "g-partly", "--max-messages", "90", "--timeout-ms", "30000");
        assertOk(rest);
        List<String> all = new ArrayList<>(first.outLines());
        all.addAll(rest.outLines());
        assertEquals(IntStream.range(0, 100).mapToObj(i -> "line-" + i).toList(), all,
            "the second run starts right after the last line the first one printed");
    }

    @Test
    void shouldFailWithALineNumberWhenAKeyIsMissing() {
        createTopic("strict", 1);
        ToolResult result = produce("strict", "a:1\nno key here\n", "--property", "parse.key=true", "--property",
            "key.separator=:");
        assertEquals(1, result.exitCode(), result::toString);
        assertEquals("ERROR: No key separator found on line number 2: 'no key here'\n", result.err());
        ToolResult consumed = consume("strict", "--from-beginning", "--max-messages", "1", "--property",
            "print.key=true");
        assertEquals(List.of("a\t1"), consumed.outLines(), "the line before the bad one was sent");
    }

    @Test
    void shouldExitNonZeroWhenARecordCannotBeSent() {
        createTopic("limited", 1);
        ToolResult result = produce("limited", "x".repeat(500) + "\n", "--producer-property", "max.request.size=200");
        assertEquals(1, result.exitCode(), result::toString);
        assertTrue(result.err().contains("ERROR: 1 of 1 records could not be sent to topic limited: The message is "),
            result::toString);
        assertTrue(result.err().contains("max.request.size"), result::toString);
    }
}
