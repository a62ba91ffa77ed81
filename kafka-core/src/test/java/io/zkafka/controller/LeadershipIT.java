package io.zkafka.controller;

import static io.zkafka.controller.ControllerTestSupport.admin;
import static io.zkafka.controller.ControllerTestSupport.awaitState;
import static io.zkafka.controller.ControllerTestSupport.createTopic;
import static io.zkafka.controller.ControllerTestSupport.state;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkafka.clients.admin.Admin;
import io.zkafka.clients.admin.AlterConfigOp;
import io.zkafka.clients.admin.ConfigEntry;
import io.zkafka.clients.admin.ConfigResource;
import io.zkafka.clients.internals.NetworkClient;
import io.zkafka.common.ElectionType;
import io.zkafka.common.TopicPartition;
import io.zkafka.common.errors.ApiException;
import io.zkafka.common.message.ControlledShutdownRequest;
import io.zkafka.common.message.ControlledShutdownResponse;
import io.zkafka.common.protocol.Errors;
import io.zkafka.config.KafkaConfig;
import io.zkafka.config.TopicConfigValidator;
import io.zkafka.coordination.CoordinationClient;
import io.zkafka.coordination.CoordinationConfig;
import io.zkafka.coordination.LeaderAndIsr;
import io.zkafka.server.KafkaServer;
import io.zkafka.test.TestUtils;
import io.zkafka.test.ZKafkaCluster;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The controller keeps partitions led: failed brokers leave ISRs, leaders move off failed and
 * stopping brokers, unclean elections happen only when allowed, ISR change notifications are consumed.
 */
class LeadershipIT {

    private static ZKafkaCluster cluster(int brokers) throws Exception {
        return ZKafkaCluster.builder().brokers(brokers)
            .brokerConfig(KafkaConfig.AUTO_LEADER_REBALANCE_ENABLE, false)
            .brokerConfig(KafkaConfig.CONTROLLED_SHUTDOWN_RETRY_BACKOFF_MS, 100)
            .build();
    }

    @Test
    void shouldDropAKilledFollowerFromTheIsrAndReElectWhenTheLeaderIsKilled() throws Exception {
        try (ZKafkaCluster cluster = cluster(3); Admin admin = admin(cluster)) {
            TopicPartition tp = new TopicPartition("isr", 0);
            createTopic(admin, "isr", Map.of(0, List.of(1, 2, 3)));
            LeaderAndIsr initial = awaitState(cluster, tp, s -> s.leader() == 1, "is led by its first replica");
            int follower = cluster.controller().brokerId() == 3 ? 2 : 3;
            int other = follower == 3 ? 2 : 3;

            cluster.killBroker(follower);
            LeaderAndIsr shrunk = awaitState(cluster, tp, s -> !s.isr().contains(follower), "drops " + follower);
            assertEquals(1, shrunk.leader());
            assertEquals(initial.leaderEpoch(), shrunk.leaderEpoch(), "an ISR-only change keeps the leader epoch");
            assertEquals(Set.of(1, other), Set.copyOf(shrunk.isr()));

            long electionsBefore = cluster.controller().controller().stats().leaderElectionCount();
            boolean leaderWasController = cluster.controller().brokerId() == 1;
            cluster.killBroker(1);
            LeaderAndIsr moved = awaitState(cluster, tp, s -> s.leader() == other, "is led by " + other);
            assertEquals(initial.leaderEpoch() + 1, moved.leaderEpoch());
            assertEquals(List.of(other), moved.isr());
            if (!leaderWasController) {
                assertTrue(cluster.controller().controller().stats().leaderElectionCount() > electionsBefore);
            }
        }
    }

    @Test
    void shouldLeaveAPartitionOfflineUntilAnUncleanElectionIsAllowed() throws Exception {
        try (ZKafkaCluster cluster = cluster(3); Admin admin = admin(cluster)) {
            int controller = cluster.controller().brokerId();
            List<Integer> replicas = List.of(1, 2, 3).stream().filter(id -> id != controller).toList();
            int first = replicas.get(0);
            int second = replicas.get(1);
            createTopic(admin, "unclean", Map.of(0, replicas, 1, replicas));
            TopicPartition p0 = new TopicPartition("unclean", 0);
            TopicPartition p1 = new TopicPartition("unclean", 1);
            awaitState(cluster, p1, s -> s.leader() == first, "is led by " + first);

            cluster.killBroker(second);
            awaitState(cluster, p1, s -> s.isr().equals(List.of(first)), "has only " + first + " in sync");
            cluster.killBroker(first);
            awaitState(cluster, p0, s -> s.leader() == LeaderAndIsr.NO_LEADER, "is offline");
            awaitState(cluster, p1, s -> s.leader() == LeaderAndIsr.NO_LEADER, "is offline");
            assertEquals(2, ControllerGauges.offlinePartitions(cluster.controller().metadata().image()));

            cluster.startBroker(second);
            TestUtils.waitForCondition(() -> cluster.controller().metadata().image().brokers().containsKey(second),
                ControllerTestSupport.WAIT, "broker " + second + " is back");
            // a request through the controller thread, queued after the registration was handled
            Map<TopicPartition, Optional<Throwable>> preferred = admin.electLeaders(ElectionType.PREFERRED, Set.of(p0))
                .partitions().get(30, TimeUnit.SECONDS);
            assertEquals(Errors.PREFERRED_LEADER_NOT_AVAILABLE, ((ApiException) preferred.get(p0).orElseThrow()).error());
            assertEquals(LeaderAndIsr.NO_LEADER, state(cluster, p0).orElseThrow().leader(),
                "no unclean election while it is disabled");
            assertEquals(0, cluster.controller().controller().stats().uncleanElectionCount());

            Map<TopicPartition, Optional<Throwable>> unclean = admin.electLeaders(ElectionType.UNCLEAN, Set.of(p0))
                .partitions().get(30, TimeUnit.SECONDS);
            assertEquals(Optional.empty(), unclean.get(p0));
            awaitState(cluster, p0, s -> s.leader() == second && s.isr().equals(List.of(second)), "is led uncleanly");

            admin.incrementalAlterConfigs(Map.of(new ConfigResource(ConfigResource.Type.TOPIC, "unclean"),
                List.of(new AlterConfigOp(new ConfigEntry(TopicConfigValidator.UNCLEAN_LEADER_ELECTION_ENABLE, "true"),
                    AlterConfigOp.OpType.SET)))).all().get(30, TimeUnit.SECONDS);
            awaitState(cluster, p1, s -> s.leader() == second, "is led uncleanly once the topic allows it");
            assertEquals(2, cluster.controller().controller().stats().uncleanElectionCount());
        }
    }

