package io.zkafka.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkafka.clients.admin.Admin;
import io.zkafka.clients.admin.NewTopic;
import io.zkafka.clients.consumer.OffsetAndMetadata;
import io.zkafka.common.TopicPartition;
import io.zkafka.common.json.JsonObjectView;
import io.zkafka.test.ZKafkaCluster;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * kafka-verifiable-consumer.sh against a real broker: Kafka's JSON event lines for a group member
 * that reads and commits a topic's records; the group's committed offsets afterwards are what it
 * reported, and a second run of the same group goes on from them.
 */
class VerifiableConsumerIT {
    private static ZKafkaCluster cluster;
    private static Admin admin;

    @BeforeAll
    static void start() throws Exception {
        cluster = ZKafkaCluster.builder().brokers(1).forConsumerGroups(1).build();
        admin = Admin.create(Map.of("bootstrap.servers", cluster.bootstrapServers()));
        admin.createTopics(List.of(new NewTopic("vc", 2, (short) 1))).all().get(30, TimeUnit.SECONDS);
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

    private static List<JsonObjectView> consume(int maxMessages) {
        ToolResult result = ToolResult.run(VerifiableConsumer.RUNNER, "--bootstrap-server",
            cluster.bootstrapServers(), "--topic", "vc", "--group-id", "verifier", "--max-messages",
            String.valueOf(maxMessages), "--verbose", "--session-timeout", "10000");
        assertEquals(0, result.exitCode(), result::toString);
        return result.outLines().stream().map(JsonObjectView::parse).toList();
    }

    private static List<JsonObjectView> named(List<JsonObjectView> events, String name) {
        return events.stream().filter(e -> e.stringField("name").equals(name)).toList();
    }

    private static long committed(int partition) throws Exception {
        OffsetAndMetadata offset = admin.listConsumerGroupOffsets("verifier").partitionsToOffsetAndMetadata()
            .get(30, TimeUnit.SECONDS).get(new TopicPartition("vc", partition));
        return offset == null ? -1 : offset.offset();
    }

    @Test
    void shouldReportConsumedAndCommittedRecordsAndResumeFromThem() throws Exception {
        DeleteRecordsCommandIT.produce(cluster.bootstrapServers(), "vc", 2, 10);

        List<JsonObjectView> events = consume(20);

        assertEquals("startup_complete", events.get(0).stringField("name"));
        assertEquals("shutdown_complete", events.get(events.size() - 1).stringField("name"));
        JsonObjectView assigned = named(events, "partitions_assigned").get(0);
        assertEquals(List.of(0, 1), assigned.objectList("partitions").stream().map(p -> p.intField("partition"))
            .toList());
        List<JsonObjectView> records = named(events, "record_data");
        assertEquals(20, records.size());
        assertEquals(20, named(events, "records_consumed").stream().flatMap(e -> e.objectList("partitions")
            .stream()).mapToInt(p -> p.intField("count")).sum());
        List<JsonObjectView> commits = named(events, "offsets_committed");
        assertTrue(!commits.isEmpty() && commits.stream().allMatch(c -> c.optionalString("error") == null),
            events::toString);
        JsonObjectView lastCommit = commits.get(commits.size() - 1);
        assertTrue(lastCommit.objectList("offsets").stream().allMatch(o -> o.longField("offset") == 10),
            lastCommit::toString);
        assertEquals(10, committed(0));
        assertEquals(10, committed(1));

        DeleteRecordsCommandIT.produce(cluster.bootstrapServers(), "vc", 1, 5);
        List<JsonObjectView> again = consume(5);
        List<JsonObjectView> more = named(again, "record_data");
        assertEquals(List.of(10L, 11L, 12L, 13L, 14L), more.stream().map(r -> r.longField("offset")).toList());
        assertTrue(more.stream().allMatch(r -> r.intField("partition") == 0));
        assertEquals(15, committed(0));
    }
}
