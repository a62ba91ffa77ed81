package io.zkafka.controller;

import static io.zkafka.controller.ControllerTestSupport.admin;
import static io.zkafka.controller.ControllerTestSupport.assignment;
import static io.zkafka.controller.ControllerTestSupport.awaitState;
import static io.zkafka.controller.ControllerTestSupport.createTopic;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkafka.clients.admin.Admin;
import io.zkafka.clients.admin.NewPartitionReassignment;
import io.zkafka.clients.admin.PartitionReassignment;
import io.zkafka.clients.producer.KafkaProducer;
import io.zkafka.clients.producer.ProducerConfig;
import io.zkafka.clients.producer.ProducerRecord;
import io.zkafka.common.ElectionType;
import io.zkafka.common.TopicPartition;
import io.zkafka.common.errors.ApiException;
import io.zkafka.common.protocol.Errors;
import io.zkafka.common.serialization.StringSerializer;
import io.zkafka.config.KafkaConfig;
import io.zkafka.coordination.LeaderAndIsr;
import io.zkafka.test.TestUtils;
import io.zkafka.test.ZKafkaCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Partition reassignment through the admin API: shrinking, reordering, cancelling (also after a
 * controller failover), and the preferred-leader elections a reorder calls for.
 */
class ReassignmentIT {

    private static ZKafkaCluster cluster(int brokers, boolean autoRebalance) throws Exception {
        return ZKafkaCluster.builder().brokers(brokers)
            .brokerConfig(KafkaConfig.AUTO_LEADER_REBALANCE_ENABLE, autoRebalance)
            .brokerConfig(KafkaConfig.LEADER_IMBALANCE_CHECK_INTERVAL_SECONDS, 1)
            .brokerConfig(KafkaConfig.LEADER_IMBALANCE_PER_BROKER_PERCENTAGE, 0)
            .build();
    }

    private static void reassign(Admin admin, TopicPartition tp, List<Integer> target) throws Exception {
        admin.alterPartitionReassignments(Map.of(tp, Optional.of(new NewPartitionReassignment(target))))
            .all().get(30, TimeUnit.SECONDS);
    }

    private static void cancel(Admin admin, TopicPartition tp) throws Exception {
        admin.alterPartitionReassignments(Map.of(tp, Optional.empty())).all().get(30, TimeUnit.SECONDS);
    }

    private static void awaitAssignment(ZKafkaCluster cluster, TopicPartition tp, List<Integer> replicas) {
        TestUtils.waitForCondition(() -> cluster.runningBrokers().stream()
                .allMatch(b -> assignment(b, tp).equals(replicas)), ControllerTestSupport.WAIT,
            () -> tp + " assigned " + replicas + "; now " + assignment(cluster.controller(), tp));
    }

    private static Path logOf(ZKafkaCluster cluster, int broker, TopicPartition tp) {
        return cluster.logDir(broker).resolve(tp.topic() + "-" + tp.partition());
    }

    @Test
    void shouldShrinkAPartitionAndDeleteTheRemovedReplicasLog() throws Exception {
        try (ZKafkaCluster cluster = cluster(3, false); Admin admin = admin(cluster)) {
            TopicPartition tp = new TopicPartition("shrink", 0);
            createTopic(admin, "shrink", Map.of(0, List.of(3, 1, 2)));
            awaitState(cluster, tp, s -> s.leader() == 3, "is led by 3");
            TestUtils.waitForCondition(() -> Files.isDirectory(logOf(cluster, 3, tp)), ControllerTestSupport.WAIT,
                "broker 3 has the log");

            reassign(admin, tp, List.of(1, 2));
            awaitAssignment(cluster, tp, List.of(1, 2));
            // the state and the assignment are separate znodes, so a broker may see the new assignment before
            // the shrunk ISR: wait for both rather than assert on the first state led by 1
            LeaderAndIsr state = awaitState(cluster, tp, s -> s.leader() == 1 && Set.copyOf(s.isr()).equals(Set.of(1, 2)),
                "is led by 1 with ISR {1, 2}");
            assertEquals(Set.of(1, 2), Set.copyOf(state.isr()));
            TestUtils.waitForCondition(() -> !Files.exists(logOf(cluster, 3, tp)), ControllerTestSupport.WAIT,
                "broker 3 deleted its log");
            assertEquals(Map.of(), admin.listPartitionReassignments().reassignments().get(30, TimeUnit.SECONDS));
        }
    }

