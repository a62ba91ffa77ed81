package io.zkafka.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkafka.clients.admin.Admin;
import io.zkafka.clients.admin.ConsumerGroupState;
import io.zkafka.clients.admin.NewTopic;
import io.zkafka.clients.consumer.ConsumerRecord;
import io.zkafka.clients.consumer.KafkaConsumer;
import io.zkafka.clients.consumer.OffsetAndMetadata;
import io.zkafka.clients.producer.KafkaProducer;
import io.zkafka.clients.producer.ProducerRecord;
import io.zkafka.common.TopicPartition;
import io.zkafka.common.serialization.StringDeserializer;
import io.zkafka.common.serialization.StringSerializer;
import io.zkafka.test.TestUtils;
import io.zkafka.test.ZKafkaCluster;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * kafka-consumer-groups.sh against real brokers: describe with lag, members and state while a
 * consumer is active; resets and offset deletions refused while it is, and resets obeyed by the next
 * consumer once it is not;
 * deletion refused while active, and after it the group's offsets stay gone on the next coordinator.
 */
class ConsumerGroupCommandIT {
    private static final long BASE_TIMESTAMP = Instant.parse("2024-01-01T00:00:00Z").toEpochMilli();
    private static ZKafkaCluster cluster;

    @BeforeAll
    static void start() throws Exception {
        cluster = groupCluster(1);
    }

    @AfterAll
    static void stop() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    private static ZKafkaCluster groupCluster(int brokers) throws Exception {
        return ZKafkaCluster.builder().brokers(brokers)
            .forConsumerGroups(3)
            .build();
    }

