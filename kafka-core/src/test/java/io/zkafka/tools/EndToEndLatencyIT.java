package io.zkafka.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkafka.clients.admin.Admin;
import io.zkafka.clients.admin.OffsetSpec;
import io.zkafka.common.TopicPartition;
import io.zkafka.test.ZKafkaCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kafka-e2e-latency.sh against a real broker: creates the missing topic, sends and reads back every
 * message (they are all in the log afterwards), prints every 1000th latency and Kafka's summary
 * lines; a second run with acks=all and a properties file uses the existing topic; acks=0 and a
 * wrong number of arguments are refused.
 */
class EndToEndLatencyIT {
    private static ZKafkaCluster cluster;
    @TempDir
    Path dir;

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

    private static long logEnd(String topic) throws Exception {
        TopicPartition tp = new TopicPartition(topic, 0);
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", cluster.bootstrapServers()))) {
            return admin.listOffsets(Map.of(tp, OffsetSpec.latest())).partitionResult(tp).get(30, TimeUnit.SECONDS)
                .offset();
        }
    }

    @Test
    void shouldMeasureTheRoundTripOfEveryMessage() throws Exception {
        ToolResult result = ToolResult.run(EndToEndLatency.RUNNER, cluster.bootstrapServers(), "latency", "2000", "1",
            "100");

        assertEquals(0, result.exitCode(), result::toString);
        List<String> lines = result.outLines();
        assertEquals("Topic \"latency\" does not exist. Will create topic with 1 partition(s) and replication "
            + "factor = 1", lines.get(0));
        assertTrue(lines.get(1).matches("0\t\\d+\\.\\d+(E-?\\d+)?"), result::toString);
        assertTrue(lines.get(2).matches("1000\t\\d+\\.\\d+(E-?\\d+)?"), result::toString);
        assertTrue(lines.get(3).matches("Avg latency: \\d+\\.\\d{4} ms"), result::toString);
        assertTrue(lines.get(4).matches("Percentiles: 50th = \\d+, 99th = \\d+, 99\\.9th = \\d+"), result::toString);
        assertTrue(lines.get(5).matches("Percentiles \\(us\\): 50th = \\d+, 99th = \\d+, 99\\.9th = \\d+"),
            result::toString);
        assertEquals(6, lines.size(), result::toString);
        assertEquals(2000, logEnd("latency"));

        Path props = dir.resolve("client.properties");
        Files.writeString(props, "client.id=e2e\n");
        ToolResult second = ToolResult.run(EndToEndLatency.RUNNER, cluster.bootstrapServers(), "latency", "10", "all",
            "50", props.toString());
        assertEquals(0, second.exitCode(), second::toString);
        assertTrue(second.outLines().get(0).startsWith("0\t"), second::toString);
        assertEquals(2010, logEnd("latency"));
    }

    @Test
    void shouldRefuseAcksZeroAndWrongArguments() {
        ToolResult acks = ToolResult.run(EndToEndLatency.RUNNER, cluster.bootstrapServers(), "t", "10", "0", "100");
        assertEquals(1, acks.exitCode(), acks::toString);
        assertTrue(acks.err().contains("Latency testing requires synchronous acknowledgement. Please use 1 or all"),
            acks::toString);
        ToolResult missing = ToolResult.run(EndToEndLatency.RUNNER, cluster.bootstrapServers(), "t", "10");
        assertEquals(1, missing.exitCode(), missing::toString);
        assertTrue(missing.err().contains("Missing required parameters"), missing::toString);
        assertTrue(missing.err().contains("Usage:"), missing::toString);
    }
}
