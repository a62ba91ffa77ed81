package io.zkafka.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkafka.clients.admin.Admin;
import io.zkafka.clients.admin.NewTopic;
import io.zkafka.clients.admin.OffsetSpec;
import io.zkafka.clients.producer.KafkaProducer;
import io.zkafka.clients.producer.ProducerRecord;
import io.zkafka.common.TopicPartition;
import io.zkafka.common.serialization.StringSerializer;
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
 * kafka-delete-records.sh against two real brokers: the offsets of Kafka's JSON file become the
 * partitions' log start offsets (-1: the high watermark), printed in Kafka's lines; a partition
 * that does not exist is reported with its error and exit 1; a malformed file is refused.
 */
class DeleteRecordsCommandIT {
    private static ZKafkaCluster cluster;
    private static Admin admin;
    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws Exception {
        cluster = ZKafkaCluster.builder().brokers(2).build();
        admin = Admin.create(Map.of("bootstrap.servers", cluster.bootstrapServers()));
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

    static void produce(String bootstrap, String topic, int partitions, int perPartition) throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of("bootstrap.servers", bootstrap,
            "acks", "all"), new StringSerializer(), new StringSerializer())) {
            for (int p = 0; p < partitions; p++) {
                for (int i = 0; i < perPartition; i++) {
                    producer.send(new ProducerRecord<>(topic, p, "k" + i, "v" + i));
                }
            }
            producer.flush();
        }
    }

    private static long earliest(TopicPartition tp) throws Exception {
        return admin.listOffsets(Map.of(tp, OffsetSpec.earliest())).partitionResult(tp).get(30, TimeUnit.SECONDS)
            .offset();
    }

    private ToolResult deleteRecords(String json) throws Exception {
        Path file = dir.resolve("offsets.json");
        Files.writeString(file, json);
        return ToolResult.run(DeleteRecordsCommand.RUNNER, "--bootstrap-server", cluster.bootstrapServers(),
            "--offset-json-file", file.toString());
    }

    @Test
    void shouldMoveTheLogStartOffsetsToTheOffsetsOfTheFile() throws Exception {
        admin.createTopics(List.of(new NewTopic("purge", 2, (short) 2))).all().get(30, TimeUnit.SECONDS);
        produce(cluster.bootstrapServers(), "purge", 2, 10);

        ToolResult result = deleteRecords("{\"partitions\":[{\"topic\":\"purge\",\"partition\":0,\"offset\":4},"
            + "{\"topic\":\"purge\",\"partition\":1,\"offset\":-1}],\"version\":1}");

        assertEquals(0, result.exitCode(), result::toString);
        assertEquals(List.of("Executing records delete operation", "Records delete operation completed:",
            "partition: purge-0\tlow_watermark: 4", "partition: purge-1\tlow_watermark: 10"), result.outLines());
        assertEquals(4, earliest(new TopicPartition("purge", 0)));
        assertEquals(10, earliest(new TopicPartition("purge", 1)));
    }

    @Test
    void shouldReportAPartitionThatCannotBeCutAndExitOne() throws Exception {
        admin.createTopics(List.of(new NewTopic("small", 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
        produce(cluster.bootstrapServers(), "small", 1, 3);

        ToolResult result = deleteRecords("{\"partitions\":[{\"topic\":\"small\",\"partition\":0,\"offset\":2},"
            + "{\"topic\":\"small\",\"partition\":7,\"offset\":1}]}");

        assertEquals(1, result.exitCode(), result::toString);
        assertTrue(result.outLines().contains("partition: small-0\tlow_watermark: 2"), result::toString);
        assertTrue(result.outLines().stream().anyMatch(l -> l.startsWith("partition: small-7\terror: ")),
            result::toString);
        assertEquals(2, earliest(new TopicPartition("small", 0)));
    }

    @Test
    void shouldRefuseMalformedFilesBeforeTouchingTheCluster() throws Exception {
        ToolResult duplicate = deleteRecords("{\"partitions\":[{\"topic\":\"t\",\"partition\":0,\"offset\":1},"
            + "{\"topic\":\"t\",\"partition\":0,\"offset\":2}]}");
        assertEquals(1, duplicate.exitCode(), duplicate::toString);
        assertTrue(duplicate.err().contains("Offset json file contains duplicate topic partitions: t-0"),
            duplicate::toString);
        ToolResult version = deleteRecords("{\"version\":2,\"partitions\":[]}");
        assertTrue(version.err().contains("Not supported version field value 2"), version::toString);
        ToolResult notJson = deleteRecords("{\"partitions\":[{\"topic\":\"t\"");
        assertEquals(1, notJson.exitCode(), notJson::toString);
        assertTrue(notJson.err().startsWith("Error: Offset json file is not valid"), notJson::toString);
        ToolResult missing = ToolResult.run(DeleteRecordsCommand.RUNNER, "--bootstrap-server",
            cluster.bootstrapServers(), "--offset-json-file", dir.resolve("absent.json").toString());
        assertTrue(missing.err().contains("does not exist"), missing::toString);
        assertEquals("", missing.out());
    }
}
