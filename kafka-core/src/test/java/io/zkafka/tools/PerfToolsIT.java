package io.zkafka.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkafka.test.ZKafkaCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The producer and consumer perf tests against a real broker, asserting the shapes of Kafka's output lines. */
class PerfToolsIT {
    private static final Pattern PRODUCER_TOTAL = Pattern.compile("(\\d+) records sent, \\d+\\.\\d{6} records/sec "
        + "\\(\\d+\\.\\d{2} MB/sec\\), \\d+\\.\\d{2} ms avg latency, \\d+\\.\\d{2} ms max latency, (\\d+) ms 50th, "
        + "(\\d+) ms 95th, (\\d+) ms 99th, (\\d+) ms 99\\.9th\\.");
    private static final Pattern PRODUCER_WINDOW = Pattern.compile("\\d+ records sent, \\d+\\.\\d records/sec "
        + "\\(\\d+\\.\\d{2} MB/sec\\), \\d+\\.\\d ms avg latency, \\d+\\.\\d ms max latency\\.");
    private static final String CONSUMER_HEADER = "start.time, end.time, data.consumed.in.MB, MB.sec, "
        + "data.consumed.in.nMsg, nMsg.sec, rebalance.time.ms, fetch.time.ms, fetch.MB.sec, fetch.nMsg.sec";
    private static final String DATE = "\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}:\\d{3}";
    private static final String DECIMAL = "-?\\d+\\.\\d{4}";
    private static final Pattern CONSUMER_LINE = Pattern.compile(DATE + ", " + DATE + ", (" + DECIMAL + "), "
        + DECIMAL + ", (\\d+), " + DECIMAL + ", \\d+, \\d+, " + DECIMAL + ", " + DECIMAL);
    /** Kafka's --print-metrics line: group:name:{tags}, padding, " : ", a double with three decimals. */
    private static final Pattern METRIC_LINE = Pattern.compile(
        "[a-z-]+:[a-z-]+:\\{[^}]*\\} *: (-?\\d+\\.\\d{3}|NaN|-?Infinity)");
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

    private static ToolResult producerPerf(String... args) {
        return ToolResult.run(ProducerPerformance.RUNNER, args);
    }

    @Test
    void shouldProduceThenConsumeTwentyThousandRecordsWithKafkasOutputLines() {
        createTopic("perf", 3);
        ToolResult produced = producerPerf("--topic", "perf", "--num-records", "20000", "--record-size", "100",
            "--throughput", "-1", "--producer-props", "bootstrap.servers=" + cluster.bootstrapServers(), "acks=1",
            "linger.ms=5");
        assertEquals(0, produced.exitCode(), produced::toString);
        List<String> lines = produced.outLines();
        Matcher total = PRODUCER_TOTAL.matcher(lines.get(lines.size() - 1));
        assertTrue(total.matches(), produced::toString);
        assertEquals("20000", total.group(1));
        assertTrue(Integer.parseInt(total.group(2)) <= Integer.parseInt(total.group(5)), "percentiles are ordered");
        lines.subList(0, lines.size() - 1).forEach(line -> assertTrue(PRODUCER_WINDOW.matcher(line).matches(), line));

        ToolResult consumed = ToolResult.run(ConsumerPerformance.RUNNER, "--bootstrap-server",
            cluster.bootstrapServers(), "--topic", "perf", "--messages", "20000", "--timeout", "10000");
        assertEquals(0, consumed.exitCode(), consumed::toString);
        assertEquals(2, consumed.outLines().size(), consumed::toString);
        assertEquals(CONSUMER_HEADER, consumed.outLines().get(0));
        Matcher line = CONSUMER_LINE.matcher(consumed.outLines().get(1));
        assertTrue(line.matches(), consumed::toString);
        assertEquals("1.9073", line.group(1), "20000 records of 100 bytes in MB");
        assertEquals("20000", line.group(2));
    }

