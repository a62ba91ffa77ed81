package io.zkafka.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkafka.common.TopicPartition;
import io.zkafka.common.message.FetchResponse;
import io.zkafka.common.message.ListOffsetsRequest;
import io.zkafka.common.message.MetadataResponse;
import io.zkafka.common.message.ProduceResponse;
import io.zkafka.common.message.TopicResult;
import io.zkafka.common.protocol.Errors;
import io.zkafka.common.record.BatchRecordIterator;
import io.zkafka.common.record.RecordBatchBuilder;
import io.zkafka.common.record.RecordBatchIterator;
import io.zkafka.common.record.RecordBatchView;
import io.zkafka.common.record.RecordView;
import io.zkafka.config.KafkaConfig;
import io.zkafka.test.TestUtils;
import io.zkafka.test.ZKafkaCluster;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Three real brokers and a real ZooKeeper, driven over the wire protocol. */
class BrokerProtocolIT {
    private static ZKafkaCluster cluster;
    private static RawClient client;

    @BeforeAll
    static void start() throws Exception {
        cluster = ZKafkaCluster.builder().brokers(3).brokerConfig(KafkaConfig.MESSAGE_MAX_BYTES, 100_000).build();
        client = new RawClient();
    }

    @AfterAll
    static void stop() throws Exception {
        client.close();
        cluster.close();
    }

    private static String anyBroker() {
        return cluster.runningBrokers().get(0).bootstrapAddress();
    }

    private static ByteBuffer batch(String prefix, int records) {
        RecordBatchBuilder builder = RecordBatchBuilder.uncompressed(0, 1 << 20);
        for (int i = 0; i < records; i++) {
            builder.append(1_000L + i, (prefix + "-key-" + i).getBytes(StandardCharsets.UTF_8),
                (prefix + "-value-" + i).getBytes(StandardCharsets.UTF_8));
        }
        return builder.build();
    }

    private static List<String> values(ByteBuffer fetched) {
        List<String> values = new ArrayList<>();
        RecordBatchIterator batches = new RecordBatchIterator(fetched, 1 << 20);
        while (batches.hasNext()) {
            RecordBatchView batch = batches.next();
            BatchRecordIterator records = new BatchRecordIterator(batch);
            while (records.hasNext()) {
                RecordView record = records.next();
                values.add(StandardCharsets.UTF_8.decode(record.value()).toString());
            }
        }
        return values;
    }

    private static void awaitLeaders(String topic, int partitions) {
        TestUtils.waitForCondition(() -> {
            MetadataResponse metadata = client.metadata(anyBroker(), List.of(topic));
            return metadata.topics().get(0).error() == Errors.NONE
                && metadata.topics().get(0).partitions().size() == partitions
                && metadata.topics().get(0).partitions().stream().allMatch(p -> p.leader() >= 0);
        }, Duration.ofSeconds(30), "every partition of " + topic + " has a leader");
        // and each leader has taken up its role (brokers learn of new states independently)
        TestUtils.waitForCondition(() -> client.metadata(anyBroker(), List.of(topic)).topics().get(0).partitions().stream()
                .allMatch(p -> cluster.runningBrokers().stream().anyMatch(b -> b.brokerId() == p.leader()
                    && b.replicaManager().partition(new TopicPartition(topic, p.partition()))
                        .map(partition -> partition.isLeader()).orElse(false))),
            Duration.ofSeconds(30), "every leader of " + topic + " leads");
    }

    @Test
    void shouldCreateATopicThroughAnyBrokerAndSpreadItsLeaders() {
        for (var broker : cluster.runningBrokers()) {
            if (!broker.isController()) {
                TopicResult result = client.createTopic(broker.bootstrapAddress(), "spread", 12, 1, Map.of());
                assertEquals(Errors.NONE, result.error(), String.valueOf(result.errorMessage()));
                break;
            }
        }
        awaitLeaders("spread", 12);
        MetadataResponse metadata = client.metadata(anyBroker(), List.of("spread"));
        Set<Integer> leaders = new HashSet<>();
        metadata.topics().get(0).partitions().forEach(p -> leaders.add(p.leader()));
        assertEquals(Set.of(1, 2, 3), leaders);
        assertEquals(Errors.TOPIC_ALREADY_EXISTS, client.createTopic(anyBroker(), "spread", 1, 1, Map.of()).error());
    }