    @Test
    void shouldElectThePreferredLeaderAfterAReorderOnRequest() throws Exception {
        try (ZKafkaCluster cluster = cluster(3, false); Admin admin = admin(cluster)) {
            TopicPartition tp = new TopicPartition("reorder", 0);
            createTopic(admin, "reorder", Map.of(0, List.of(1, 2, 3)));
            LeaderAndIsr before = awaitState(cluster, tp, s -> s.leader() == 1, "is led by 1");

            reassign(admin, tp, List.of(2, 1, 3));
            awaitAssignment(cluster, tp, List.of(2, 1, 3));
            assertEquals(1, ControllerTestSupport.state(cluster, tp).orElseThrow().leader(), "no election yet");
            assertEquals(1, ControllerGauges.preferredReplicaImbalance(cluster.controller().metadata().image()));

            Map<TopicPartition, Optional<Throwable>> results = admin.electLeaders(ElectionType.PREFERRED, Set.of(tp))
                .partitions().get(30, TimeUnit.SECONDS);
            assertEquals(Optional.empty(), results.get(tp));
            LeaderAndIsr after = awaitState(cluster, tp, s -> s.leader() == 2, "is led by its preferred replica 2");
            assertEquals(before.leaderEpoch() + 1, after.leaderEpoch());

            Map<TopicPartition, Optional<Throwable>> again = admin.electLeaders(ElectionType.PREFERRED, Set.of(tp))
                .partitions().get(30, TimeUnit.SECONDS);
            assertEquals(Errors.ELECTION_NOT_NEEDED, ((ApiException) again.get(tp).orElseThrow()).error());
        }
    }

    @Test
    void shouldRestorePreferredLeadersAutomatically() throws Exception {
        try (ZKafkaCluster cluster = cluster(3, true); Admin admin = admin(cluster)) {
            TopicPartition tp = new TopicPartition("rebalanced", 0);
            createTopic(admin, "rebalanced", Map.of(0, List.of(1, 2, 3)));
            awaitState(cluster, tp, s -> s.leader() == 1, "is led by 1");
            reassign(admin, tp, List.of(3, 2, 1));
            awaitState(cluster, tp, s -> s.leader() == 3, "is led by its new preferred replica 3 after a check");
        }
    }

