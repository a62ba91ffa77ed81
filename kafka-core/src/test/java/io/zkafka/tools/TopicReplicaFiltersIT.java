package io.zkafka.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkafka.broker.replica.Partition;
import io.zkafka.common.TopicPartition;
import io.zkafka.config.KafkaConfig;
import io.zkafka.server.KafkaServer;
import io.zkafka.test.TestUtils;
import io.zkafka.test.ZKafkaCluster;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** kafka-topics.sh --describe with the replica filters, on three brokers with followers cut off. */
class TopicReplicaFiltersIT {

    @Test
    void shouldShowReplicasIsrAndFilterUnderReplicatedAndUnderMinIsrPartitions() throws Exception {
        try (ZKafkaCluster cluster = ZKafkaCluster.builder().brokers(3)
                .brokerConfig(KafkaConfig.REPLICA_LAG_TIME_MAX_MS, 1_500).build()) {
            String bootstrap = cluster.bootstrapServers();
            ToolResult created = ToolResult.run(TopicCommand.RUNNER, "--bootstrap-server", bootstrap, "--create",
                "--topic", "guarded", "--partitions", "1", "--replication-factor", "3",
                "--config", "min.insync.replicas=2");
            assertEquals(0, created.exitCode(), created::toString);
            TopicPartition tp = new TopicPartition("guarded", 0);
            TestUtils.waitForCondition(() -> cluster.runningBrokers().stream().anyMatch(b -> leads(b, tp)
                    && b.replicaManager().partition(tp).orElseThrow().isr().size() == 3),
                Duration.ofSeconds(30), "all three replicas in sync");
            assertEquals(List.of(), describe(bootstrap, "--under-replicated-partitions"));
            assertEquals(List.of(), describe(bootstrap, "--under-min-isr-partitions"));

            KafkaServer leader = cluster.runningBrokers().stream().filter(b -> leads(b, tp)).findFirst().orElseThrow();
            cluster.runningBrokers().stream().filter(b -> b != leader)
                .forEach(b -> b.replicaManager().setFetchingPaused(true));
            TestUtils.waitForCondition(() -> describe(bootstrap, "--under-min-isr-partitions").size() == 1,
                Duration.ofSeconds(30), "the partition shows as under its minimum ISR");
            String line = describe(bootstrap, "--under-min-isr-partitions").get(0);
            assertTrue(line.matches("\tTopic: guarded\tPartition: 0\tLeader: " + leader.brokerId()
                + "\tReplicas: [\\d,]+\tIsr: " + leader.brokerId()), line);
            assertEquals(1, describe(bootstrap, "--under-replicated-partitions").size());
            assertEquals(List.of(), describe(bootstrap, "--at-min-isr-partitions"));
            assertEquals(List.of(), describe(bootstrap, "--unavailable-partitions"));
        }
    }

    private static boolean leads(KafkaServer broker, TopicPartition tp) {
        return broker.replicaManager().partition(tp).map(Partition::isLeader).orElse(false);
    }

    private static List<String> describe(String bootstrap, String filter) {
        ToolResult result = ToolResult.run(TopicCommand.RUNNER, "--bootstrap-server", bootstrap, "--describe",
            "--topic", "guarded", filter);
        assertEquals(0, result.exitCode(), result::toString);
        return result.outLines();
    }
}