    @Test
    void shouldAppendAndReadBackBatchesWithAssignedOffsets() {
        assertEquals(Errors.NONE, client.createTopic(anyBroker(), "rw", 2, 1, Map.of()).error());
        awaitLeaders("rw", 2);
        TopicPartition tp = new TopicPartition("rw", 1);
        String leader = client.leaderOf(anyBroker(), tp);
        ProduceResponse.PartitionResponse first = client.produce(leader, tp, batch("a", 10), (short) 1);
        ProduceResponse.PartitionResponse second = client.produce(leader, tp, batch("b", 5), (short) -1);
        assertEquals(Errors.NONE, first.error());
        assertEquals(0, first.baseOffset());
        assertEquals(10, second.baseOffset());

        FetchResponse.PartitionData data = client.fetch(leader, tp, 0, 0, 1);
        assertEquals(Errors.NONE, data.error());
        assertEquals(15, data.highWatermark());
        List<String> values = values(data.records().buffer());
        assertEquals(15, values.size());
        assertEquals("a-value-0", values.get(0));
        assertEquals("b-value-4", values.get(14));

        assertEquals(0, client.listOffset(leader, tp, ListOffsetsRequest.EARLIEST_TIMESTAMP).offset());
        assertEquals(15, client.listOffset(leader, tp, ListOffsetsRequest.LATEST_TIMESTAMP).offset());
        assertEquals(3, client.listOffset(leader, tp, 1_003L).offset());
        assertEquals(-1, client.listOffset(leader, tp, 999_999L).offset());
    }

    @Test
    void shouldAnswerALongPollFetchWhenRecordsArrive() {
        assertEquals(Errors.NONE, client.createTopic(anyBroker(), "poll", 1, 1, Map.of()).error());
        awaitLeaders("poll", 1);
        TopicPartition tp = new TopicPartition("poll", 0);
        String leader = client.leaderOf(anyBroker(), tp);
        CompletableFuture<FetchResponse.PartitionData> waiting =
            CompletableFuture.supplyAsync(() -> client.fetch(leader, tp, 0, 10_000, 1));
        // the fetch is parked until the append; then it answers well before its 10 s wait ends
        TestUtils.waitForCondition(() -> cluster.runningBrokers().stream()
                .anyMatch(b -> b.replicaManager().fetchPurgatory().watched() > 0),
            Duration.ofSeconds(10), "the fetch waits in the purgatory");
        assertEquals(Errors.NONE, client.produce(leader, tp, batch("late", 3), (short) 1).error());
        FetchResponse.PartitionData data = waiting.join();
        assertEquals(3, values(data.records().buffer()).size());
    }

    @Test
    void shouldRejectBadRequestsWithClearErrors() {
        TopicPartition missing = new TopicPartition("no-such-topic", 0);
        assertEquals(Errors.UNKNOWN_TOPIC_OR_PARTITION, client.produce(anyBroker(), missing, batch("x", 1), (short) 1).error());

        assertEquals(Errors.NONE, client.createTopic(anyBroker(), "errors", 1, 1, Map.of()).error());
        awaitLeaders("errors", 1);
        TopicPartition tp = new TopicPartition("errors", 0);
        String leader = client.leaderOf(anyBroker(), tp);
        assertEquals(Errors.OFFSET_OUT_OF_RANGE, client.fetch(leader, tp, 42, 0, 1).error());

        RecordBatchBuilder big = RecordBatchBuilder.uncompressed(0, 1 << 20);
        big.append(0L, null, new byte[200_000]);
        assertEquals(Errors.MESSAGE_TOO_LARGE, client.produce(leader, tp, big.build(), (short) 1).error());

        ByteBuffer corrupt = batch("c", 2);
        corrupt.put(corrupt.limit() - 1, (byte) (corrupt.get(corrupt.limit() - 1) ^ 0x55));
        assertEquals(Errors.CORRUPT_MESSAGE, client.produce(leader, tp, corrupt, (short) 1).error());

        TopicResult replicated = client.createTopic(anyBroker(), "replicated", 1, 4, Map.of());
        assertEquals(Errors.INVALID_REPLICATION_FACTOR, replicated.error());
        assertTrue(replicated.errorMessage().contains("larger than the 3 live broker"), replicated.errorMessage());

        TopicResult badConfig = client.createTopic(anyBroker(), "bad-config", 1, 1, Map.of("retention.ms", "soon"));
        assertEquals(Errors.INVALID_CONFIG, badConfig.error());
        assertTrue(badConfig.errorMessage().contains("retention.ms"), badConfig.errorMessage());
        assertEquals(Errors.INVALID_TOPIC_EXCEPTION, client.createTopic(anyBroker(), "bad/name", 1, 1, Map.of()).error());
    }