    @Test
    void shouldMoveAPartitionOntoANewBrokerOnceItCaughtUpAndDropTheOldReplica() throws Exception {
        try (ZKafkaCluster cluster = cluster(3, false); Admin admin = admin(cluster)) {
            TopicPartition tp = new TopicPartition("moved", 0);
            createTopic(admin, "moved", Map.of(0, List.of(1, 2, 3)));
            awaitState(cluster, tp, s -> s.leader() == 1, "is led by 1");
            int records = 200;
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers(), ProducerConfig.ACKS_CONFIG, "all"),
                    new StringSerializer(), new StringSerializer())) {
                for (int i = 0; i < records; i++) {
                    producer.send(new ProducerRecord<>("moved", 0, null, "value-" + i));
                }
                producer.flush();
            }
            cluster.startBroker(4);

            reassign(admin, tp, List.of(4, 2, 3));
            awaitAssignment(cluster, tp, List.of(4, 2, 3));
            LeaderAndIsr state = awaitState(cluster, tp, s -> s.leader() == 4 && !s.isr().contains(1),
                "is led by 4 without 1");
            assertEquals(Set.of(2, 3, 4), Set.copyOf(state.isr()));
            assertEquals(records, cluster.broker(4).logManager().getLog(tp).orElseThrow().logEndOffset());
            TestUtils.waitForCondition(() -> !Files.exists(logOf(cluster, 1, tp)), ControllerTestSupport.WAIT,
                "broker 1 deleted its replica");
            assertEquals(Map.of(), admin.listPartitionReassignments().reassignments().get(30, TimeUnit.SECONDS));
        }
    }

    @Test
    void shouldListAndCancelAReassignmentThatWaitsForANewReplica() throws Exception {
        try (ZKafkaCluster cluster = cluster(4, false); Admin admin = admin(cluster)) {
            TopicPartition tp = new TopicPartition("cancelled", 0);
            createTopic(admin, "cancelled", Map.of(0, List.of(1, 2, 3)));
            awaitState(cluster, tp, s -> s.leader() == 1, "is led by 1");

            // broker 4 fetches nothing, so it never joins the ISR and the move waits
            cluster.broker(4).replicaManager().setFetchingPaused(true);
            reassign(admin, tp, List.of(2, 3, 4));
            awaitAssignment(cluster, tp, List.of(2, 3, 4, 1));
            TestUtils.waitForCondition(() -> Files.isDirectory(logOf(cluster, 4, tp)), ControllerTestSupport.WAIT,
                "broker 4 opened a replica");
            Map<TopicPartition, PartitionReassignment> listed = admin.listPartitionReassignments()
                .reassignments().get(30, TimeUnit.SECONDS);
            assertEquals(new PartitionReassignment(List.of(2, 3, 4, 1), List.of(4), List.of(1)), listed.get(tp));

            cancel(admin, tp);
            awaitAssignment(cluster, tp, List.of(1, 2, 3));
            TestUtils.waitForCondition(() -> !Files.exists(logOf(cluster, 4, tp)), ControllerTestSupport.WAIT,
                "broker 4 deleted its replica");
            assertEquals(Map.of(), admin.listPartitionReassignments().reassignments().get(30, TimeUnit.SECONDS));
            ExecutionException noneLeft = assertThrows(ExecutionException.class,
                () -> cancel(admin, tp));
            assertEquals(Errors.NO_REASSIGNMENT_IN_PROGRESS, ((ApiException) noneLeft.getCause()).error());
        }
    }

    @Test
    void shouldCancelAfterAControllerFailoverFromWhatZooKeeperHolds() throws Exception {
        try (ZKafkaCluster cluster = cluster(4, false); Admin admin = admin(cluster)) {
            int controller = cluster.controller().brokerId();
            List<Integer> original = List.of(1, 2, 3, 4).stream().filter(id -> id != controller).limit(2).toList();
            int joining = List.of(1, 2, 3, 4).stream().filter(id -> id != controller && !original.contains(id))
                .findFirst().orElseThrow();
            TopicPartition tp = new TopicPartition("failover", 0);
            createTopic(admin, "failover", Map.of(0, original));
            awaitState(cluster, tp, s -> s.leader() == original.get(0), "is led by " + original.get(0));

            cluster.broker(joining).replicaManager().setFetchingPaused(true);
            reassign(admin, tp, List.of(original.get(1), joining));
            awaitAssignment(cluster, tp, List.of(original.get(1), joining, original.get(0)));

            cluster.stopBroker(controller);
            TestUtils.waitForCondition(() -> cluster.hasController(), ControllerTestSupport.WAIT, "a new controller");
            cancel(admin, tp);
            awaitAssignment(cluster, tp, original);
            TestUtils.waitForCondition(() -> !Files.exists(logOf(cluster, joining, tp)), ControllerTestSupport.WAIT,
                "broker " + joining + " deleted its replica");
            assertTrue(cluster.controller().brokerId() != controller);
        }
    }
}
