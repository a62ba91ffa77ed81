package io.zkafka.clients;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkafka.clients.admin.Admin;
import io.zkafka.clients.admin.AdminClient;
import io.zkafka.clients.admin.AlterConfigOp;
import io.zkafka.clients.admin.Config;
import io.zkafka.clients.admin.ConfigEntry;
import io.zkafka.clients.admin.ConfigResource;
import io.zkafka.clients.admin.ListOffsetsResult;
import io.zkafka.clients.admin.LogDirDescription;
import io.zkafka.clients.admin.NewPartitions;
import io.zkafka.clients.admin.NewTopic;
import io.zkafka.clients.admin.OffsetSpec;
import io.zkafka.clients.admin.RecordsToDelete;
import io.zkafka.clients.admin.TopicDescription;
import io.zkafka.clients.admin.TopicPartitionInfo;
import io.zkafka.clients.producer.KafkaProducer;
import io.zkafka.clients.producer.ProducerRecord;
import io.zkafka.common.Node;
import io.zkafka.common.TopicPartition;
import io.zkafka.common.Uuid;
import io.zkafka.common.errors.ApiException;
import io.zkafka.common.protocol.Errors;
import io.zkafka.common.serialization.StringSerializer;
import io.zkafka.test.TestUtils;
import io.zkafka.test.ZKafkaCluster;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The admin client against two real brokers, so calls reach both the controller and the other broker. */
class AdminClientIT {
    private static ZKafkaCluster cluster;
    private static Admin admin;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = ZKafkaCluster.builder().brokers(2).brokerConfig("auto.create.topics.enable", "false").build();
        admin = Admin.create(Map.of("bootstrap.servers", cluster.bootstrapServers(), "default.api.timeout.ms",
            "30000"));
    }

    @AfterAll
    static void stopCluster() throws Exception {
        if (admin != null) {
            admin.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    private static <T> T get(CompletableFuture<T> future) throws Exception {
        return future.get(30, TimeUnit.SECONDS);
    }

    private static Errors errorOf(CompletableFuture<?> future) {
        ExecutionException e = assertThrows(ExecutionException.class, () -> future.get(30, TimeUnit.SECONDS));
        assertTrue(e.getCause() instanceof ApiException, String.valueOf(e.getCause()));
        return ((ApiException) e.getCause()).error();
    }

    @Test
    void shouldDescribeTheClusterAndItsController() throws Exception {
        Collection<Node> nodes = get(admin.describeCluster().nodes());
        assertEquals(Set.of(1, 2), new HashSet<>(nodes.stream().map(Node::id).toList()));
        Node controller = get(admin.describeCluster().controller());
        assertEquals(cluster.controller().config().brokerId(), controller.id());
        assertNotNull(get(admin.describeCluster().clusterId()));
    }

    @Test
    void shouldCreateDescribeListAndDeleteTopics() throws Exception {
        get(admin.createTopics(List.of(new NewTopic("orders", 4, (short) 1),
            new NewTopic("payments", 2, (short) 1).configs(Map.of("retention.ms", "3600000")))).all());
        assertTrue(get(admin.listTopics().names()).containsAll(Set.of("orders", "payments")));

        TopicDescription orders = get(admin.describeTopics(List.of("orders")).allTopicNames()).get("orders");
        assertEquals(4, orders.partitions().size());
        assertNotEquals(Uuid.ZERO, orders.topicId(), "every topic created has an id");
        Set<Integer> leaders = new HashSet<>();
        for (int p = 0; p < 4; p++) {
            TopicPartitionInfo info = orders.partitions().get(p);
            assertEquals(p, info.partition());
            assertNotNull(info.leader(), "partition " + p + " has a leader");
            assertEquals(List.of(info.leader()), info.replicas());
            leaders.add(info.leader().id());
        }
        assertEquals(Set.of(1, 2), leaders, "partitions are spread over both brokers");

        assertEquals(Errors.TOPIC_ALREADY_EXISTS,
            errorOf(admin.createTopics(List.of(new NewTopic("orders", 1, (short) 1))).values().get("orders")));
        get(admin.deleteTopics(List.of("payments")).all());
        TestUtils.waitForCondition(() -> !admin.listTopics().names().join().contains("payments"),
            Duration.ofSeconds(30), "the deleted topic disappears");
        assertEquals(Errors.UNKNOWN_TOPIC_OR_PARTITION,
            errorOf(admin.describeTopics(List.of("payments")).values().get("payments")));
        assertEquals(Errors.UNKNOWN_TOPIC_OR_PARTITION,
            errorOf(admin.deleteTopics(List.of("never-existed")).all()));
    }

    @Test
    void shouldRefuseAReplicationFactorAboveTheLiveBrokerCountNamingTheTopic() {
        CompletableFuture<Void> created = admin.createTopics(List.of(new NewTopic("replicated", 1, (short) 3))).all();
        ExecutionException e = assertThrows(ExecutionException.class, () -> created.get(30, TimeUnit.SECONDS));
        ApiException cause = (ApiException) e.getCause();
        assertEquals(Errors.INVALID_REPLICATION_FACTOR, cause.error());
        assertTrue(cause.getMessage().contains("replicated"), cause.getMessage());
    }

    @Test
    void shouldAddPartitions() throws Exception {
        get(admin.createTopics(List.of(new NewTopic("growing", 1, (short) 1))).all());
        get(admin.createPartitions(Map.of("growing", NewPartitions.increaseTo(3))).all());
        TestUtils.waitForCondition(() -> admin.describeTopics(List.of("growing")).allTopicNames().join()
            .get("growing").partitions().size() == 3, Duration.ofSeconds(30), "the topic has 3 partitions");
        assertEquals(Errors.INVALID_PARTITIONS,
            errorOf(admin.createPartitions(Map.of("growing", NewPartitions.increaseTo(2))).all()));
        get(admin.createPartitions(Map.of("growing", NewPartitions.increaseTo(5, List.of(List.of(2), List.of(1)))))
            .all());
        TestUtils.waitForCondition(() -> admin.describeTopics(List.of("growing")).allTopicNames().join()
            .get("growing").partitions().size() == 5, Duration.ofSeconds(30), "the topic has 5 partitions");
        List<TopicPartitionInfo> partitions = get(admin.describeTopics(List.of("growing")).allTopicNames())
            .get("growing").partitions();
        Map<Integer, Integer> firstReplica = new HashMap<>();
        partitions.forEach(p -> firstReplica.put(p.partition(), p.replicas().get(0).id()));
        assertEquals(2, firstReplica.get(3));
        assertEquals(1, firstReplica.get(4));
        assertEquals(Errors.INVALID_REPLICA_ASSIGNMENT, errorOf(admin.createPartitions(Map.of("growing",
            NewPartitions.increaseTo(6, List.of(List.of(3))))).all()), "broker 3 does not exist");
    }

    @Test
    void shouldDescribeAndAlterTopicConfigs() throws Exception {
        get(admin.createTopics(List.of(new NewTopic("configured", 1, (short) 1))).all());
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, "configured");
        ConfigEntry retention = get(admin.describeConfigs(List.of(resource)).all()).get(resource).get("retention.ms");
        assertNotNull(retention);
        assertTrue(retention.isDefault());

        get(admin.incrementalAlterConfigs(Map.of(resource, List.of(
            new AlterConfigOp(new ConfigEntry("retention.ms", "60000"), AlterConfigOp.OpType.SET)))).all());
        TestUtils.waitForCondition(() -> {
            Config config = admin.describeConfigs(List.of(resource)).all().join().get(resource);
            return "60000".equals(config.get("retention.ms").value()) && !config.get("retention.ms").isDefault();
        }, Duration.ofSeconds(30), "the new retention.ms is described");

        get(admin.incrementalAlterConfigs(Map.of(resource, List.of(
            new AlterConfigOp(new ConfigEntry("retention.ms", null), AlterConfigOp.OpType.DELETE)))).all());
        TestUtils.waitForCondition(() -> admin.describeConfigs(List.of(resource)).all().join().get(resource)
            .get("retention.ms").isDefault(), Duration.ofSeconds(30), "retention.ms is back to its default");

        get(admin.incrementalAlterConfigs(Map.of(resource, List.of(
            new AlterConfigOp(new ConfigEntry("cleanup.policy", "compact"), AlterConfigOp.OpType.APPEND)))).all());
        assertEquals("delete,compact", admin.describeConfigs(List.of(resource)).all().join().get(resource)
            .get("cleanup.policy").value());
        get(admin.incrementalAlterConfigs(Map.of(resource, List.of(
            new AlterConfigOp(new ConfigEntry("cleanup.policy", "delete"), AlterConfigOp.OpType.SUBTRACT)))).all());
        assertEquals("compact", admin.describeConfigs(List.of(resource)).all().join().get(resource)
            .get("cleanup.policy").value());
        assertEquals(Errors.INVALID_CONFIG, errorOf(admin.incrementalAlterConfigs(Map.of(resource, List.of(
            new AlterConfigOp(new ConfigEntry("retention.ms", "1"), AlterConfigOp.OpType.APPEND)))).all()));
    }

    @Test
    void shouldDescribeEachBrokersConfigAtThatBroker() throws Exception {
        for (int id = 1; id <= 2; id++) {
            ConfigResource broker = new ConfigResource(ConfigResource.Type.BROKER, String.valueOf(id));
            Config config = get(admin.describeConfigs(List.of(broker)).all()).get(broker);
            assertEquals(String.valueOf(id), config.get("broker.id").value());
            assertTrue(config.get("broker.id").isReadOnly());
        }
    }

    @Test
    void shouldListEarliestLatestAndTimestampOffsets() throws Exception {
        get(admin.createTopics(List.of(new NewTopic("offsets", 1, (short) 1))).all());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of("bootstrap.servers",
            cluster.bootstrapServers()), new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < 10; i++) {
                producer.send(new ProducerRecord<>("offsets", 0, 5_000L + i * 100L, null, "v" + i));
            }
            producer.flush();
        }
        TopicPartition tp = new TopicPartition("offsets", 0);
        assertEquals(0L, get(admin.listOffsets(Map.of(tp, OffsetSpec.earliest())).partitionResult(tp)).offset());
        assertEquals(10L, get(admin.listOffsets(Map.of(tp, OffsetSpec.latest())).partitionResult(tp)).offset());
        ListOffsetsResult.ListOffsetsResultInfo byTime =
            get(admin.listOffsets(Map.of(tp, OffsetSpec.forTimestamp(5_250L))).all()).get(tp);
        assertEquals(3L, byTime.offset());
        assertEquals(5_300L, byTime.timestamp());
    }

    @Test
    void shouldDeleteRecordsOnTheLeaderAndStartReadersAtTheNewLogStart() throws Exception {
        get(admin.createTopics(List.of(new NewTopic("trimmed", 1, (short) 2))).all());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of("bootstrap.servers",
            cluster.bootstrapServers()), new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < 10; i++) {
                producer.send(new ProducerRecord<>("trimmed", 0, null, "v" + i));
            }
            producer.flush();
        }
        TopicPartition tp = new TopicPartition("trimmed", 0);
        assertEquals(6L, get(admin.deleteRecords(Map.of(tp, RecordsToDelete.beforeOffset(6))).lowWatermarks()
            .get(tp)).lowWatermark());
        assertEquals(6L, get(admin.listOffsets(Map.of(tp, OffsetSpec.earliest())).partitionResult(tp)).offset());
        assertEquals(10L, get(admin.deleteRecords(Map.of(tp, RecordsToDelete.beforeOffset(-1))).lowWatermarks()
            .get(tp)).lowWatermark(), "-1: up to the high watermark");
        assertEquals(Errors.OFFSET_OUT_OF_RANGE, errorOf(admin.deleteRecords(Map.of(tp,
            RecordsToDelete.beforeOffset(11))).all()));
        assertEquals(Errors.UNKNOWN_TOPIC_OR_PARTITION, errorOf(admin.deleteRecords(Map.of(
            new TopicPartition("trimmed", 5), RecordsToDelete.beforeOffset(1))).all()));
    }

    @Test
    void shouldDescribeEachBrokersLogDirsWithTheReplicasInThem() throws Exception {
        get(admin.createTopics(List.of(new NewTopic("described-dirs", 2, (short) 2))).all());
        for (int id = 1; id <= 2; id++) {
            Map<String, LogDirDescription> dirs = get(admin.describeLogDirs(List.of(id)).descriptions().get(id));
            LogDirDescription dir = dirs.get(cluster.logDir(id).toString());
            assertNotNull(dir, "broker " + id + " describes its log dir: " + dirs.keySet());
            assertEquals(Errors.NONE, dir.error());
            assertTrue(dir.totalBytes() > 0 && dir.usableBytes() >= 0);
            int broker = id;
            // a follower creates its log when its watcher applies the new partition states
            TestUtils.waitForCondition(() -> {
                Map<TopicPartition, LogDirDescription.ReplicaInfo> replicas = admin.describeLogDirs(List.of(broker))
                    .descriptions().get(broker).join().get(cluster.logDir(broker).toString()).replicaInfos();
                return replicas.containsKey(new TopicPartition("described-dirs", 0))
                    && replicas.containsKey(new TopicPartition("described-dirs", 1));
            }, Duration.ofSeconds(30), "broker " + id + " describes both replicas in its log dir");
        }
    }

    @Test
    void shouldKeepTheAdminClientAliasWorking() throws Exception {
        try (AdminClient alias = AdminClient.create(Map.of("bootstrap.servers", cluster.bootstrapServers()))) {
            assertFalse(get(alias.describeCluster().nodes()).isEmpty());
        }
    }
}
