package io.zkafka.broker.group;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkafka.clients.admin.Admin;
import io.zkafka.clients.admin.NewTopic;
import io.zkafka.clients.consumer.ConsumerRebalanceListener;
import io.zkafka.common.TopicPartition;
import io.zkafka.test.TestUtils;
import io.zkafka.test.ZKafkaCluster;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A consumer joins a stable cooperative-sticky group whose heartbeat interval is 3 s. The first
 * rebalance withholds the partitions that move; the leader marks the assignments, so the members
 * that keep everything beat every retry.backoff.ms and the follow-up rebalance that hands the
 * withheld partitions over ends well within one heartbeat interval of the first (Kafka's consumers
 * take a whole interval to hear of it).
 */
class CooperativeFollowUpIT {
    private static final int PARTITIONS = 12;
    private static final int STAYERS = 4;
    private static final int HEARTBEAT_INTERVAL_MS = 3000;
    private static ZKafkaCluster cluster;
    private static Admin admin;

    @BeforeAll
    static void start() throws Exception {
        cluster = ZKafkaCluster.builder().brokers(1)
            .brokerConfig("offsets.topic.num.partitions", 3)
            .brokerConfig("group.initial.rebalance.delay.ms", 0)
            .build();
        admin = Admin.create(Map.of("bootstrap.servers", cluster.bootstrapServers()));
    }

    @AfterAll
    static void stop() throws Exception {
        admin.close();
        cluster.close();
    }

    /** One onPartitionsAssigned call of the joining member, stamped when it ran. */
    private record Assigned(long nanos, Set<TopicPartition> partitions) {
    }

    @Test
    void shouldFinishTheFollowUpRebalanceWellWithinOneHeartbeatInterval() throws Exception {
        String topic = "follow-up";
        admin.createTopics(List.of(new NewTopic(topic, PARTITIONS, (short) 1))).all().get(30, TimeUnit.SECONDS);
        Map<String, Object> props = Map.of("bootstrap.servers", cluster.bootstrapServers(), "group.id", "g-follow-up",
            "auto.offset.reset", "latest", "enable.auto.commit", "false", "session.timeout.ms", "10000",
            "heartbeat.interval.ms", String.valueOf(HEARTBEAT_INTERVAL_MS), "retry.backoff.ms", "100",
            "partition.assignment.strategy", "cooperative-sticky");
        Map<String, GroupMemberRunner> live = new LinkedHashMap<>();
        List<Assigned> joinerAssignments = new CopyOnWriteArrayList<>();
        try {
            for (int m = 0; m < STAYERS; m++) {
                live.put("m" + m, new GroupMemberRunner("m" + m, props, GroupMemberRunner.newSeenMap(),
                    call -> call.consumer().subscribe(List.of(topic), call.listener()), Duration.ofSeconds(90)));
                GroupMemberRunner.awaitSettled(live, PARTITIONS);
            }
            live.put("joiner", new GroupMemberRunner("joiner", props, GroupMemberRunner.newSeenMap(),
                call -> call.consumer().subscribe(List.of(topic), stamping(call.listener(), joinerAssignments)),
                Duration.ofSeconds(90)));
            GroupMemberRunner.awaitSettled(live, PARTITIONS);
            TestUtils.waitForCondition(() -> joinerAssignments.stream().anyMatch(a -> !a.partitions().isEmpty()),
                Duration.ofSeconds(30), () -> "the joiner was never assigned partitions: " + joinerAssignments);
            Assigned first = joinerAssignments.get(0);
            assertTrue(first.partitions().isEmpty(), "every partition was owned, so the first rebalance withholds "
                + "what the joiner gets: " + joinerAssignments);
            Assigned followUp = joinerAssignments.stream().filter(a -> !a.partitions().isEmpty()).findFirst()
                .orElseThrow();
            long gapMs = TimeUnit.NANOSECONDS.toMillis(followUp.nanos() - first.nanos());
            assertTrue(gapMs < HEARTBEAT_INTERVAL_MS / 2, "the follow-up rebalance ended " + gapMs
                + " ms after the first, not within half of heartbeat.interval.ms=" + HEARTBEAT_INTERVAL_MS);
            for (GroupMemberRunner member : live.values()) {
                assertNull(member.failure(), member.name + " failed");
                assertTrue(member.lost.isEmpty(), member.name + " lost partitions: " + member.lost);
            }
        } finally {
            for (GroupMemberRunner member : live.values()) {
                member.close();
            }
        }
    }

    private static ConsumerRebalanceListener stamping(ConsumerRebalanceListener delegate, List<Assigned> log) {
        return new ConsumerRebalanceListener() {
            @Override
            public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                delegate.onPartitionsRevoked(partitions);
            }

            @Override
            public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                log.add(new Assigned(System.nanoTime(), Set.copyOf(partitions)));
                delegate.onPartitionsAssigned(partitions);
            }

            @Override
            public void onPartitionsLost(Collection<TopicPartition> partitions) {
                delegate.onPartitionsLost(partitions);
            }
        };
    }

}
