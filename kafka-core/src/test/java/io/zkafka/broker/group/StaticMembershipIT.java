package io.zkafka.broker.group;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkafka.clients.admin.Admin;
import io.zkafka.clients.admin.NewTopic;
import io.zkafka.common.TopicPartition;
import io.zkafka.common.errors.FencedInstanceIdException;
import io.zkafka.test.TestUtils;
import io.zkafka.test.ZKafkaCluster;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Static membership on a real broker: a static member restarted within its session timeout gets
 * its partitions back while the other member sees no rebalance at all, and of two live consumers
 * with one instance id the older is fenced.
 */
class StaticMembershipIT {
    private static final int PARTITIONS = 4;
    private static ZKafkaCluster cluster;
    private static Admin admin;

    @BeforeAll
    static void start() throws Exception {
        cluster = ZKafkaCluster.builder().brokers(1)
            .forConsumerGroups(3)
            .build();
        admin = Admin.create(Map.of("bootstrap.servers", cluster.bootstrapServers()));
    }

    @AfterAll
    static void stop() throws Exception {
        admin.close();
        cluster.close();
    }

    private static Map<String, Object> props(String group, String instanceId) {
        Map<String, Object> props = new HashMap<>(Map.of("bootstrap.servers", cluster.bootstrapServers(),
            "group.id", group, "auto.offset.reset", "earliest", "enable.auto.commit", "false",
            "session.timeout.ms", "20000", "heartbeat.interval.ms", "200"));
        if (instanceId != null) {
            props.put("group.instance.id", instanceId);
        }
        return props;
    }

    private static GroupMemberRunner member(String name, Map<String, Object> props, String topic) {
        return new GroupMemberRunner(name, props, GroupMemberRunner.newSeenMap(),
            call -> call.consumer().subscribe(List.of(topic), call.listener()), Duration.ofSeconds(60));
    }

    @Test
    void shouldGiveARestartedStaticMemberItsPartitionsBackWithoutRebalancingTheOthers() throws Exception {
        admin.createTopics(List.of(new NewTopic("static", PARTITIONS, (short) 1))).all().get(30, TimeUnit.SECONDS);
        try (GroupMemberRunner other = member("other", props("g-static", null), "static")) {
            Set<TopicPartition> before;
            int otherAssignedCalls;
            int otherRevokedCalls;
            try (GroupMemberRunner first = member("first", props("g-static", "instance-1"), "static")) {
                TestUtils.waitForCondition(() -> first.assignment().size() == 2 && other.assignment().size() == 2,
                    Duration.ofSeconds(30), () -> "not split: " + first.assignment() + " / " + other.assignment());
                before = first.assignment();
                otherAssignedCalls = other.assigned.size();
                otherRevokedCalls = other.revoked.size();
            } // closed: a static member sends no LeaveGroup
            long restartedAt = System.nanoTime();
            try (GroupMemberRunner restarted = member("restarted", props("g-static", "instance-1"), "static")) {
                TestUtils.waitForCondition(() -> restarted.assignment().equals(before), Duration.ofSeconds(15),
                    () -> "restarted member holds " + restarted.assignment() + ", not " + before);
                assertTrue(System.nanoTime() - restartedAt < TimeUnit.SECONDS.toNanos(15),
                    "took longer than the session timeout");
                assertEquals(otherAssignedCalls, other.assigned.size(), "the other member saw a rebalance");
                assertEquals(otherRevokedCalls, other.revoked.size(), "the other member saw a rebalance");
                Set<TopicPartition> union = new HashSet<>(restarted.assignment());
                union.addAll(other.assignment());
                assertEquals(PARTITIONS, union.size());
            }
        }
    }

    @Test
    void shouldFenceTheOlderOfTwoConsumersWithTheSameInstanceId() throws Exception {
        admin.createTopics(List.of(new NewTopic("fenced", PARTITIONS, (short) 1))).all().get(30, TimeUnit.SECONDS);
        try (GroupMemberRunner older = member("older", props("g-fenced", "twin"), "fenced")) {
            TestUtils.waitForCondition(() -> older.assignment().size() == PARTITIONS, Duration.ofSeconds(30),
                () -> "older holds " + older.assignment());
            try (GroupMemberRunner newer = member("newer", props("g-fenced", "twin"), "fenced")) {
                TestUtils.waitForCondition(() -> !older.isRunning() && newer.assignment().size() == PARTITIONS,
                    Duration.ofSeconds(30), () -> "older running " + older.isRunning() + ", newer holds "
                        + newer.assignment());
                assertInstanceOf(FencedInstanceIdException.class, older.failure(), "the older consumer's poll or "
                    + "commit should fail as fenced");
                assertTrue(newer.isRunning(), "the newer consumer goes on: " + newer.failure());
            }
        }
    }
}
