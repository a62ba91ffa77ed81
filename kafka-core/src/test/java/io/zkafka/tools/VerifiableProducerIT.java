package io.zkafka.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkafka.clients.admin.Admin;
import io.zkafka.clients.admin.NewTopic;
import io.zkafka.clients.admin.OffsetSpec;
import io.zkafka.common.TopicPartition;
import io.zkafka.common.json.JsonObjectView;
import io.zkafka.test.TestUtils;
import io.zkafka.test.ZKafkaCluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * kafka-verifiable-producer.sh against a real broker: Kafka's JSON event lines, one acknowledged
 * send per value with its partition and offset, all of them in the log afterwards; value prefixes,
 * repeating keys and the tool_data summary.
 */
class VerifiableProducerIT {
    private static ZKafkaCluster cluster;
    private static Admin admin;

    @BeforeAll
    static void start() throws Exception {
        cluster = ZKafkaCluster.builder().brokers(1).build();
        admin = Admin.create(Map.of("bootstrap.servers", cluster.bootstrapServers()));
        admin.createTopics(List.of(new NewTopic("verified", 2, (short) 1), new NewTopic("keyed", 1, (short) 1)))
            .all().get(30, TimeUnit.SECONDS);
        // the tool does not retry (retries=0, as Kafka's): its first sends must find every partition led,
        // and the broker takes up its new partitions just after CreateTopics is answered
        List<TopicPartition> partitions = List.of(new TopicPartition("verified", 0), new TopicPartition("verified", 1),
            new TopicPartition("keyed", 0));
        TestUtils.waitForCondition(() -> partitions.stream().allMatch(tp -> cluster.runningBrokers().get(0)
                .replicaManager().partition(tp).map(partition -> partition.isLeader()).orElse(false)),
            Duration.ofSeconds(30), "the broker to lead every partition of the new topics");
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

    private static List<JsonObjectView> run(String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "--bootstrap-server";
        all[1] = cluster.bootstrapServers();
        System.arraycopy(args, 0, all, 2, args.length);
        ToolResult result = ToolResult.run(VerifiableProducer.RUNNER, all);
        assertEquals(0, result.exitCode(), result::toString);
        List<String> lines = result.outLines();
        String toolData = lines.get(lines.size() - 1);
        // the one fraction, which common's JSON parser does not read
        assertTrue(toolData.matches("\\{\"timestamp\":\\d+,\"name\":\"tool_data\",\"sent\":\\d+,\"acked\":\\d+,"
            + "\"target_throughput\":-?\\d+,\"avg_throughput\":\\d+\\.\\d+(E-?\\d+)?}"), toolData);
        List<JsonObjectView> events = new ArrayList<>(lines.subList(0, lines.size() - 1).stream()
            .map(JsonObjectView::parse).toList());
        events.add(JsonObjectView.parse(toolData.replaceAll(",\"avg_throughput\":[^}]*", "")));
        return events;
    }

    private static long logEnd(TopicPartition tp) throws Exception {
        return admin.listOffsets(Map.of(tp, OffsetSpec.latest())).partitionResult(tp).get(30, TimeUnit.SECONDS)
            .offset();
    }

    @Test
    void shouldPrintOneAcknowledgedSendPerValue() throws Exception {
        List<JsonObjectView> events = run("--topic", "verified", "--max-messages", "100", "--acks", "all");

        assertEquals(103, events.size());
        assertEquals("startup_complete", events.get(0).stringField("name"));
        Set<String> values = new HashSet<>();
        for (JsonObjectView event : events.subList(1, 101)) {
            assertEquals("producer_send_success", event.stringField("name"));
            assertEquals("verified", event.stringField("topic"));
            assertTrue(event.longField("offset") >= 0 && event.intField("partition") < 2);
            assertTrue(event.longField("timestamp") > 0);
            values.add(event.stringField("value"));
        }
        assertEquals(100, values.size());
        assertTrue(values.contains("0") && values.contains("99"));
        assertEquals("shutdown_complete", events.get(101).stringField("name"));
        JsonObjectView toolData = events.get(102);
        assertEquals("tool_data", toolData.stringField("name"));
        assertEquals(100, toolData.longField("sent"));
        assertEquals(100, toolData.longField("acked"));
        assertEquals(-1, toolData.intField("target_throughput"));
        assertEquals(100, logEnd(new TopicPartition("verified", 0)) + logEnd(new TopicPartition("verified", 1)));
    }

    @Test
    void shouldPrefixValuesAndRepeatKeys() throws Exception {
        List<JsonObjectView> events = run("--topic", "keyed", "--max-messages", "5", "--value-prefix", "7",
            "--repeating-keys", "2", "--throughput", "1000");

        List<JsonObjectView> sends = events.subList(1, 6);
        assertEquals(List.of("7.0", "7.1", "7.2", "7.3", "7.4"), sends.stream().map(e -> e.stringField("value")).toList());
        assertEquals(List.of("0", "1", "0", "1", "0"), sends.stream().map(e -> e.stringField("key")).toList());
        assertEquals(List.of(0L, 1L, 2L, 3L, 4L), sends.stream().map(e -> e.longField("offset")).toList());
        assertEquals(5, logEnd(new TopicPartition("keyed", 0)));
    }
}
