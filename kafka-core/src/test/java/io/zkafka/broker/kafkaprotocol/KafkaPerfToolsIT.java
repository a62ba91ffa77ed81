package io.zkafka.broker.kafkaprotocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkafka.clients.admin.Admin;
import io.zkafka.clients.admin.NewTopic;
import io.zkafka.test.ZKafkaCluster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Apache Kafka 3.9's own perf tools (the kafka-tools jar's ProducerPerformance, ConsumerPerformance
 * and EndToEndLatency, each in a JVM of its own as their scripts run them) against the Kafka listener.
 */
class KafkaPerfToolsIT {
    private static final int RECORDS = 50_000;
    private static ZKafkaCluster cluster;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws Exception {
        cluster = ZKafkaCluster.builder().brokers(3).kafkaListener().forConsumerGroups(3).build();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", cluster.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic("perf", 3, (short) 3), new NewTopic("latency", 1, (short) 3)))
                .all().get(60, TimeUnit.SECONDS);
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void kafkasProducerAndConsumerPerformanceRunAgainstZKafka() throws Exception {
        String produced = runTool("org.apache.kafka.tools.ProducerPerformance", "--topic", "perf",
            "--num-records", Integer.toString(RECORDS), "--record-size", "100", "--throughput", "-1",
            "--producer-props", "bootstrap.servers=" + cluster.kafkaBootstrapServers(), "acks=all");
        assertTrue(produced.contains(RECORDS + " records sent"), produced);

        String consumed = runTool("org.apache.kafka.tools.ConsumerPerformance", "--bootstrap-server",
            cluster.kafkaBootstrapServers(), "--topic", "perf", "--messages", Integer.toString(RECORDS),
            "--timeout", "60000");
        // the CSV line: start.time, end.time, data.consumed.in.MB, MB.sec, data.consumed.in.nMsg, nMsg.sec, ...
        Matcher line = Pattern.compile("(?m)^[^,\\n]+, [^,]+, ([0-9.]+), [0-9.]+, ([0-9]+), ").matcher(consumed);
        assertTrue(line.find(), consumed);
        assertEquals(RECORDS, Integer.parseInt(line.group(2)), consumed);
    }

    @Test
    void kafkasEndToEndLatencyRunsAgainstZKafka() throws Exception {
        String output = runTool("org.apache.kafka.tools.EndToEndLatency", cluster.kafkaBootstrapServers(), "latency",
            "2000", "all", "100");
        assertTrue(output.contains("Avg latency:") && output.contains("Percentiles: 50th"), output);
    }

    private String runTool(String mainClass, String... args) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = new ArrayList<>(List.of(java, "-Xmx256m", "-cp", classpath, mainClass));
        command.addAll(List.of(args));
        Path output = Files.createTempFile(dir, "tool", ".out");
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
            .redirectOutput(output.toFile()).start();
        try {
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                throw new AssertionError(mainClass + " did not finish in 120 s: " + Files.readString(output));
            }
            String text = Files.readString(output);
            assertEquals(0, process.exitValue(), mainClass + " failed: " + text);
            return text;
        } finally {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
