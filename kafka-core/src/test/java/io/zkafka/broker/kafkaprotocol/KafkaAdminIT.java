package io.zkafka.broker.kafkaprotocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkafka.test.SaslZooKeeperServer;
import io.zkafka.test.TestUtils;
import io.zkafka.test.ZKafkaCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.CreateTopicsOptions;
import org.apache.kafka.clients.admin.CreateTopicsResult;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.apache.kafka.clients.admin.DescribeConfigsOptions;
import org.apache.kafka.clients.admin.LogDirDescription;
import org.apache.kafka.clients.admin.NewPartitionReassignment;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.admin.ReplicaInfo;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.ElectionType;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicCollection;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.ElectionNotNeededException;
import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.apache.kafka.common.errors.InvalidPartitionsException;
import org.apache.kafka.common.errors.InvalidReplicaAssignmentException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.KafkaStorageException;
import org.apache.kafka.common.errors.NoReassignmentInProgressException;
import org.apache.kafka.common.errors.OffsetOutOfRangeException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicIdException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Apache Kafka 3.9's Admin client against the Kafka listener of a 3-broker cluster. */
class KafkaAdminIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String LOCK_FILE = ".lock";

    private static ZKafkaCluster cluster;

    @BeforeAll
    static void start() throws Exception {
        cluster = ZKafkaCluster.builder().brokers(3).logDirsPerBroker(2).kafkaListener()
            .brokerConfig("auto.leader.rebalance.enable", false).build();
    }

    @AfterAll
    static void stop() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void createsDescribesAltersAndDeletesTopics() throws Exception {
        try (Admin admin = admin()) {
            String topic = "admin-created";
            NewTopic explicit = new NewTopic(topic, Map.of(0, List.of(1, 2), 1, List.of(2, 3), 2, List.of(3, 1)))
                .configs(Map.of("retention.ms", "3600000"));
            CreateTopicsResult created = admin.createTopics(List.of(explicit));
            created.all().get();
            assertEquals(3, created.numPartitions(topic).get(), "answered by CreateTopics v5+");
            assertEquals(2, created.replicationFactor(topic).get());
            assertEquals("3600000", created.config(topic).get().get("retention.ms").value());
            assertEquals(ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG, created.config(topic).get().get("retention.ms").source());

            TopicDescription description = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
            assertEquals(3, description.partitions().size());
            assertEquals(List.of(2, 3), replicaIds(description.partitions().get(1)));

            Config config = topicConfig(admin, topic);
            assertEquals("3600000", config.get("retention.ms").value());
            assertEquals(ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG, config.get("retention.ms").source());
            assertEquals(ConfigEntry.ConfigSource.DEFAULT_CONFIG, config.get("segment.bytes").source());
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
            ConfigEntry withSynonyms = admin.describeConfigs(List.of(resource),
                new DescribeConfigsOptions().includeSynonyms(true)).all().get().get(resource).get("retention.ms");
            assertEquals(List.of("DYNAMIC_TOPIC_CONFIG:retention.ms=3600000"), withSynonyms.synonyms().stream()
                .map(synonym -> synonym.source() + ":" + synonym.name() + "=" + synonym.value()).toList());

            // validateOnly checks and creates nothing
            admin.createTopics(List.of(new NewTopic("admin-validated", 2, (short) 2)),
                new CreateTopicsOptions().validateOnly(true)).all().get();
            assertFalse(admin.listTopics().names().get().contains("admin-validated"));
            // broker defaults: -1 partitions and replication factor
            admin.createTopics(List.of(new NewTopic("admin-defaults", Optional.empty(), Optional.empty()))).all().get();
            assertFalse(admin.describeTopics(List.of("admin-defaults")).allTopicNames().get().get("admin-defaults")
                .partitions().isEmpty());

            assertCause(TopicExistsException.class, () -> admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1)))
                .all().get());
            assertCause(InvalidTopicException.class, () -> admin.createTopics(
                List.of(new NewTopic("bad/name", 1, (short) 1))).all().get());
            assertCause(InvalidConfigurationException.class, () -> admin.createTopics(
                List.of(new NewTopic("admin-bad-config", 1, (short) 1).configs(Map.of("no.such.key", "1")))).all().get());

            admin.incrementalAlterConfigs(Map.of(resource, List.of(
                new AlterConfigOp(new ConfigEntry("retention.ms", "7200000"), AlterConfigOp.OpType.SET),
                new AlterConfigOp(new ConfigEntry("cleanup.policy", "compact"), AlterConfigOp.OpType.APPEND)))).all().get();
            config = topicConfig(admin, topic);
            assertEquals("7200000", config.get("retention.ms").value());
            assertEquals("delete,compact", config.get("cleanup.policy").value());
            admin.incrementalAlterConfigs(Map.of(resource, List.of(
                new AlterConfigOp(new ConfigEntry("cleanup.policy", "delete"), AlterConfigOp.OpType.SUBTRACT),
                new AlterConfigOp(new ConfigEntry("retention.ms", ""), AlterConfigOp.OpType.DELETE)))).all().get();
            config = topicConfig(admin, topic);
            assertEquals("compact", config.get("cleanup.policy").value());
            assertEquals(ConfigEntry.ConfigSource.DEFAULT_CONFIG, config.get("retention.ms").source());
            assertCause(InvalidConfigurationException.class, () -> admin.incrementalAlterConfigs(Map.of(resource, List.of(
                new AlterConfigOp(new ConfigEntry("no.such.key", "1"), AlterConfigOp.OpType.SET)))).all().get());
            assertCause(InvalidConfigurationException.class, () -> admin.incrementalAlterConfigs(Map.of(resource, List.of(
                new AlterConfigOp(new ConfigEntry("retention.ms", "1"), AlterConfigOp.OpType.APPEND)))).all().get());
            assertCause(UnknownTopicOrPartitionException.class, () -> admin.incrementalAlterConfigs(Map.of(
                new ConfigResource(ConfigResource.Type.TOPIC, "admin-missing"), List.of(new AlterConfigOp(
                    new ConfigEntry("retention.ms", "1"), AlterConfigOp.OpType.SET)))).all().get());

            // legacy AlterConfigs replaces the whole set of overrides
            @SuppressWarnings("deprecation")
            Void ignored = admin.alterConfigs(Map.of(resource, new Config(List.of(new ConfigEntry("segment.bytes",
                "1048576"))))).all().get();
            config = topicConfig(admin, topic);
            assertEquals("1048576", config.get("segment.bytes").value());
            assertEquals(ConfigEntry.ConfigSource.DEFAULT_CONFIG, config.get("cleanup.policy").source());

            admin.createPartitions(Map.of(topic, NewPartitions.increaseTo(5))).all().get();
            assertEquals(5, admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().size());
            admin.createPartitions(Map.of(topic, NewPartitions.increaseTo(6, List.of(List.of(3, 1))))).all().get();
            assertEquals(List.of(3, 1), replicaIds(admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic)
                .partitions().get(5)));
            assertCause(InvalidReplicaAssignmentException.class, () -> admin.createPartitions(Map.of(topic,
                NewPartitions.increaseTo(8, List.of(List.of(1, 2))))).all().get());
            assertCause(InvalidReplicaAssignmentException.class, () -> admin.createPartitions(Map.of(topic,
                NewPartitions.increaseTo(7, List.of(List.of(1))))).all().get());
            assertCause(InvalidPartitionsException.class, () -> admin.createPartitions(Map.of(topic,
                NewPartitions.increaseTo(3))).all().get());

            admin.deleteTopics(List.of(topic, "admin-defaults")).all().get();
            waitFor(() -> !admin.listTopics().names().get().contains(topic),
                "the deleted topic is gone from the listing");
            assertCause(UnknownTopicOrPartitionException.class, () -> admin.deleteTopics(List.of(topic)).all().get());
            assertCause(UnknownTopicOrPartitionException.class, () -> topicConfig(admin, topic));
        }
    }

    @Test
    void describesBrokerConfigsAndTheCluster() throws Exception {
        try (Admin admin = admin()) {
            ConfigResource broker = new ConfigResource(ConfigResource.Type.BROKER, "1");
            Config config = admin.describeConfigs(List.of(broker)).all().get().get(broker);
            assertEquals("1", config.get("broker.id").value());
            assertTrue(config.get("broker.id").isReadOnly());

            DescribeClusterResult described = admin.describeCluster();
            Set<Integer> kafkaPorts = cluster.runningBrokers().stream()
                .map(b -> b.kafkaEndpoints().get("KAFKA").port()).collect(Collectors.toSet());
            Collection<Node> nodes = described.nodes().get();
            assertEquals(kafkaPorts, nodes.stream().map(Node::port).collect(Collectors.toSet()));
            assertEquals(cluster.controller().brokerId(), described.controller().get().id());
            assertFalse(described.clusterId().get().isEmpty());
            // no authorizer: every cluster operation, as Kafka answers
            assertEquals(7, admin.describeCluster(new org.apache.kafka.clients.admin.DescribeClusterOptions()
                .includeAuthorizedOperations(true)).authorizedOperations().get().size());
        }
    }

    @Test
    void deletesRecordsAndConsumersStartAtTheNewLogStart() throws Exception {
        String topic = "admin-delete-records";
        TopicPartition tp = new TopicPartition(topic, 0);
        try (Admin admin = admin()) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 3))).all().get();
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                "bootstrap.servers", cluster.kafkaBootstrapServers(),
                "key.serializer", StringSerializer.class.getName(),
                "value.serializer", StringSerializer.class.getName()))) {
                for (int i = 0; i < 100; i++) {
                    producer.send(new ProducerRecord<>(topic, 0, "k" + i, "v" + i));
                }
                producer.flush();
            }
            long lowWatermark = admin.deleteRecords(Map.of(tp, RecordsToDelete.beforeOffset(40))).lowWatermarks()
                .get(tp).get().lowWatermark();
            assertEquals(40, lowWatermark);
            try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                "bootstrap.servers", cluster.kafkaBootstrapServers(),
                "key.deserializer", ByteArrayDeserializer.class.getName(),
                "value.deserializer", ByteArrayDeserializer.class.getName()))) {
                assertEquals(40L, consumer.beginningOffsets(List.of(tp)).get(tp));
                consumer.assign(List.of(tp));
                consumer.seekToBeginning(List.of(tp));
                assertEquals(40L, consumer.position(tp));
            }
            // every follower moves its log start too
            TestUtils.waitForCondition(() -> cluster.runningBrokers().stream().allMatch(b ->
                b.replicaManager().partition(new io.zkafka.common.TopicPartition(topic, 0))
                    .map(p -> p.logStartOffset() == 40).orElse(false)), WAIT, "every replica starts at 40");

            assertCause(OffsetOutOfRangeException.class, () -> admin.deleteRecords(
                Map.of(tp, RecordsToDelete.beforeOffset(1_000))).all().get());
        }
    }

    @Test
    void electsPreferredLeadersAndReassignsPartitions() throws Exception {
        String topic = "admin-elect";
        TopicPartition tp = new TopicPartition(topic, 0);
        try (Admin admin = admin()) {
            admin.createTopics(List.of(new NewTopic(topic, Map.of(0, List.of(1, 2, 3))))).all().get();
            assertInstanceOf(ElectionNotNeededException.class,
                admin.electLeaders(ElectionType.PREFERRED, Set.of(tp)).partitions().get().get(tp).orElse(null));
            cluster.stopBroker(1);
            waitFor(() -> leader(admin, topic) != 1, "another replica leads");
            cluster.startBroker(1);
            waitFor(() -> isr(admin, topic).contains(1), "broker 1 is back in sync");
            assertTrue(admin.electLeaders(ElectionType.PREFERRED, Set.of(tp)).partitions().get().get(tp).isEmpty());
            waitFor(() -> leader(admin, topic) == 1, "the preferred replica leads again");

            admin.alterPartitionReassignments(Map.of(tp, Optional.of(new NewPartitionReassignment(List.of(3, 2)))))
                .all().get();
            waitFor(() -> replicaIds(admin.describeTopics(List.of(topic)).allTopicNames().get()
                .get(topic).partitions().get(0)).equals(List.of(3, 2)), "the partition moved to 3 and 2");
            waitFor(() -> admin.listPartitionReassignments().reassignments().get().isEmpty(),
                "no reassignment is listed once it completed");
            assertCause(NoReassignmentInProgressException.class, () -> admin.alterPartitionReassignments(
                Map.of(tp, Optional.empty())).all().get());
        }
    }

    @Test
    void describesLogDirsWithTheirPartitionsAndAnOfflineDir() throws Exception {
        String topic = "admin-log-dirs";
        try (Admin admin = admin()) {
            admin.createTopics(List.of(new NewTopic(topic, 4, (short) 3))).all().get();
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                "bootstrap.servers", cluster.kafkaBootstrapServers(),
                "key.serializer", StringSerializer.class.getName(),
                "value.serializer", StringSerializer.class.getName()))) {
                for (int i = 0; i < 40; i++) {
                    producer.send(new ProducerRecord<>(topic, i % 4, "k" + i, "v" + i));
                }
                producer.flush();
            }
            Map<Integer, Map<String, LogDirDescription>> dirs = admin.describeLogDirs(List.of(1, 2, 3))
                .allDescriptions().get();
            for (int broker = 1; broker <= 3; broker++) {
                Map<String, LogDirDescription> byPath = dirs.get(broker);
                assertEquals(cluster.logDirs(broker).stream().map(Path::toString).collect(Collectors.toSet()),
                    byPath.keySet());
                Set<TopicPartition> held = new HashSet<>();
                for (LogDirDescription dir : byPath.values()) {
                    assertNull(dir.error());
                    assertTrue(dir.totalBytes().isPresent() && dir.usableBytes().isPresent());
                    dir.replicaInfos().forEach((tp, info) -> {
                        if (tp.topic().equals(topic)) {
                            held.add(tp);
                            assertTrue(info.size() > 0, tp + " has bytes");
                        }
                    });
                }
                assertEquals(4, held.size(), "broker " + broker + " holds every partition");
            }

            // a log dir that cannot be locked at start-up is offline (issue 15): described with its error
            cluster.stopBroker(3);
            Path broken = cluster.logDirs(3).get(1);
            Path lock = broken.resolve(LOCK_FILE);
            Files.delete(lock);
            Files.createDirectory(lock);
            try {
                cluster.startBroker(3);
                Map<String, LogDirDescription> described = admin.describeLogDirs(List.of(3)).allDescriptions().get()
                    .get(3);
                assertInstanceOf(KafkaStorageException.class, described.get(broken.toString()).error());
                assertTrue(described.get(broken.toString()).replicaInfos().isEmpty());
                LogDirDescription healthy = described.get(cluster.logDirs(3).get(0).toString());
                assertNull(healthy.error());
                for (ReplicaInfo info : healthy.replicaInfos().values()) {
                    assertTrue(info.size() >= 0);
                }
            } finally {
                cluster.stopBroker(3);
                Files.delete(lock);
                cluster.startBroker(3);
            }
        }
    }

    @Test
    void adminOperationsWorkWhileABrokerIsDown() throws Exception {
        int victim = cluster.controller().brokerId();
        cluster.killBroker(victim);
        try (Admin admin = admin()) {
            String topic = "admin-after-kill";
            admin.createTopics(List.of(new NewTopic(topic, 2, (short) 2).configs(Map.of("retention.ms", "60000"))))
                .all().get();
            TopicDescription description = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
            assertEquals(2, description.partitions().size());
            for (TopicPartitionInfo partition : description.partitions()) {
                assertEquals(2, partition.replicas().size());
            }
            assertEquals("60000", topicConfig(admin, topic).get("retention.ms").value());
            waitFor(() -> admin.describeCluster().nodes().get().stream().noneMatch(n -> n.id() == victim)
                && admin.describeCluster().controller().get().id() != victim, "the cluster is described without broker "
                + victim);
            admin.deleteTopics(List.of(topic)).all().get();
        } finally {
            cluster.startBroker(victim);
        }
    }

    @Test
    void namesTopicsByIdForDescribeAndDelete() throws Exception {
        try (Admin admin = admin()) {
            String topic = "admin-ids";
            CreateTopicsResult created = admin.createTopics(List.of(new NewTopic(topic, 2, (short) 2)));
            Uuid id = created.topicId(topic).get();
            assertNotEquals(Uuid.ZERO_UUID, id, "answered by CreateTopics v7");
            assertEquals(id, admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).topicId(),
                "Metadata v10+ answers the id");
            TopicDescription byId = admin.describeTopics(TopicCollection.ofTopicIds(List.of(id))).allTopicIds().get()
                .get(id);
            assertEquals(topic, byId.name(), "Metadata v12 asked by id alone");
            assertEquals(2, byId.partitions().size());
            assertCause(UnknownTopicIdException.class, () -> admin.describeTopics(
                TopicCollection.ofTopicIds(List.of(Uuid.randomUuid()))).allTopicIds().get());

            admin.deleteTopics(TopicCollection.ofTopicIds(List.of(id))).all().get();
            waitFor(() -> !admin.listTopics().names().get().contains(topic), "the topic deleted by id is gone");
            assertCause(UnknownTopicIdException.class, () -> admin.deleteTopics(
                TopicCollection.ofTopicIds(List.of(id))).all().get());

            waitFor(() -> {
                admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
                return true;
            }, "the name can be used again once the deletion finished");
            Uuid again = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).topicId();
            assertNotEquals(Uuid.ZERO_UUID, again);
            assertNotEquals(id, again, "a topic created again under the same name is another topic");
        }
    }

    @Test
    void givesATopicWrittenWithoutAnIdOne() throws Exception {
        String topic = "admin-legacy";
        // what a tool writing ZooKeeper directly (Kafka's before 2.8) leaves: version 1, no topic_id;
        // written with ZooKeeper's own command-line client
        String out = SaslZooKeeperServer.runWithJaas(null, "org.apache.zookeeper.ZooKeeperMain", List.of("-server",
            cluster.zookeeperConnect(), "create", "/brokers/topics/" + topic, "{\"version\":1,\"partitions\":{\"0\":[1]}}"),
            WAIT);
        assertTrue(out.contains("Created /brokers/topics/" + topic), out);
        try (Admin admin = admin()) {
            waitFor(() -> !Uuid.ZERO_UUID.equals(admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic)
                .topicId()), "the controller gave the topic an id and the brokers answer it");
        }
    }

    private interface Check {
        boolean holds() throws Exception;
    }

    private static void waitFor(Check check, String what) {
        TestUtils.waitForCondition(() -> {
            try {
                return check.holds();
            } catch (Exception e) {
                return false;
            }
        }, WAIT, what);
    }

    private static Admin admin() {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.kafkaBootstrapServers());
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 60_000);
        return Admin.create(props);
    }

    private static Config topicConfig(Admin admin, String topic) throws Exception {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        return admin.describeConfigs(List.of(resource)).all().get().get(resource);
    }

    private static List<Integer> replicaIds(TopicPartitionInfo partition) {
        return partition.replicas().stream().map(Node::id).toList();
    }

    private static int leader(Admin admin, String topic) throws Exception {
        Node leader = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().get(0).leader();
        return leader == null ? -1 : leader.id();
    }

    private static List<Integer> isr(Admin admin, String topic) throws Exception {
        return admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().get(0).isr().stream()
            .map(Node::id).toList();
    }

    private static void assertCause(Class<? extends Throwable> expected, org.junit.jupiter.api.function.Executable call) {
        ExecutionException e = assertThrows(ExecutionException.class, call);
        assertInstanceOf(expected, e.getCause(), () -> "cause: " + e.getCause());
    }
}