    @Test
    void shouldTakeAKilledBrokersPartitionsOfflineAndBringThemBackIntact() {
        assertEquals(Errors.NONE, client.createTopic(anyBroker(), "crash", 6, 1, Map.of()).error());
        awaitLeaders("crash", 6);
        Map<Integer, Long> produced = new java.util.HashMap<>();
        for (int p = 0; p < 6; p++) {
            TopicPartition tp = new TopicPartition("crash", p);
            assertEquals(Errors.NONE, client.produce(client.leaderOf(anyBroker(), tp), tp, batch("p" + p, 7), (short) 1).error());
            produced.put(p, 7L);
        }
        int victim = cluster.runningBrokers().stream().filter(b -> !b.isController()).findFirst().orElseThrow().brokerId();
        List<Integer> victimPartitions = new ArrayList<>();
        client.metadata(anyBroker(), List.of("crash")).topics().get(0).partitions().forEach(p -> {
            if (p.leader() == victim) {
                victimPartitions.add(p.partition());
            }
        });
        assertTrue(!victimPartitions.isEmpty(), "the victim leads something");

        cluster.killBroker(victim);
        TestUtils.waitForCondition(() -> client.metadata(anyBroker(), List.of("crash")).topics().get(0).partitions().stream()
                .filter(p -> victimPartitions.contains(p.partition())).allMatch(p -> p.leader() == -1
                    && p.error() == Errors.LEADER_NOT_AVAILABLE),
            Duration.ofSeconds(30), "the victim's partitions are offline");
        for (int p = 0; p < 6; p++) {
            if (!victimPartitions.contains(p)) {
                TopicPartition tp = new TopicPartition("crash", p);
                String leader = client.leaderOf(anyBroker(), tp);
                assertNotNull(leader);
                assertEquals(Errors.NONE, client.produce(leader, tp, batch("more", 1), (short) 1).error());
                produced.merge(p, 1L, Long::sum);
            }
        }

        cluster.startBroker(victim);
        awaitLeaders("crash", 6);
        for (int p = 0; p < 6; p++) {
            TopicPartition tp = new TopicPartition("crash", p);
            FetchResponse.PartitionData data = client.fetch(client.leaderOf(anyBroker(), tp), tp, 0, 0, 1);
            assertEquals(Errors.NONE, data.error(), "partition " + p);
            assertEquals(produced.get(p).intValue(), values(data.records().buffer()).size(), "partition " + p);
        }
    }

    @Test
    void shouldElectANewControllerWhenTheControllerDies() throws Exception {
        try (ZKafkaCluster small = ZKafkaCluster.builder().brokers(2).build()) {
            int old = small.controller().brokerId();
            small.killBroker(old);
            TestUtils.waitForCondition(small::hasController, Duration.ofSeconds(30), "a new controller");
            assertNotEquals(old, small.controller().brokerId());
            String bootstrap = small.bootstrapServers();
            TestUtils.waitForCondition(() -> client.createTopic(bootstrap, "after-failover", 2, 1, Map.of()).error()
                    == Errors.NONE, Duration.ofSeconds(30), "topic creation works under the new controller");
        }
    }
}
