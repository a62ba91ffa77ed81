package io.zkafka.broker.group;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkafka.clients.admin.Admin;
import io.zkafka.clients.admin.NewTopic;
import io.zkafka.clients.admin.OffsetSpec;
import io.zkafka.clients.consumer.KafkaConsumer;
import io.zkafka.clients.consumer.OffsetAndMetadata;
import io.zkafka.clients.producer.KafkaProducer;
import io.zkafka.clients.producer.ProducerRecord;
import io.zkafka.common.TopicPartition;
import io.zkafka.common.serialization.StringDeserializer;
import io.zkafka.common.serialization.StringSerializer;
import io.zkafka.test.TestUtils;
import io.zkafka.test.ZKafkaCluster;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * A member in a child JVM is killed without leaving the group ({@code destroyForcibly}): the
 * survivor gets its partition once the coordinator gave up on the dead member, and reads it from the
 * last offset the dead member committed, every record from there on, nothing before it. A dynamic
 * member's connection closed with its process, so that is after the reconnect grace
 * ({@code group.member.reconnect.grace.ms}) or its session timeout, whichever is shorter; a static
 * member keeps its place for its whole session timeout.
 */
class KilledMemberIT {
    private static final String TOPIC = "killed";

    @Test
    void shouldMoveADeadMembersPartitionAfterTheSessionTimeoutAndResumeAtItsLastCommit() throws Exception {
        int sessionTimeoutMs = 4_000; // shorter than the reconnect grace: the session timeout applies
        long tookMs = killOneOfTwo(sessionTimeoutMs, 6_000, null);
        assertTrue(tookMs >= sessionTimeoutMs - 1000, "the partition moved after " + tookMs
            + " ms, before the session timeout");
    }

    @Test
    void shouldMoveADeadDynamicMembersPartitionAfterTheReconnectGraceNotItsSessionTimeout() throws Exception {
        int sessionTimeoutMs = 30_000;
        int graceMs = 2_000;
        long tookMs = killOneOfTwo(sessionTimeoutMs, graceMs, null);
        assertTrue(tookMs >= graceMs - 500 && tookMs < sessionTimeoutMs / 3, "the partition moved after " + tookMs
            + " ms: its connection closed, so after the grace of " + graceMs + " ms, long before the session timeout");
    }

    @Test
    void shouldKeepADeadStaticMembersPartitionForItsWholeSessionTimeout() throws Exception {
        int sessionTimeoutMs = 8_000;
        long tookMs = killOneOfTwo(sessionTimeoutMs, 2_000, "static-child");
        assertTrue(tookMs >= sessionTimeoutMs - 1000, "the static member's partition moved after " + tookMs
            + " ms, before its session timeout: a lost connection must not cut a static member's session short");
    }

