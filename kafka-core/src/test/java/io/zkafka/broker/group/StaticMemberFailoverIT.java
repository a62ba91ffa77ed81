package io.zkafka.broker.group;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.zkafka.clients.admin.Admin;
import io.zkafka.clients.admin.NewTopic;
import io.zkafka.common.TopicPartition;
import io.zkafka.server.KafkaServer;
import io.zkafka.test.TestUtils;
import io.zkafka.test.ZKafkaCluster;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The coordinator's broker is killed; the new coordinator loads the group with its static member's
 * instance id from the log, so the static member restarted afterwards still gets its partitions
 * back without the other member seeing a rebalance.
 */
class StaticMemberFailoverIT {
    private static final String GROUP = "g-static-failover";

    @Test
    void shouldKeepTheInstanceIdAcrossACoordinatorFailover() throws Exception {
        try (ZKafkaCluster cluster = ZKafkaCluster.builder().brokers(3)
                .forConsumerGroups(3)
                .build();
             Admin admin = Admin.create(Map.of("bootstrap.servers", cluster.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic("static-failover", 4, (short) 3))).all().get(30, TimeUnit.SECONDS);
            try (GroupMemberRunner other = member("other", cluster, null)) {
                Set<TopicPartition> before;
                try (GroupMemberRunner first = member("first", cluster, "instance-1")) {
                    TestUtils.waitForCondition(() -> first.assignment().size() == 2 && other.assignment().size() == 2,
                        Duration.ofSeconds(30), () -> "not split: " + first.assignment() + " / " + other.assignment());
                    before = first.assignment();

                    TopicPartition offsetsPartition = new TopicPartition(OffsetsTopic.NAME,
                        OffsetsTopic.partitionFor(GROUP, 3));
                    int coordinatorId = cluster.runningBrokers().stream()
                        .filter(b -> b.replicaManager().partition(offsetsPartition).map(p -> p.isLeader()).orElse(false))
                        .mapToInt(KafkaServer::brokerId).findFirst().orElseThrow();
                    cluster.killBroker(coordinatorId);
                    int revokedAtKill = other.revoked.size();
                    // both members carry on under the new coordinator without a rebalance
                    TestUtils.waitForCondition(() -> cluster.runningBrokers().stream().anyMatch(b -> b.replicaManager()
                            .partition(offsetsPartition).map(p -> p.isLeader()).orElse(false)),
                        Duration.ofSeconds(30), "no new coordinator");
                    assertEquals(revokedAtKill, other.revoked.size(), "the failover rebalanced the group");
                }
                int assignedCalls = other.assigned.size();
                int revokedCalls = other.revoked.size();
                try (GroupMemberRunner restarted = member("restarted", cluster, "instance-1")) {
                    TestUtils.waitForCondition(() -> restarted.assignment().equals(before), Duration.ofSeconds(15),
                        () -> "restarted member holds " + restarted.assignment() + ", not " + before);
                    assertEquals(assignedCalls, other.assigned.size(), "the other member saw a rebalance");
                    assertEquals(revokedCalls, other.revoked.size(), "the other member saw a rebalance");
                }
            }
        }
    }

    private static GroupMemberRunner member(String name, ZKafkaCluster cluster, String instanceId) {
        Map<String, Object> props = new HashMap<>(Map.of("bootstrap.servers", cluster.bootstrapServers(),
            "group.id", GROUP, "auto.offset.reset", "earliest", "enable.auto.commit", "false",
            "session.timeout.ms", "20000", "heartbeat.interval.ms", "200"));
        if (instanceId != null) {
            props.put("group.instance.id", instanceId);
        }
        return new GroupMemberRunner(name, props, GroupMemberRunner.newSeenMap(),
            call -> call.consumer().subscribe(List.of("static-failover"), call.listener()), Duration.ofSeconds(90));
    }
}
