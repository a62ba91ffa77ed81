package io.zkafka.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.zkafka.broker.replica.Partition;
import io.zkafka.common.TopicPartition;
import io.zkafka.common.message.FetchResponse;
import io.zkafka.common.message.MetadataResponse;
import io.zkafka.common.protocol.Errors;
import io.zkafka.common.record.BatchRecordIterator;
import io.zkafka.common.record.RecordBatchBuilder;
import io.zkafka.common.record.RecordBatchIterator;
import io.zkafka.common.record.RecordBatchView;
import io.zkafka.config.KafkaConfig;
import io.zkafka.server.KafkaServer;
import io.zkafka.storage.FileSlice;
import io.zkafka.test.TestUtils;
import io.zkafka.test.ZKafkaCluster;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Leaders, followers, high watermark, ISR and failover, on three real brokers. */
class ReplicationIT {
    private static final Duration WAIT = Duration.ofSeconds(30);

    private static ByteBuffer batch(String value) {
        RecordBatchBuilder builder = RecordBatchBuilder.uncompressed(0, 1 << 20);
        builder.append(System.currentTimeMillis(), null, value.getBytes(StandardCharsets.UTF_8));
        return builder.build();
    }

    private static ZKafkaCluster cluster(long lagMaxMs) throws Exception {
        return ZKafkaCluster.builder().brokers(3)
            .brokerConfig(KafkaConfig.REPLICA_LAG_TIME_MAX_MS, lagMaxMs)
            .brokerConfig(KafkaConfig.REPLICA_FETCH_BACKOFF_MS, 100)
            .build();
    }

    private static MetadataResponse.PartitionMetadata metadataOf(ZKafkaCluster cluster, RawClient client,
                                                                 TopicPartition tp) {
        return client.metadata(cluster.bootstrapServers().split(",")[0], List.of(tp.topic())).topics().get(0)
            .partitions().stream().filter(p -> p.partition() == tp.partition()).findFirst().orElseThrow();
    }

    private static KafkaServer leader(ZKafkaCluster cluster, TopicPartition tp) {
        TestUtils.waitForCondition(() -> cluster.runningBrokers().stream().anyMatch(b -> isLeading(b, tp)), WAIT,
            "a running broker leads " + tp);
        return cluster.runningBrokers().stream().filter(b -> isLeading(b, tp)).findFirst().orElseThrow();
    }

    private static boolean isLeading(KafkaServer broker, TopicPartition tp) {
        return broker.replicaManager().partition(tp).map(Partition::isLeader).orElse(false);
    }

    private static void awaitIsr(ZKafkaCluster cluster, TopicPartition tp, int size) {
        TestUtils.waitForCondition(() -> cluster.runningBrokers().stream().anyMatch(b -> isLeading(b, tp)
                && b.replicaManager().partition(tp).orElseThrow().isr().size() == size), WAIT,
            () -> "the ISR of " + tp + " has " + size + " replicas");
    }

    private static void createTopic(ZKafkaCluster cluster, RawClient client, String topic, int replicationFactor,
                                    int minIsr) {
        assertEquals(Errors.NONE, client.createTopic(cluster.bootstrapServers().split(",")[0], topic, 1,
            replicationFactor, Map.of("min.insync.replicas", String.valueOf(minIsr))).error());
    }

    private static ByteBuffer wholeLog(KafkaServer broker, TopicPartition tp) throws IOException {
        Partition partition = broker.replicaManager().partition(tp).orElseThrow();
        FileSlice slice = partition.log().read(partition.logStartOffset(), Integer.MAX_VALUE);
        return slice.isEmpty() ? ByteBuffer.allocate(0) : slice.readAll();
    }

    /** Every running replica has the leader's log, byte for byte. */
    private static void awaitConvergence(ZKafkaCluster cluster, TopicPartition tp) {
        TestUtils.waitForCondition(() -> {
            try {
                KafkaServer leader = leader(cluster, tp);
                ByteBuffer expected = wholeLog(leader, tp);
                for (KafkaServer broker : cluster.runningBrokers()) {
                    if (broker.replicaManager().partition(tp).isPresent() && !wholeLog(broker, tp).equals(expected)) {
                        return false;
                    }
                }
                return true;
            } catch (IOException e) {
                return false;
            }
        }, WAIT, "every replica of " + tp + " holds the leader's bytes");
    }