    /**
     * Two members split two partitions, one of them in a child JVM (static with {@code instanceId});
     * the child is killed. Checks the survivor resumes at the child's last commit and skips nothing;
     * returns how long after the kill the survivor got the child's partition.
     */
    private static long killOneOfTwo(int sessionTimeoutMs, int graceMs, String instanceId) throws Exception {
        try (ZKafkaCluster cluster = ZKafkaCluster.builder().brokers(1)
                .forConsumerGroups(3)
                .brokerConfig("group.member.reconnect.grace.ms", graceMs)
                .build();
             Admin admin = Admin.create(Map.of("bootstrap.servers", cluster.bootstrapServers()));
             KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of("bootstrap.servers",
                 cluster.bootstrapServers()), new StringSerializer(), new StringSerializer())) {
            admin.createTopics(List.of(new NewTopic(TOPIC, 2, (short) 1))).all().get(30, TimeUnit.SECONDS);
            produce(producer, 300, "before");
            Map<String, Integer> seen = GroupMemberRunner.newSeenMap();
            Map<String, Object> props = Map.of("bootstrap.servers", cluster.bootstrapServers(), "group.id", "g-killed",
                "auto.offset.reset", "earliest", "enable.auto.commit", "false",
                "session.timeout.ms", String.valueOf(sessionTimeoutMs), "heartbeat.interval.ms", "200",
                "partition.assignment.strategy", "range");
            List<String> childLines = new CopyOnWriteArrayList<>();
            Process child = startChild(cluster.bootstrapServers(), childLines, sessionTimeoutMs, instanceId);
            try (GroupMemberRunner survivor = new GroupMemberRunner("survivor", props, seen,
                    call -> call.consumer().subscribe(List.of(TOPIC), call.listener()), Duration.ofSeconds(90))) {
                TestUtils.waitForCondition(() -> survivor.assignment().size() == 1 && childOwnsOne(childLines),
                    Duration.ofSeconds(40), () -> "not split: survivor " + survivor.assignment() + ", child "
                        + childLines);
                TopicPartition orphan = new TopicPartition(TOPIC, 1 - survivor.assignment().iterator().next()
                    .partition());
                TestUtils.waitForCondition(() -> childLines.stream().anyMatch(l -> l.startsWith("COMMITTED " + orphan
                    + "=")), Duration.ofSeconds(30), () -> "the child never committed " + orphan + ": " + childLines);

                child.destroyForcibly();
                assertTrue(child.waitFor(30, TimeUnit.SECONDS), "the child did not die");
                long killedAt = System.nanoTime();
                survivor.offsetsSeen.remove(orphan);
                long committed = committedOffset(cluster.bootstrapServers(), orphan);
                produce(producer, 100, "after");
                TestUtils.waitForCondition(() -> survivor.assignment().size() == 2, Duration.ofSeconds(30),
                    () -> "the survivor never took " + orphan);
                long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt);

                long end = admin.listOffsets(Map.of(orphan, OffsetSpec.latest())).all()
                    .get(30, TimeUnit.SECONDS).get(orphan).offset();
                TestUtils.waitForCondition(() -> survivor.offsetsSeen.getOrDefault(orphan, Set.of()).size()
                    >= end - committed, Duration.ofSeconds(30), () -> "survivor read "
                    + survivor.offsetsSeen.getOrDefault(orphan, Set.of()).size() + " of " + (end - committed));
                Set<Long> read = survivor.offsetsSeen.get(orphan);
                assertEquals(committed, read.stream().mapToLong(Long::longValue).min().orElseThrow(),
                    "the survivor did not resume at the last committed offset");
                assertTrue(LongStream.range(committed, end).allMatch(read::contains), "a record was skipped");
                return tookMs;
            } finally {
                child.destroyForcibly();
                child.waitFor(30, TimeUnit.SECONDS);
            }
        }
    }

    private static boolean childOwnsOne(List<String> lines) {
        for (int i = lines.size() - 1; i >= 0; i--) {
            if (lines.get(i).startsWith("ASSIGNED ")) {
                return !lines.get(i).substring("ASSIGNED ".length()).contains(",")
                    && lines.get(i).length() > "ASSIGNED ".length();
            }
        }
        return false;
    }

    private static Process startChild(String bootstrap, List<String> lines, int sessionTimeoutMs, String instanceId)
            throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command = new java.util.ArrayList<>(List.of(java.toString(), "-cp",
            System.getProperty("java.class.path"), CommittingConsumerMain.class.getName(), bootstrap, "g-killed", TOPIC,
            String.valueOf(sessionTimeoutMs), "90000"));
        if (instanceId != null) {
            command.add(instanceId);
        }
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    if (line.startsWith("ASSIGNED") || line.startsWith("COMMITTED") || line.startsWith("COMMIT-")) {
                        lines.add(line);
                    }
                }
            } catch (java.io.IOException e) {
                // the child died
            }
        }, "child-output");
        reader.setDaemon(true);
        reader.start();
        return process;
    }

    private static long committedOffset(String bootstrap, TopicPartition partition) {
        try (KafkaConsumer<String, String> reader = new KafkaConsumer<>(Map.of("bootstrap.servers", bootstrap,
                "group.id", "g-killed"), new StringDeserializer(), new StringDeserializer())) {
            OffsetAndMetadata offset = reader.committed(Set.of(partition)).get(partition);
            return offset == null ? 0 : offset.offset();
        }
    }

    private static void produce(KafkaProducer<String, String> producer, int perPartition, String tag) {
        for (int i = 0; i < perPartition; i++) {
            for (int p = 0; p < 2; p++) {
                producer.send(new ProducerRecord<>(TOPIC, p, "k" + i, tag + "-" + p + "-" + i));
            }
        }
        producer.flush();
    }
}