    @Test
    void shouldSendPayloadsFromAFileAndWarnWhenTooFewMessagesArrive(@TempDir Path dir) throws Exception {
        createTopic("payloads", 1);
        Path file = dir.resolve("payloads.txt");
        Files.writeString(file, "alpha\nbeta\ngamma\n");
        Path config = dir.resolve("producer.properties");
        Files.writeString(config, "bootstrap.servers=" + cluster.bootstrapServers() + "\n");
        ToolResult produced = producerPerf("--topic", "payloads", "--num-records", "50", "--payload-file",
            file.toString(), "--throughput", "1000000", "--producer.config", config.toString(), "--print-metrics");
        assertEquals(0, produced.exitCode(), produced::toString);
        assertTrue(produced.out().startsWith("Reading payloads from: " + file.toAbsolutePath()
            + "\nNumber of messages read: 3\n"), produced::toString);
        assertTrue(PRODUCER_TOTAL.matcher(produced.outLines().get(2)).matches(), produced::toString);

        ToolResult consumed = ToolResult.run(ConsumerPerformance.RUNNER, "--bootstrap-server",
            cluster.bootstrapServers(), "--topic", "payloads", "--messages", "60", "--timeout", "1000",
            "--hide-header");
        assertEquals(0, consumed.exitCode(), consumed::toString);
        assertEquals("WARNING: Exiting before consuming the expected number of messages: timeout (1000 ms) exceeded. "
            + "You can use the --timeout option to increase the timeout.", consumed.outLines().get(0));
        Matcher line = CONSUMER_LINE.matcher(consumed.outLines().get(1));
        assertTrue(line.matches(), consumed::toString);
        assertEquals("50", line.group(2));

        ToolResult grouped = ToolResult.run(ConsumerPerformance.RUNNER, "--bootstrap-server",
            cluster.bootstrapServers(), "--topic", "payloads", "--messages", "50", "--timeout", "30000",
            "--hide-header", "--group", "perf-group");
        assertEquals(0, grouped.exitCode(), grouped::toString);
        Matcher groupLine = CONSUMER_LINE.matcher(grouped.outLines().get(0));
        assertTrue(groupLine.matches(), grouped::toString);
        assertEquals("50", groupLine.group(2), "a group member assigned every partition reads everything");
    }

    @Test
    void shouldPrintTheClientsMetricsInKafkasFormatWithPrintMetrics() {
        createTopic("printed", 1);
        ToolResult produced = producerPerf("--topic", "printed", "--num-records", "1000", "--record-size", "100",
            "--throughput", "-1", "--producer-props", "bootstrap.servers=" + cluster.bootstrapServers(),
            "--print-metrics");
        assertEquals(0, produced.exitCode(), produced::toString);
        List<String> metrics = metricLines(produced.outLines(), produced);
        assertTrue(metrics.contains(line(metrics, "producer-metrics:record-send-total:{client-id=perf-producer-client}")
            + " : 1000.000"), produced::toString);
        assertTrue(metrics.contains(line(metrics,
            "producer-topic-metrics:record-send-total:{client-id=perf-producer-client, topic=printed}")
            + " : 1000.000"), produced::toString);
        assertTrue(metrics.stream().anyMatch(l -> l.startsWith("producer-metrics:request-latency-avg:")),
            produced::toString);

        ToolResult consumed = ToolResult.run(ConsumerPerformance.RUNNER, "--bootstrap-server",
            cluster.bootstrapServers(), "--topic", "printed", "--messages", "1000", "--timeout", "30000",
            "--print-metrics");
        assertEquals(0, consumed.exitCode(), consumed::toString);
        assertTrue(CONSUMER_LINE.matcher(consumed.outLines().get(1)).matches(), consumed::toString);
        List<String> consumerMetrics = metricLines(consumed.outLines(), consumed);
        assertTrue(consumerMetrics.contains(line(consumerMetrics,
            "consumer-fetch-manager-metrics:records-consumed-total:{client-id=perf-consumer-client}") + " : 1000.000"),
            consumed::toString);
        assertTrue(consumerMetrics.stream().anyMatch(l -> l.startsWith(
            "consumer-fetch-manager-metrics:records-lag:{client-id=perf-consumer-client, topic=printed, partition=0}")),
            consumed::toString);
    }

    /**
     * The lines after Kafka's "Metric Name ... Value" header, checked for Kafka's shape
     * ({@code group:name:{tags} : value}, padded to one width, sorted).
     */
    private static List<String> metricLines(List<String> lines, ToolResult result) {
        int header = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).matches("Metric Name +Value")) {
                header = i;
            }
        }
        assertTrue(header > 0 && lines.get(header - 1).isEmpty(), result::toString);
        List<String> metrics = lines.subList(header + 1, lines.size());
        assertTrue(metrics.size() > 10, result::toString);
        int width = lines.get(header).indexOf("Value") - 3;
        for (String metric : metrics) {
            assertTrue(METRIC_LINE.matcher(metric).matches(), metric);
            assertEquals(" : ", metric.substring(width, width + 3), "padded to the longest name: " + metric);
        }
        List<String> names = metrics.stream().map(m -> m.substring(0, width).trim()).toList();
        assertEquals(names.stream().sorted().toList(), names, "sorted by name");
        return metrics;
    }

    /** The padded name column of the line whose name is {@code name}. */
    private static String line(List<String> metrics, String name) {
        int width = metrics.get(0).indexOf(" : ");
        return name + " ".repeat(Math.max(0, width - name.length()));
    }

    @Test
    void shouldFailClearlyForATopicThatDoesNotExist() {
        ToolResult consumed = ToolResult.run(ConsumerPerformance.RUNNER, "--bootstrap-server",
            cluster.bootstrapServers(), "--topic", "absent", "--messages", "1", "--consumer.config",
            "/no/such/consumer.properties");
        assertEquals(1, consumed.exitCode(), consumed::toString);
        assertTrue(consumed.err().contains("ERROR: --consumer.config: the file /no/such/consumer.properties does not "
            + "exist"), consumed::toString);
    }
}