    @Test
    void shouldMoveLeadershipOffABrokerThatAsksForControlledShutdown() throws Exception {
        try (ZKafkaCluster cluster = cluster(3); Admin admin = admin(cluster);
             NetworkClient network = new NetworkClient("controlled-shutdown-test", 1 << 20, 5_000)) {
            int controller = cluster.controller().brokerId();
            int stopping = controller == 1 ? 2 : 1;
            createTopic(admin, "moving", 6, 3);
            createTopic(admin, "alone", Map.of(0, List.of(stopping)));
            TopicPartition alone = new TopicPartition("alone", 0);
            awaitState(cluster, alone, s -> s.leader() == stopping, "is led by " + stopping);
            TestUtils.waitForCondition(() -> cluster.controller().metadata().image().states().size() == 7,
                ControllerTestSupport.WAIT, "every partition has a state");

            KafkaServer any = cluster.broker(stopping);
            ControlledShutdownResponse stale = network.<ControlledShutdownResponse>call(any.bootstrapAddress(),
                new ControlledShutdownRequest(stopping, 42), 30_000).get(30, TimeUnit.SECONDS);
            assertEquals(Errors.STALE_BROKER_EPOCH, stale.error());

            // what a stopping broker does first, so that the leaders do not take it back into their ISRs
            any.replicaManager().setFetchingPaused(true);
            ControlledShutdownResponse response = network.<ControlledShutdownResponse>call(any.bootstrapAddress(),
                new ControlledShutdownRequest(stopping, -1), 30_000).get(30, TimeUnit.SECONDS);
            assertEquals(Errors.NONE, response.error());
            assertEquals(List.of(alone), response.remainingPartitions());
            assertTrue(cluster.controller().metadata().image().brokers().containsKey(stopping), "still registered");
            for (int p = 0; p < 6; p++) {
                TopicPartition tp = new TopicPartition("moving", p);
                awaitState(cluster, tp, s -> s.leader() != stopping && !s.isr().contains(stopping),
                    "is neither led by nor in sync with " + stopping);
            }
            // the stopping broker is not elected again while it is still registered
            admin.electLeaders(ElectionType.PREFERRED, null).partitions().get(30, TimeUnit.SECONDS);
            assertFalse(cluster.controller().metadata().image().states().values().stream().anyMatch(s ->
                s.partition().topic().equals("moving") && s.leaderAndIsr().leader() == stopping));
        }
    }

    @Test
    void shouldMoveLeadershipAwayWhenBrokersIncludingTheControllerShutDown() throws Exception {
        try (ZKafkaCluster cluster = cluster(3); Admin admin = admin(cluster)) {
            createTopic(admin, "stopping", 6, 3);
            TestUtils.waitForCondition(() -> cluster.runningBrokers().stream().allMatch(b ->
                    b.metadata().image().states().size() == 6), ControllerTestSupport.WAIT, "all states are known");
            int controller = cluster.controller().brokerId();
            int other = controller == 1 ? 2 : 1;

            cluster.stopBroker(other);
            for (int p = 0; p < 6; p++) {
                awaitState(cluster, new TopicPartition("stopping", p), s -> s.leader() != other
                    && !s.isr().contains(other), "has left " + other);
            }

            cluster.stopBroker(controller);
            int last = cluster.runningBrokers().get(0).brokerId();
            for (int p = 0; p < 6; p++) {
                awaitState(cluster, new TopicPartition("stopping", p), s -> s.leader() == last, "is led by " + last);
            }
        }
    }

    @Test
    void shouldConsumeIsrChangeNotifications() throws Exception {
        try (ZKafkaCluster cluster = cluster(1); Admin admin = admin(cluster);
             CoordinationClient zk = new CoordinationClient(CoordinationConfig.from(Map.of(
                 "zookeeper.connect", cluster.zookeeperConnect())))) {
            zk.start();
            createTopic(admin, "notified", 1, 1);
            zk.isrWriter().notifyIsrChange(Set.of(new TopicPartition("notified", 0)));
            zk.isrWriter().notifyIsrChange(Set.of(new TopicPartition("notified", 0)));
            TestUtils.waitForCondition(() -> zk.reader().isrChangeNotifications().isEmpty(), ControllerTestSupport.WAIT,
                "the controller deleted the notifications");
        }
    }
}
