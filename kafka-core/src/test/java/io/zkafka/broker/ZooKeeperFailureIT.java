package io.zkafka.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkafka.common.TopicPartition;
import io.zkafka.common.message.FetchResponse;
import io.zkafka.common.message.MetadataResponse;
import io.zkafka.common.message.TopicResult;
import io.zkafka.common.protocol.Errors;
import io.zkafka.common.record.RecordBatchBuilder;
import io.zkafka.server.KafkaServer;
import io.zkafka.test.TestUtils;
import io.zkafka.test.ZKafkaCluster;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.curator.test.InstanceSpec;
import org.junit.jupiter.api.Test;

/** What brokers do when ZooKeeper misbehaves: expired sessions, lost ensemble nodes, lost quorum. */
class ZooKeeperFailureIT {

    private static ByteBuffer batch(int records) {
        RecordBatchBuilder builder = RecordBatchBuilder.uncompressed(0, 1 << 20);
        for (int i = 0; i < records; i++) {
            builder.append(System.currentTimeMillis(), null, ("v" + i).getBytes());
        }
        return builder.build();
    }

    private static void awaitLeading(ZKafkaCluster cluster, RawClient client, String topic, int partitions) {
        String any = cluster.bootstrapServers().split(",")[0];
        TestUtils.waitForCondition(() -> {
            MetadataResponse metadata = client.metadata(any, List.of(topic));
            return metadata.topics().get(0).partitions().size() == partitions
                && metadata.topics().get(0).partitions().stream().allMatch(p -> cluster.runningBrokers().stream()
                    .anyMatch(b -> b.brokerId() == p.leader() && b.replicaManager()
                        .partition(new TopicPartition(topic, p.partition())).map(x -> x.isLeader()).orElse(false)));
        }, Duration.ofSeconds(30), topic + " has working leaders");
    }

    @Test
    void shouldHandControlToANewControllerWhenTheControllersSessionExpires() throws Exception {
        try (ZKafkaCluster cluster = ZKafkaCluster.builder().brokers(3).build(); RawClient client = new RawClient()) {
            KafkaServer old = cluster.controller();
            int oldEpoch = old.controller().activeEpoch().orElseThrow();

            old.expireZooKeeperSession();

            TestUtils.waitForCondition(() -> cluster.runningBrokers().stream().anyMatch(b -> b.controller().activeEpoch()
                    .orElse(-1) > oldEpoch), Duration.ofSeconds(30), "a controller with a newer epoch");
            TestUtils.waitForCondition(() -> cluster.runningBrokers().stream().filter(KafkaServer::isController).count() == 1,
                Duration.ofSeconds(30), "the expired controller stands down, leaving exactly one");
            KafkaServer current = cluster.controller();
            int newEpoch = current.controller().activeEpoch().orElseThrow();
            assertTrue(newEpoch > oldEpoch);

            String any = cluster.bootstrapServers().split(",")[0];
            TestUtils.waitForCondition(() -> client.createTopic(any, "after-expiry", 3, 1, Map.of()).error()
                == Errors.NONE || client.metadata(any, List.of("after-expiry")).topics().get(0).error() == Errors.NONE,
                Duration.ofSeconds(30), "topic creation works after the expiry");
            awaitLeading(cluster, client, "after-expiry", 3);
            // every state of the new topic was written by the newest controller epoch
            cluster.runningBrokers().get(0).metadata().image().states().forEach((tp, state) -> {
                if (tp.topic().equals("after-expiry")) {
                    assertTrue(state.leaderAndIsr().controllerEpoch() >= newEpoch, state.toString());
                }
            });
            // the expired broker re-registered with a new session and still serves
            TestUtils.waitForCondition(() -> client.metadata(any, null).brokers().size() == 3,
                Duration.ofSeconds(30), "all three brokers registered");
        }
    }

    @Test
    void shouldKeepServingThroughLostZooKeeperNodesAndResumeAdminWhenQuorumReturns() throws Exception {
        try (ZKafkaCluster cluster = ZKafkaCluster.builder().brokers(2).zookeeperNodes(3).build();
             RawClient client = new RawClient()) {
            String any = cluster.bootstrapServers().split(",")[0];
            assertEquals(Errors.NONE, client.createTopic(any, "steady", 2, 1, Map.of()).error());
            awaitLeading(cluster, client, "steady", 2);
            TopicPartition tp = new TopicPartition("steady", 0);
            String leader = client.leaderOf(any, tp);
            long produced = 0;

            List<InstanceSpec> nodes = cluster.zookeeperInstances();
            cluster.ensemble().killServer(nodes.get(0));
            for (int i = 0; i < 20; i++) {
                assertEquals(Errors.NONE, client.produce(leader, tp, batch(5), (short) 1).error());
                produced += 5;
            }
            // the controller may have been connected to the killed node: it resigns, reconnects, wins again
            TestUtils.waitForCondition(() -> client.createTopic(any, "two-nodes", 1, 1, Map.of()).error() == Errors.NONE
                    || client.metadata(any, List.of("two-nodes")).topics().get(0).error() == Errors.NONE,
                Duration.ofSeconds(30), "admin works with two of three ZooKeeper nodes");

            cluster.ensemble().killServer(nodes.get(1));
            TestUtils.waitForCondition(() -> !cluster.hasController(), Duration.ofSeconds(30),
                "without quorum no broker acts as controller");
            for (int i = 0; i < 20; i++) {
                assertEquals(Errors.NONE, client.produce(leader, tp, batch(5), (short) 1).error(), "produce without quorum");
                produced += 5;
            }
            FetchResponse.PartitionData read = client.fetch(leader, tp, 0, 0, 1);
            assertEquals(Errors.NONE, read.error());
            assertEquals(produced, read.highWatermark());
            TopicResult noQuorum = client.createTopic(any, "no-quorum", 1, 1, Map.of());
            assertFalse(noQuorum.error() == Errors.NONE, "admin changes fail without quorum");
            assertTrue(noQuorum.errorMessage() != null && !noQuorum.errorMessage().isEmpty(), "with a reason");

            cluster.ensemble().restartServer(nodes.get(0));
            cluster.ensemble().restartServer(nodes.get(1));
            TestUtils.waitForCondition(() -> client.createTopic(any, "quorum-back", 1, 1, Map.of()).error() == Errors.NONE
                    || client.metadata(any, List.of("quorum-back")).topics().get(0).error() == Errors.NONE,
                Duration.ofSeconds(60), "admin works again once quorum returns");
            assertEquals(Errors.NONE, client.produce(leader, tp, batch(1), (short) 1).error());
        }
    }
}