    /** Creates the topic and writes {@code counts[p]} records to partition p, record i stamped BASE + i s. */
    private static void fill(ZKafkaCluster on, String topic, int replication, int... counts) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", on.bootstrapServers()));
             KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of("bootstrap.servers",
                 on.bootstrapServers(), "acks", "all"), new StringSerializer(), new StringSerializer())) {
            admin.createTopics(List.of(new NewTopic(topic, counts.length, (short) replication))).all()
                .get(30, TimeUnit.SECONDS);
            for (int p = 0; p < counts.length; p++) {
                for (int i = 0; i < counts[p]; i++) {
                    producer.send(new ProducerRecord<>(topic, p, BASE_TIMESTAMP + i * 1000L, "k" + i, "v" + i));
                }
            }
            producer.flush();
        }
    }

    private static KafkaConsumer<String, String> consumer(ZKafkaCluster on, String group) {
        return new KafkaConsumer<>(Map.of("bootstrap.servers", on.bootstrapServers(), "group.id", group,
            "client.id", "cgc-it", "auto.offset.reset", "earliest", "enable.auto.commit", "false",
            "session.timeout.ms", "6000", "heartbeat.interval.ms", "300"), new StringDeserializer(),
            new StringDeserializer());
    }

    private static ToolResult tool(ZKafkaCluster on, String... args) {
        List<String> all = new ArrayList<>(List.of("--bootstrap-server", on.bootstrapServers(), "--timeout", "30000"));
        all.addAll(Arrays.asList(args));
        return ToolResult.run(ConsumerGroupCommand.RUNNER, all.toArray(new String[0]));
    }

    private static ToolResult ok(ToolResult result) {
        assertEquals(0, result.exitCode(), result::toString);
        return result;
    }

    /** The line of the table whose columns start with these values. */
    private static List<String> row(ToolResult result, String... first) {
        for (String line : result.outLines()) {
            List<String> columns = Arrays.asList(line.trim().split("\\s+"));
            if (columns.size() >= first.length && columns.subList(0, first.length).equals(List.of(first))) {
                return columns;
            }
        }
        throw new AssertionError("no row starting " + List.of(first) + " in\n" + result);
    }

    @Test
    void shouldDescribeLagMembersAndStateAndRefuseResetAndDeleteWhileTheGroupIsActive() throws Exception {
        fill(cluster, "orders", 1, 10, 6, 0);
        String group = "g-describe";
        try (KafkaConsumer<String, String> consumer = consumer(cluster, group)) {
            consumer.subscribe(List.of("orders"));
            int[] read = {0};
            TestUtils.waitForCondition(() -> {
                read[0] += consumer.poll(Duration.ofMillis(100)).count();
                return read[0] == 16 && consumer.assignment().size() == 3;
            }, Duration.ofSeconds(30), () -> "read " + read[0] + " of 16");
            consumer.commitSync(Map.of(new TopicPartition("orders", 0), new OffsetAndMetadata(7),
                new TopicPartition("orders", 1), new OffsetAndMetadata(6)));

            ToolResult offsets = ok(tool(cluster, "--describe", "--group", group));
            assertEquals(List.of("GROUP", "TOPIC", "PARTITION", "CURRENT-OFFSET", "LOG-END-OFFSET", "LAG", "CONSUMER-ID",
                "HOST", "CLIENT-ID"), row(offsets, "GROUP"));
            List<String> p0 = row(offsets, group, "orders", "0");
            assertEquals(List.of("7", "10", "3"), p0.subList(3, 6));
            assertTrue(p0.get(6).startsWith("cgc-it-"), p0::toString);
            assertEquals("/127.0.0.1", p0.get(7));
            assertEquals("cgc-it", p0.get(8));
            assertEquals(List.of("6", "6", "0"), row(offsets, group, "orders", "1").subList(3, 6));
            assertEquals(List.of("-", "0", "-"), row(offsets, group, "orders", "2").subList(3, 6),
                "assigned, never committed");

            ToolResult members = ok(tool(cluster, "--describe", "--group", group, "--members", "--verbose"));
            assertEquals(List.of("GROUP", "CONSUMER-ID", "HOST", "CLIENT-ID", "#PARTITIONS", "ASSIGNMENT"),
                row(members, "GROUP"));
            List<String> member = row(members, group);
            assertEquals(List.of("cgc-it", "3", "orders(0,1,2)"), member.subList(3, 6));

            ToolResult state = ok(tool(cluster, "--describe", "--group", group, "--state"));
            List<String> stateRow = row(state, group);
            assertEquals(List.of("range", "Stable", "1"), stateRow.subList(stateRow.size() - 3, stateRow.size()));
            assertTrue(stateRow.get(1).startsWith("127.0.0.1:"), stateRow::toString);

            assertTrue(ok(tool(cluster, "--list")).outLines().contains(group));
            assertEquals(List.of(group, "Stable"), row(ok(tool(cluster, "--list", "--state")), group));
            ToolResult emptyOnly = ok(tool(cluster, "--list", "--state", "Empty"));
            assertTrue(emptyOnly.outLines().stream().noneMatch(l -> l.startsWith(group + " ")), emptyOnly::toString);

            ToolResult reset = tool(cluster, "--reset-offsets", "--group", group, "--all-topics", "--to-earliest",
                "--execute");
            assertEquals(1, reset.exitCode(), reset::toString);
            assertTrue(reset.err().contains("Assignments can only be reset if the group '" + group
                + "' is inactive, but the current state is Stable."), reset::toString);
            ToolResult offsetsOfSubscribed = tool(cluster, "--delete-offsets", "--group", group, "--topic", "orders:0");
            assertEquals(1, offsetsOfSubscribed.exitCode(), offsetsOfSubscribed::toString);
            assertTrue(row(offsetsOfSubscribed, "orders", "0").get(3).contains("GROUP_SUBSCRIBED_TO_TOPIC"),
                offsetsOfSubscribed::toString);
            ToolResult delete = tool(cluster, "--delete", "--group", group);
            assertEquals(1, delete.exitCode(), delete::toString);
            assertTrue(delete.err().contains("Group '" + group + "' could not be deleted due to: the group is not "
                + "empty"), delete::toString);
            consumer.poll(Duration.ofMillis(10));
        }
        ToolResult afterClose = ok(tool(cluster, "--describe", "--group", group));
        assertTrue(afterClose.err().contains("Consumer group '" + group + "' has no active members."),
            afterClose::toString);
        assertEquals(List.of("7", "10", "3", "-", "-", "-"), row(afterClose, group, "orders", "0").subList(3, 9));
        ToolResult offsetsDeleted = ok(tool(cluster, "--delete-offsets", "--group", group, "--topic", "orders:1"));
        assertTrue(offsetsDeleted.out().contains("Request succeed for deleting offsets with topic orders group "
            + group), offsetsDeleted::toString);
        assertEquals(List.of("orders", "1", "Successful"), row(offsetsDeleted, "orders", "1"));
        ToolResult withoutP1 = ok(tool(cluster, "--describe", "--group", group));
        assertTrue(withoutP1.outLines().stream().noneMatch(l -> l.startsWith(group) && l.split("\\s+")[2].equals("1")),
            withoutP1::toString);
        ToolResult unknown = tool(cluster, "--describe", "--group", "no-such-group");
        assertEquals(1, unknown.exitCode(), unknown::toString);
        assertTrue(unknown.err().contains("Consumer group 'no-such-group' does not exist."), unknown::toString);
    }

    /** The offset of the first record a new member of the group reads. */
    private static long firstOffsetRead(ZKafkaCluster on, String group, String topic) {
        try (KafkaConsumer<String, String> consumer = consumer(on, group)) {
            consumer.subscribe(List.of(topic));
            List<ConsumerRecord<String, String>> got = new ArrayList<>();
            TestUtils.waitForCondition(() -> {
                consumer.poll(Duration.ofMillis(100)).forEach(got::add);
                return !got.isEmpty();
            }, Duration.ofSeconds(30), "no record read");
            return got.get(0).offset();
        }
    }

    private static List<String> newOffset(ToolResult result, String group, String topic) {
        return row(result, group, topic, "0").subList(3, 4);
    }

    @Test
    void shouldResetOffsetsWithTheScriptAndTheNextConsumerStartsWhereItWasTold() throws Exception {
        fill(cluster, "resets", 1, 20);
        String group = "g-reset";
        ToolResult dryRun = ok(tool(cluster, "--reset-offsets", "--group", group, "--topic", "resets", "--to-offset",
            "12"));
        assertTrue(dryRun.err().contains("WARN: No action will be performed as the --execute option is missing"),
            dryRun::toString);
        assertEquals(List.of("GROUP", "TOPIC", "PARTITION", "NEW-OFFSET"), row(dryRun, "GROUP"));
        assertEquals(List.of("12"), newOffset(dryRun, group, "resets"));
        assertTrue(ok(tool(cluster, "--list")).outLines().stream().noneMatch(group::equals), "a dry run commits nothing");

        assertEquals(List.of("12"), newOffset(ok(tool(cluster, "--reset-offsets", "--group", group, "--topic",
            "resets:0", "--to-offset", "12", "--execute")), group, "resets"));
        assertEquals(12, firstOffsetRead(cluster, group, "resets"));

        assertEquals(List.of("8"), newOffset(ok(tool(cluster, "--reset-offsets", "--group", group, "--all-topics",
            "--shift-by", "-4", "--execute")), group, "resets"));
        assertEquals(8, firstOffsetRead(cluster, group, "resets"));

        assertEquals(List.of("5"), newOffset(ok(tool(cluster, "--reset-offsets", "--group", group, "--topic", "resets",
            "--to-datetime", "2024-01-01T00:00:05.000Z", "--execute")), group, "resets"));
        assertEquals(5, firstOffsetRead(cluster, group, "resets"));

        assertEquals(List.of("0"), newOffset(ok(tool(cluster, "--reset-offsets", "--group", group, "--topic", "resets",
            "--to-earliest", "--execute")), group, "resets"));
        assertEquals(0, firstOffsetRead(cluster, group, "resets"));

        // every record is older than a minute ago: nothing at or after that time, so the log end
        assertEquals(List.of("20"), newOffset(ok(tool(cluster, "--reset-offsets", "--group", group, "--topic",
            "resets", "--by-duration", "PT1M", "--dry-run")), group, "resets"));
        assertEquals(List.of("20"), newOffset(ok(tool(cluster, "--reset-offsets", "--group", group, "--topic",
            "resets", "--to-offset", "1000", "--dry-run")), group, "resets"));
        assertEquals(List.of("0"), newOffset(ok(tool(cluster, "--reset-offsets", "--group", group, "--topic",
            "resets", "--to-current", "--dry-run")), group, "resets"));
    }

    @Test
    void shouldDeleteAnEmptyGroupWhoseOffsetsStayGoneAfterTheCoordinatorFails() throws Exception {
        try (ZKafkaCluster two = groupCluster(2)) {
            fill(two, "kept", 2, 5);
            String group = "g-delete";
            try (KafkaConsumer<String, String> consumer = consumer(two, group)) {
                consumer.subscribe(List.of("kept"));
                int[] read = {0};
                TestUtils.waitForCondition(() -> {
                    read[0] += consumer.poll(Duration.ofMillis(100)).count();
                    return read[0] == 5;
                }, Duration.ofSeconds(30), () -> "read " + read[0] + " of 5");
                consumer.commitSync();
                ToolResult refused = tool(two, "--delete", "--group", group);
                assertEquals(1, refused.exitCode(), refused::toString);
                consumer.poll(Duration.ofMillis(10));
            }
            List<String> state = row(ok(tool(two, "--describe", "--group", group, "--state")), group);
            int coordinator = Integer.parseInt(state.get(2).replaceAll("[()]", ""));

            ToolResult deleted = ok(tool(two, "--delete", "--group", group));
            assertTrue(deleted.out().contains("Deletion of requested consumer groups ('" + group + "') was successful."),
                deleted::toString);
            two.killBroker(coordinator);

            try (Admin admin = Admin.create(Map.of("bootstrap.servers", two.bootstrapServers()))) {
                // the survivor coordinates the group now, from the replicated log
                TestUtils.waitForCondition(() -> {
                    try {
                        return admin.describeConsumerGroups(List.of(group)).all().get(30, TimeUnit.SECONDS).get(group)
                            .coordinator().id() != coordinator;
                    } catch (Exception e) {
                        return false;
                    }
                }, Duration.ofSeconds(60), "the group's coordinator did not move");
                assertEquals(Map.of(), admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata()
                    .get(30, TimeUnit.SECONDS));
                assertEquals(ConsumerGroupState.DEAD, admin.describeConsumerGroups(List.of(group)).all()
                    .get(30, TimeUnit.SECONDS).get(group).state());
            }
            assertEquals(0, firstOffsetRead(two, group, "kept"), "a deleted group starts over (auto.offset.reset)");
        }
    }
}
