package io.zkafka.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkafka.clients.admin.Admin;
import io.zkafka.clients.admin.NewTopic;
import io.zkafka.clients.admin.RecordsToDelete;
import io.zkafka.clients.producer.KafkaProducer;
import io.zkafka.clients.producer.ProducerRecord;
import io.zkafka.common.TopicPartition;
import io.zkafka.common.serialization.StringSerializer;
import io.zkafka.test.ZKafkaCluster;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * kafka-get-offsets.sh against a real broker: latest, earliest (after a deletion) and by timestamp
 * offsets as {@code topic:partition:offset}, an empty offset past the last timestamp, --topic
 * regexes with --partitions, --topic-partitions patterns, and Kafka's refusals.
 */
class GetOffsetShellIT {
    private static ZKafkaCluster cluster;

    @BeforeAll
    static void start() throws Exception {
        cluster = ZKafkaCluster.builder().brokers(1).build();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", cluster.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic("offs", 3, (short) 1), new NewTopic("other", 1, (short) 1)))
                .all().get(30, TimeUnit.SECONDS);
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of("bootstrap.servers",
                cluster.bootstrapServers()), new StringSerializer(), new StringSerializer())) {
                for (int i = 0; i < 5; i++) {
                    producer.send(new ProducerRecord<>("offs", 0, 1000L * (i + 1), "k", "v" + i));
                }
                for (int i = 0; i < 3; i++) {
                    producer.send(new ProducerRecord<>("offs", 1, "k", "v" + i));
                }
                producer.send(new ProducerRecord<>("other", 0, "k", "v"));
                producer.flush();
            }
            TopicPartition offs0 = new TopicPartition("offs", 0);
            admin.deleteRecords(Map.of(offs0, RecordsToDelete.beforeOffset(1))).all().get(30, TimeUnit.SECONDS);
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    private static ToolResult getOffsets(String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "--bootstrap-server";
        all[1] = cluster.bootstrapServers();
        System.arraycopy(args, 0, all, 2, args.length);
        return ToolResult.run(GetOffsetShell.RUNNER, all);
    }

    private static List<String> ok(String... args) {
        ToolResult result = getOffsets(args);
        assertEquals(0, result.exitCode(), result::toString);
        return result.outLines();
    }

    @Test
    void shouldPrintLatestAndEarliestOffsets() {
        assertEquals(List.of("offs:0:5", "offs:1:3", "offs:2:0"), ok("--topic", "offs"));
        assertEquals(List.of("offs:0:5", "offs:1:3", "offs:2:0"), ok("--topic", "offs", "--time", "-1"));
        assertEquals(List.of("offs:0:1", "offs:1:0", "offs:2:0"), ok("--topic", "offs", "--time", "earliest"));
        assertEquals(List.of("offs:0:1", "offs:1:0", "offs:2:0"), ok("--topic", "offs", "--time", "-2"));
    }

    @Test
    void shouldPrintTheFirstOffsetAtOrAfterATimestampAndNothingPastTheLast() {
        assertEquals(List.of("offs:0:2"), ok("--topic", "offs", "--partitions", "0", "--time", "3000"));
        assertEquals(List.of("offs:0:3"), ok("--topic", "offs", "--partitions", "0", "--time", "3500"));
        assertEquals(List.of("offs:0:"), ok("--topic", "offs", "--partitions", "0", "--time", "9000"));
    }

    @Test
    void shouldSelectPartitionsByRegexListAndPattern() {
        assertEquals(List.of("offs:0:5", "offs:2:0"), ok("--topic", "of.*", "--partitions", "0,2"));
        assertEquals(List.of("offs:1:3", "offs:2:0", "other:0:1"), ok("--topic-partitions", "offs:1-,other"));
        assertEquals(List.of("offs:0:5", "offs:1:3"), ok("--topic-partitions", "offs:-2"));
        assertEquals(List.of("offs:1:3", "other:0:1"), ok("--topic-partitions", "offs:1,ot.*:0-1"));
        assertTrue(ok("--exclude-internal-topics").containsAll(List.of("offs:0:5", "offs:1:3", "offs:2:0",
            "other:0:1")));
    }

    @Test
    void shouldRefuseWhatKafkasToolRefuses() {
        ToolResult both = getOffsets("--topic-partitions", "offs", "--topic", "offs");
        assertEquals(1, both.exitCode(), both::toString);
        assertTrue(both.err().contains("--topic-partitions cannot be used with --topic or --partitions"),
            both::toString);
        ToolResult time = getOffsets("--topic", "offs", "--time", "yesterday");
        assertEquals(1, time.exitCode(), time::toString);
        assertTrue(time.err().contains("Malformed time argument yesterday"), time::toString);
        ToolResult none = getOffsets("--topic", "absent");
        assertEquals(1, none.exitCode(), none::toString);
        assertEquals("Error occurred: Could not match any topic-partitions with the specified filters",
            none.err().trim());
        ToolResult noServer = ToolResult.run(GetOffsetShell.RUNNER, "--topic", "offs");
        assertEquals(1, noServer.exitCode(), noServer::toString);
        assertTrue(noServer.err().contains("Missing required option: --bootstrap-server"), noServer::toString);
    }
}
