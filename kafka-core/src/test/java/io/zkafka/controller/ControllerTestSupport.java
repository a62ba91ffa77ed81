package io.zkafka.controller;

import io.zkafka.clients.admin.Admin;
import io.zkafka.clients.admin.AdminClientConfig;
import io.zkafka.clients.admin.NewTopic;
import io.zkafka.common.TopicPartition;
import io.zkafka.coordination.LeaderAndIsr;
import io.zkafka.coordination.PartitionState;
import io.zkafka.server.KafkaServer;
import io.zkafka.test.TestUtils;
import io.zkafka.test.ZKafkaCluster;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** Shared steps of the controller's integration tests: admin clients, topics, waiting on partition states. */
final class ControllerTestSupport {
    static final Duration WAIT = Duration.ofSeconds(30);

    private ControllerTestSupport() {
    }

    static Admin admin(ZKafkaCluster cluster) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers(),
            AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000));
    }

    static void createTopic(Admin admin, String topic, Map<Integer, List<Integer>> assignment) throws Exception {
        admin.createTopics(List.of(new NewTopic(topic, assignment))).all().get(30, TimeUnit.SECONDS);
    }

    static void createTopic(Admin admin, String topic, int partitions, int replicationFactor) throws Exception {
        admin.createTopics(List.of(new NewTopic(topic, partitions, (short) replicationFactor)))
            .all().get(30, TimeUnit.SECONDS);
    }

    /** The state as a running broker's metadata shows it. */
    static Optional<LeaderAndIsr> state(ZKafkaCluster cluster, TopicPartition tp) {
        return cluster.controller().metadata().image().state(tp).map(PartitionState::leaderAndIsr);
    }

    static LeaderAndIsr awaitState(ZKafkaCluster cluster, TopicPartition tp, Predicate<LeaderAndIsr> condition,
                                   String what) {
        TestUtils.waitForCondition(() -> state(cluster, tp).filter(condition).isPresent()
                && cluster.runningBrokers().stream().allMatch(b -> b.metadata().image().state(tp)
                    .map(s -> condition.test(s.leaderAndIsr())).orElse(false)),
            WAIT, () -> tp + " " + what + "; state now " + state(cluster, tp));
        return state(cluster, tp).orElseThrow();
    }

    static List<Integer> assignment(KafkaServer broker, TopicPartition tp) {
        return broker.metadata().image().assignments().get(tp.topic()).replicas(tp.partition());
    }
}