    private static List<String> values(FetchResponse.PartitionData data) {
        List<String> values = new ArrayList<>();
        RecordBatchIterator batches = new RecordBatchIterator(data.records().buffer(), 1 << 20);
        while (batches.hasNext()) {
            RecordBatchView batch = batches.next();
            BatchRecordIterator records = new BatchRecordIterator(batch);
            while (records.hasNext()) {
                values.add(StandardCharsets.UTF_8.decode(records.next().value()).toString());
            }
        }
        return values;
    }

    @Test
    void shouldReplicateToEveryReplicaAndAnswerAcksAllOnceInSync() throws Exception {
        try (ZKafkaCluster cluster = cluster(10_000); RawClient client = new RawClient()) {
            TopicPartition tp = new TopicPartition("replicated", 0);
            createTopic(cluster, client, tp.topic(), 3, 2);
            awaitIsr(cluster, tp, 3);
            KafkaServer leader = leader(cluster, tp);
            for (int i = 0; i < 30; i++) {
                assertEquals(Errors.NONE, client.produce(leader.bootstrapAddress(), tp, batch("r" + i), (short) -1).error());
            }
            assertEquals(30, leader.replicaManager().partition(tp).orElseThrow().highWatermark(),
                "acks=all answers only once the high watermark covers the batch");
            awaitConvergence(cluster, tp);
            for (KafkaServer broker : cluster.runningBrokers()) {
                TestUtils.waitForCondition(() -> broker.replicaManager().partition(tp).orElseThrow().highWatermark() == 30,
                    WAIT, "broker " + broker.brokerId() + " learns the high watermark");
            }
        }
    }

    @Test
    void shouldDropLaggingFollowersFromTheIsrAndRefuseAcksAllBelowMinIsr() throws Exception {
        try (ZKafkaCluster cluster = cluster(1_500); RawClient client = new RawClient()) {
            TopicPartition tp = new TopicPartition("shrinking", 0);
            createTopic(cluster, client, tp.topic(), 3, 2);
            awaitIsr(cluster, tp, 3);
            KafkaServer leader = leader(cluster, tp);
            List<KafkaServer> followers = cluster.runningBrokers().stream().filter(b -> b != leader).toList();
            assertEquals(Errors.NONE, client.produce(leader.bootstrapAddress(), tp, batch("before"), (short) -1).error());

            followers.get(0).replicaManager().setFetchingPaused(true);
            awaitIsr(cluster, tp, 2);
            TestUtils.waitForCondition(() -> metadataOf(cluster, client, tp).isr().size() == 2, WAIT,
                "the shrunk ISR is in ZooKeeper");
            assertEquals(Errors.NONE, client.produce(leader.bootstrapAddress(), tp, batch("two"), (short) -1).error());

            followers.get(1).replicaManager().setFetchingPaused(true);
            awaitIsr(cluster, tp, 1);
            assertEquals(Errors.NOT_ENOUGH_REPLICAS,
                client.produce(leader.bootstrapAddress(), tp, batch("refused"), (short) -1).error());
            FetchResponse.PartitionData committed = client.fetch(leader.bootstrapAddress(), tp, 0, 0, 1);
            assertEquals(List.of("before", "two"), values(committed), "committed records stay readable");

            followers.forEach(f -> f.replicaManager().setFetchingPaused(false));
            awaitIsr(cluster, tp, 3);
            assertEquals(Errors.NONE, client.produce(leader.bootstrapAddress(), tp, batch("after"), (short) -1).error());
            awaitConvergence(cluster, tp);
        }
    }

