package io.zkafka.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkafka.clients.admin.Admin;
import io.zkafka.clients.admin.NewTopic;
import io.zkafka.common.json.JsonObjectView;
import io.zkafka.test.ZKafkaCluster;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * kafka-log-dirs.sh --describe against two real brokers: Kafka's two lines and JSON with each
 * broker's log dir (its real path) and the replicas in it with their sizes; --broker-list and
 * --topic-list narrow it; an unknown broker is refused with Kafka's message.
 */
class LogDirsCommandIT {
    private static ZKafkaCluster cluster;

    @BeforeAll
    static void start() throws Exception {
        cluster = ZKafkaCluster.builder().brokers(2).build();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", cluster.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic("sized", 2, (short) 2), new NewTopic("other", 1, (short) 2)))
                .all().get(30, TimeUnit.SECONDS);
        }
        DeleteRecordsCommandIT.produce(cluster.bootstrapServers(), "sized", 2, 50);
    }

    @AfterAll
    static void stop() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    private static ToolResult logDirs(String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "--bootstrap-server";
        all[1] = cluster.bootstrapServers();
        System.arraycopy(args, 0, all, 2, args.length);
        return ToolResult.run(LogDirsCommand.RUNNER, all);
    }

    @Test
    void shouldDescribeEveryBrokersLogDirWithItsReplicas() {
        ToolResult result = logDirs("--describe");

        assertEquals(0, result.exitCode(), result::toString);
        List<String> lines = result.outLines();
        assertEquals(3, lines.size(), result::toString);
        assertEquals("Querying brokers for log directories information", lines.get(0));
        assertEquals("Received log directory information from brokers 1,2", lines.get(1));
        JsonObjectView json = JsonObjectView.parse(lines.get(2));
        assertEquals(1, json.intField("version"));
        List<JsonObjectView> brokers = json.objectList("brokers");
        assertEquals(2, brokers.size());
        for (JsonObjectView broker : brokers) {
            int id = broker.intField("broker");
            JsonObjectView dir = broker.objectList("logDirs").get(0);
            assertEquals(cluster.logDir(id).toString(), dir.stringField("logDir"));
            assertNull(dir.optionalString("error"));
            List<JsonObjectView> partitions = dir.objectList("partitions");
            assertEquals(List.of("other-0", "sized-0", "sized-1"),
                partitions.stream().map(p -> p.stringField("partition")).toList(), result::toString);
            JsonObjectView sized = partitions.get(1);
            assertTrue(sized.longField("size") > 50 * 4, result::toString);
            assertEquals(0, partitions.get(0).longField("size"));
        }
    }

    @Test
    void shouldNarrowToTheBrokersAndTopicsAsked() {
        ToolResult result = logDirs("--describe", "--broker-list", "2", "--topic-list", "sized");

        assertEquals(0, result.exitCode(), result::toString);
        assertEquals("Received log directory information from brokers 2", result.outLines().get(1));
        List<JsonObjectView> brokers = JsonObjectView.parse(result.outLines().get(2)).objectList("brokers");
        assertEquals(1, brokers.size());
        assertEquals(2, brokers.get(0).intField("broker"));
        assertEquals(List.of("sized-0", "sized-1"), brokers.get(0).objectList("logDirs").get(0)
            .objectList("partitions").stream().map(p -> p.stringField("partition")).toList());
    }

    @Test
    void shouldRefuseUnknownBrokersAndAMissingAction() {
        ToolResult unknown = logDirs("--describe", "--broker-list", "1,9");
        assertEquals(1, unknown.exitCode(), unknown::toString);
        assertEquals("ERROR: The given brokers do not exist from --broker-list: 9. Current existent brokers: 1,2",
            unknown.err().trim());
        assertEquals("", unknown.out());

        ToolResult noAction = logDirs("--broker-list", "1");
        assertEquals(1, noAction.exitCode(), noAction::toString);
        assertTrue(noAction.err().contains("Missing required option: --describe"), noAction::toString);
        assertTrue(noAction.err().contains("Usage:"), noAction::toString);
    }
}