    @Test
    void shouldFailOverToAnInSyncReplicaWithoutLosingAcknowledgedRecords() throws Exception {
        try (ZKafkaCluster cluster = cluster(10_000); RawClient client = new RawClient()) {
            TopicPartition tp = new TopicPartition("failover", 0);
            createTopic(cluster, client, tp.topic(), 3, 2);
            awaitIsr(cluster, tp, 3);
            KafkaServer first = leader(cluster, tp);
            List<String> acknowledged = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                assertEquals(Errors.NONE, client.produce(first.bootstrapAddress(), tp, batch("a" + i), (short) -1).error());
                acknowledged.add("a" + i);
            }
            int firstEpoch = first.replicaManager().partition(tp).orElseThrow().leaderEpoch();
            cluster.killBroker(first.brokerId());

            KafkaServer second = leader(cluster, tp);
            assertNotEquals(first.brokerId(), second.brokerId());
            TestUtils.waitForCondition(() -> {
                Errors error = client.produce(second.bootstrapAddress(), tp, batch("b0"), (short) -1).error();
                return error == Errors.NONE;
            }, WAIT, "the new leader takes acks=all writes");
            acknowledged.add("b0");
            assertEquals(firstEpoch + 1, second.replicaManager().partition(tp).orElseThrow().leaderEpoch());

            List<String> read = values(client.fetch(second.bootstrapAddress(), tp, 0, 0, 1));
            assertEquals(acknowledged, read.subList(read.size() - acknowledged.size(), read.size()));
            assertEquals(acknowledged.size(), read.size());

            cluster.startBroker(first.brokerId());
            awaitIsr(cluster, tp, 3);
            awaitConvergence(cluster, tp);
        }
    }

    @Test
    void shouldTruncateADivergentTailByLeaderEpochWhenTheOldLeaderReturns() throws Exception {
        try (ZKafkaCluster cluster = cluster(60_000); RawClient client = new RawClient()) {
            TopicPartition tp = new TopicPartition("divergent", 0);
            createTopic(cluster, client, tp.topic(), 2, 1);
            awaitIsr(cluster, tp, 2);
            // the leader's ISR comes with the creation's state: the follower may not have applied it yet
            TestUtils.waitForCondition(() -> cluster.runningBrokers().stream()
                .filter(b -> b.replicaManager().partition(tp).isPresent()).count() == 2, WAIT, "both replicas hosted");
            KafkaServer oldLeader = leader(cluster, tp);
            KafkaServer follower = cluster.runningBrokers().stream()
                .filter(b -> b.replicaManager().partition(tp).isPresent() && b != oldLeader).findFirst().orElseThrow();
            for (int i = 0; i < 5; i++) {
                assertEquals(Errors.NONE, client.produce(oldLeader.bootstrapAddress(), tp, batch("shared" + i), (short) -1).error());
            }
            awaitConvergence(cluster, tp);

            follower.replicaManager().setFetchingPaused(true);
            for (int i = 0; i < 3; i++) {
                assertEquals(Errors.NONE, client.produce(oldLeader.bootstrapAddress(), tp, batch("lost" + i), (short) 1).error());
            }
            assertEquals(8, oldLeader.replicaManager().partition(tp).orElseThrow().logEndOffset());
            cluster.killBroker(oldLeader.brokerId());

            TestUtils.waitForCondition(() -> isLeading(follower, tp), WAIT, "the follower takes over");
            for (int i = 0; i < 4; i++) {
                assertEquals(Errors.NONE, client.produce(follower.bootstrapAddress(), tp, batch("new" + i), (short) 1).error());
            }

            KafkaServer returned = cluster.startBroker(oldLeader.brokerId());
            TestUtils.waitForCondition(() -> returned.replicaManager().partition(tp)
                    .map(p -> p.logEndOffset() == 9).orElse(false), WAIT,
                "the old leader drops its 3 divergent records and takes the new leader's 4");
            awaitConvergence(cluster, tp);
            List<String> read = values(client.fetch(follower.bootstrapAddress(), tp, 0, 0, 1));
            assertEquals(List.of("shared0", "shared1", "shared2", "shared3", "shared4", "new0", "new1", "new2", "new3"),
                read);
        }
    }
}
