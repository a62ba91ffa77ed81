package io.zkafka.broker.authorizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkafka.clients.admin.Admin;
import io.zkafka.clients.admin.AlterConfigOp;
import io.zkafka.clients.admin.ConfigEntry;
import io.zkafka.clients.admin.ConfigResource;
import io.zkafka.clients.admin.NewTopic;
import io.zkafka.common.acl.AclOperation;
import io.zkafka.common.acl.AclPermissionType;
import io.zkafka.common.errors.ApiException;
import io.zkafka.common.protocol.Errors;
import io.zkafka.common.resource.PatternType;
import io.zkafka.common.resource.ResourceType;
import io.zkafka.common.security.KafkaPrincipal;
import io.zkafka.common.security.SslConfigs;
import io.zkafka.config.KafkaConfig;
import io.zkafka.coordination.AclEntry;
import io.zkafka.coordination.AclResource;
import io.zkafka.coordination.AclStore;
import io.zkafka.coordination.CoordinationClient;
import io.zkafka.coordination.CoordinationConfig;
import io.zkafka.server.KafkaServer;
import io.zkafka.test.TestCertificates;
import io.zkafka.test.TestUtils;
import io.zkafka.test.ZKafkaCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Authorization on a real two-broker cluster whose listeners (native and Kafka's) speak TLS with
 * client certificates required: each principal is its own certificate ({@code User:CN=alice}), the
 * brokers' certificate and {@code CN=admin} are super users. Per API an authorized and a refused
 * principal, through Kafka's Java client on the Kafka listener and ZKafka's admin client on the
 * native one; DENY over ALLOW; PREFIXED patterns; metadata hiding topics; ACLs written to ZooKeeper
 * followed by every broker within a second.
 */
class AuthorizationIT {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String ALICE = "User:CN=alice";
    private static final String BOB = "User:CN=bob";

    private static Path dir;
    private static TestCertificates certs;
    private static Map<String, Path> stores = new HashMap<>();
    private static ZKafkaCluster cluster;
    private static CoordinationClient zk;
    private static AclStore acls;

    @BeforeAll
    static void start() throws Exception {
        dir = Files.createTempDirectory("zkafka-acl-");
        certs = TestCertificates.create(dir);
        for (String name : List.of("broker", "admin", "alice", "bob")) {
            stores.put(name, certs.signed(name));
        }
        ZKafkaCluster.Builder builder = ZKafkaCluster.builder().brokers(2).kafkaListener()
            .brokerConfig(KafkaConfig.LISTENER_SECURITY_PROTOCOL_MAP, "PLAINTEXT:SSL,KAFKA:SSL")
            .brokerConfig(SslConfigs.CLIENT_AUTH, "required")
            .brokerConfig(KafkaConfig.AUTHORIZER_CLASS_NAME, "kafka.security.authorizer.AclAuthorizer")
            .brokerConfig(KafkaConfig.SUPER_USERS, "User:CN=broker;User:CN=admin")
            .brokerConfig(KafkaConfig.DEFAULT_REPLICATION_FACTOR, 2);
        certs.serverConfig(stores.get("broker")).forEach(builder::brokerConfig);
        cluster = builder.build();
        zk = new CoordinationClient(CoordinationConfig.from(Map.of("zookeeper.connect", cluster.zookeeperConnect())));
        zk.start();
        acls = zk.aclStore();
    }

    @AfterAll
    static void stop() throws Exception {
        if (zk != null) {
            zk.close();
        }
        if (cluster != null) {
            cluster.close();
        }
        if (dir != null) {
            try (var walk = Files.walk(dir)) {
                for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    // ---- helpers

    /** Stores an entry in ZooKeeper as kafka-acls.sh with --authorizer-properties would, then waits until every broker applies it. */
    private static void acl(String principal, AclPermissionType permission, AclOperation operation, ResourceType type,
                            String name, PatternType patternType) throws Exception {
        AclEntry entry = new AclEntry(principal, permission.displayName(), operation.displayName(), "*");
        acls.update(new AclResource(patternType == PatternType.PREFIXED, type.displayName(), name), entries -> {
            entries.add(entry);
            return entries;
        });
        for (KafkaServer broker : cluster.runningBrokers()) {
            TestUtils.waitForCondition(() -> applied(broker, principal, permission, operation, type, name, patternType),
                WAIT, () -> "broker " + broker.brokerId() + " applied " + principal + " " + permission + " " + operation
                    + " on " + type + " " + name);
        }
    }

    private static void allow(String principal, AclOperation operation, ResourceType type, String name) throws Exception {
        acl(principal, AclPermissionType.ALLOW, operation, type, name, PatternType.LITERAL);
    }

    /** Whether {@code broker}'s authorizer decides as the entry says for a resource the pattern covers. */
    private static boolean applied(KafkaServer broker, String principal, AclPermissionType permission, AclOperation operation,
                                   ResourceType type, String name, PatternType patternType) {
        String resource = patternType == PatternType.PREFIXED ? name + "x" : name.equals("*") ? "anything" : name;
        KafkaPrincipal who = KafkaPrincipal.parse(principal.equals("User:*") ? ALICE : principal);
        boolean allowed = broker.authorizer().authorize(who, "/127.0.0.1:1", operation, type, resource);
        return allowed == (permission == AclPermissionType.ALLOW);
    }

    private static Map<String, Object> kafkaClient(String who) {
        Map<String, Object> config = new HashMap<>(certs.clientConfig(stores.get(who)));
        config.put("bootstrap.servers", cluster.kafkaBootstrapServers());
        return config;
    }

    private static Admin nativeAdmin(String who) {
        Map<String, Object> config = new HashMap<>(certs.clientConfig(stores.get(who)));
        config.put("bootstrap.servers", cluster.bootstrapServers());
        return Admin.create(config);
    }

    private static void createTopic(String name) throws Exception {
        try (Admin admin = nativeAdmin("admin")) {
            admin.createTopics(List.of(new NewTopic(name, 2, (short) 2))).all().get(30, TimeUnit.SECONDS);
        }
    }

    private static KafkaProducer<String, String> producer(String who, boolean idempotent) {
        Map<String, Object> config = kafkaClient(who);
        config.put("acks", "all");
        config.put("enable.idempotence", idempotent);
        config.put("max.block.ms", 10_000);
        config.put("delivery.timeout.ms", 20_000);
        config.put("request.timeout.ms", 10_000);
        return new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
    }

    private static KafkaConsumer<String, String> consumer(String who, String group) {
        Map<String, Object> config = kafkaClient(who);
        config.put("auto.offset.reset", "earliest");
        config.put("enable.auto.commit", false);
        if (group != null) {
            config.put("group.id", group);
        }
        return new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer());
    }

    private static void produce(String who, String topic, int count) throws Exception {
        try (KafkaProducer<String, String> producer = producer(who, true)) {
            for (int i = 0; i < count; i++) {
                producer.send(new ProducerRecord<>(topic, "k" + i, "v" + i)).get(30, TimeUnit.SECONDS);
            }
        }
    }

    private static List<String> readAssigned(KafkaConsumer<String, String> consumer, String topic, int expected) {
        consumer.assign(List.of(new TopicPartition(topic, 0), new TopicPartition(topic, 1)));
        List<String> values = new ArrayList<>();
        TestUtils.waitForCondition(() -> {
            for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                values.add(r.value());
            }
            return values.size() >= expected;
        }, WAIT, () -> "read " + expected + " records, read " + values.size());
        return values;
    }

    private static Errors nativeError(CompletableFuture<?> future) {
        ExecutionException failed = assertThrows(ExecutionException.class, () -> future.get(30, TimeUnit.SECONDS));
        return assertInstanceOf(ApiException.class, failed.getCause()).error();
    }

    private static <T extends Throwable> T kafkaFailure(Class<T> expected, Runnable action) {
        Throwable thrown = assertThrows(Throwable.class, action::run);
        Throwable cause = thrown;
        while (cause != null && !expected.isInstance(cause)) {
            cause = cause.getCause();
        }
        assertTrue(expected.isInstance(cause), "expected " + expected.getSimpleName() + " but got " + thrown);
        return expected.cast(cause);
    }

    // ---- the tests

    @Test
    void produceNeedsWriteOnTheTopic() throws Exception {
        createTopic("orders");
        allow(ALICE, AclOperation.WRITE, ResourceType.TOPIC, "orders");
        allow(BOB, AclOperation.DESCRIBE, ResourceType.TOPIC, "orders");
        produce("alice", "orders", 5);
        try (KafkaProducer<String, String> producer = producer("bob", false)) {
            kafkaFailure(TopicAuthorizationException.class, () -> {
                try {
                    producer.send(new ProducerRecord<>("orders", "k", "refused")).get(30, TimeUnit.SECONDS);
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
        }
        try (KafkaConsumer<String, String> consumer = consumer("admin", null)) {
            assertEquals(5, readAssigned(consumer, "orders", 5).size(), "only alice's records were written");
        }
    }

    @Test
    void fetchNeedsReadOnTheTopic() throws Exception {
        createTopic("payments");
        produce("admin", "payments", 3);
        allow(ALICE, AclOperation.READ, ResourceType.TOPIC, "payments");
        allow(BOB, AclOperation.DESCRIBE, ResourceType.TOPIC, "payments");
        try (KafkaConsumer<String, String> consumer = consumer("alice", null)) {
            assertEquals(List.of("v0", "v1", "v2"), readAssigned(consumer, "payments", 3).stream().sorted().toList());
        }
        try (KafkaConsumer<String, String> consumer = consumer("bob", null)) {
            consumer.assign(List.of(new TopicPartition("payments", 0), new TopicPartition("payments", 1)));
            TopicAuthorizationException refused = kafkaFailure(TopicAuthorizationException.class, () -> {
                long deadline = System.nanoTime() + WAIT.toNanos();
                while (System.nanoTime() < deadline) {
                    consumer.poll(Duration.ofMillis(200));
                }
            });
            assertEquals(Set.of("payments"), refused.unauthorizedTopics());
        }
    }

    @Test
    void groupJoinAndCommitNeedReadOnTheGroupAndTheTopic() throws Exception {
        createTopic("clicks");
        produce("admin", "clicks", 4);
        allow(ALICE, AclOperation.READ, ResourceType.TOPIC, "clicks");
        allow(ALICE, AclOperation.READ, ResourceType.GROUP, "alice-group");
        allow(BOB, AclOperation.READ, ResourceType.TOPIC, "clicks");
        try (KafkaConsumer<String, String> consumer = consumer("alice", "alice-group")) {
            consumer.subscribe(List.of("clicks"));
            List<String> values = new ArrayList<>();
            TestUtils.waitForCondition(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> values.add(r.value()));
                return values.size() >= 4;
            }, WAIT, () -> "alice read 4 records in her group, read " + values.size());
            consumer.commitSync(Duration.ofSeconds(30));
            assertEquals(4L, consumer.committed(Set.of(new TopicPartition("clicks", 0), new TopicPartition("clicks", 1)),
                Duration.ofSeconds(30)).values().stream().mapToLong(o -> o.offset()).sum());
        }
        try (KafkaConsumer<String, String> consumer = consumer("bob", "bob-group")) {
            consumer.subscribe(List.of("clicks"));
            GroupAuthorizationException refused = kafkaFailure(GroupAuthorizationException.class, () -> {
                long deadline = System.nanoTime() + WAIT.toNanos();
                while (System.nanoTime() < deadline) {
                    consumer.poll(Duration.ofMillis(200));
                }
            });
            assertEquals("bob-group", refused.groupId());
        }
    }

    @Test
    void commitOfATopicWithoutReadIsRefusedForThatTopic() throws Exception {
        createTopic("audit");
        allow(BOB, AclOperation.READ, ResourceType.GROUP, "bob-commits");
        allow(BOB, AclOperation.DESCRIBE, ResourceType.TOPIC, "audit");
        try (KafkaConsumer<String, String> consumer = consumer("bob", "bob-commits")) {
            consumer.assign(List.of(new TopicPartition("audit", 0)));
            kafkaFailure(TopicAuthorizationException.class, () -> consumer.commitSync(
                Map.of(new TopicPartition("audit", 0), new org.apache.kafka.clients.consumer.OffsetAndMetadata(0)),
                Duration.ofSeconds(30)));
        }
    }

    @Test
    void createAlterDescribeAndDeleteFollowPrefixedTopicAcls() throws Exception {
        for (AclOperation op : List.of(AclOperation.CREATE, AclOperation.ALTER_CONFIGS, AclOperation.DELETE)) {
            acl(ALICE, AclPermissionType.ALLOW, op, ResourceType.TOPIC, "alice-", PatternType.PREFIXED);
        }
        try (Admin alice = nativeAdmin("alice"); Admin bob = nativeAdmin("bob")) {
            alice.createTopics(List.of(new NewTopic("alice-events", 1, (short) 2))).all().get(30, TimeUnit.SECONDS);
            assertEquals(Errors.TOPIC_AUTHORIZATION_FAILED,
                nativeError(bob.createTopics(List.of(new NewTopic("bob-events", 1, (short) 2))).all()));
            assertEquals(Errors.TOPIC_AUTHORIZATION_FAILED,
                nativeError(alice.createTopics(List.of(new NewTopic("alicex-events", 1, (short) 2))).all()),
                "the prefix is alice-, not alice");

            ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, "alice-events");
            Map<ConfigResource, Collection<AlterConfigOp>> retention = Map.of(topic, List.of(new AlterConfigOp(
                new ConfigEntry("retention.ms", "60000"), AlterConfigOp.OpType.SET)));
            alice.incrementalAlterConfigs(retention).all().get(30, TimeUnit.SECONDS);
            assertEquals(Errors.TOPIC_AUTHORIZATION_FAILED, nativeError(bob.incrementalAlterConfigs(retention).all()));
            // AlterConfigs implies DescribeConfigs
            assertEquals("60000", alice.describeConfigs(List.of(topic)).all().get(30, TimeUnit.SECONDS).get(topic)
                .get("retention.ms").value());
            assertEquals(Errors.TOPIC_AUTHORIZATION_FAILED, nativeError(bob.describeConfigs(List.of(topic)).all()));

            assertEquals(Errors.TOPIC_AUTHORIZATION_FAILED, nativeError(bob.deleteTopics(List.of("alice-events")).all()));
            alice.deleteTopics(List.of("alice-events")).all().get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void describeClusterNeedsDescribeOnTheCluster() throws Exception {
        allow(ALICE, AclOperation.DESCRIBE, ResourceType.CLUSTER, ResourceType.CLUSTER_NAME);
        try (Admin alice = nativeAdmin("alice"); Admin bob = nativeAdmin("bob")) {
            assertEquals(2, alice.describeCluster().nodes().get(30, TimeUnit.SECONDS).size());
            assertEquals(Errors.CLUSTER_AUTHORIZATION_FAILED, nativeError(bob.describeCluster().nodes()));
        }
    }

    @Test
    void denyBeatsAllow() throws Exception {
        createTopic("shared");
        produce("admin", "shared", 2);
        allow("User:*", AclOperation.READ, ResourceType.TOPIC, "shared");
        acl(BOB, AclPermissionType.DENY, AclOperation.READ, ResourceType.TOPIC, "shared", PatternType.LITERAL);
        try (KafkaConsumer<String, String> consumer = consumer("alice", null)) {
            assertEquals(2, readAssigned(consumer, "shared", 2).size());
        }
        try (KafkaConsumer<String, String> consumer = consumer("bob", null)) {
            consumer.assign(List.of(new TopicPartition("shared", 0)));
            kafkaFailure(TopicAuthorizationException.class, () -> {
                long deadline = System.nanoTime() + WAIT.toNanos();
                while (System.nanoTime() < deadline) {
                    consumer.poll(Duration.ofMillis(200));
                }
            });
        }
    }

    @Test
    void aSuperUserNeedsNoAcl() throws Exception {
        try (Admin admin = nativeAdmin("admin")) {
            admin.createTopics(List.of(new NewTopic("root-only", 1, (short) 2))).all().get(30, TimeUnit.SECONDS);
            assertEquals(2, admin.describeCluster().nodes().get(30, TimeUnit.SECONDS).size());
        }
        produce("admin", "root-only", 2);
        try (KafkaConsumer<String, String> consumer = consumer("admin", null)) {
            consumer.assign(List.of(new TopicPartition("root-only", 0)));
            List<String> values = new ArrayList<>();
            TestUtils.waitForCondition(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> values.add(r.value()));
                return values.size() >= 2;
            }, WAIT, "the super user read its records");
        }
    }

    @Test
    void metadataHidesTopicsThePrincipalMayNotDescribe() throws Exception {
        createTopic("visible-topic");
        createTopic("hidden-topic");
        allow(ALICE, AclOperation.DESCRIBE, ResourceType.TOPIC, "visible-topic");
        try (org.apache.kafka.clients.admin.Admin alice = org.apache.kafka.clients.admin.Admin.create(kafkaClient("alice"))) {
            Set<String> names = alice.listTopics().names().get(30, TimeUnit.SECONDS);
            assertTrue(names.contains("visible-topic"), names.toString());
            assertFalse(names.contains("hidden-topic"), names.toString());
        }
        try (Admin alice = nativeAdmin("alice")) {
            Set<String> names = alice.listTopics().names().get(30, TimeUnit.SECONDS);
            assertTrue(names.contains("visible-topic"), names.toString());
            assertFalse(names.contains("hidden-topic"), names.toString());
        }
    }

    @Test
    void kafkasAdminSeesWhatThePrincipalMayDoWhenItAsks() throws Exception {
        createTopic("ops-topic");
        allow(ALICE, AclOperation.READ, ResourceType.TOPIC, "ops-topic");
        allow(ALICE, AclOperation.DESCRIBE, ResourceType.GROUP, "ops-group");
        try (org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(kafkaClient("admin"));
             org.apache.kafka.clients.admin.Admin alice = org.apache.kafka.clients.admin.Admin.create(kafkaClient("alice"))) {
            admin.alterConsumerGroupOffsets("ops-group", Map.of(new TopicPartition("ops-topic", 0),
                new org.apache.kafka.clients.consumer.OffsetAndMetadata(0))).all().get(30, TimeUnit.SECONDS);
            var withOperations = new org.apache.kafka.clients.admin.DescribeClusterOptions().includeAuthorizedOperations(true);

            assertEquals(Set.of(org.apache.kafka.common.acl.AclOperation.CREATE,
                    org.apache.kafka.common.acl.AclOperation.CLUSTER_ACTION,
                    org.apache.kafka.common.acl.AclOperation.DESCRIBE_CONFIGS,
                    org.apache.kafka.common.acl.AclOperation.ALTER_CONFIGS,
                    org.apache.kafka.common.acl.AclOperation.IDEMPOTENT_WRITE,
                    org.apache.kafka.common.acl.AclOperation.ALTER,
                    org.apache.kafka.common.acl.AclOperation.DESCRIBE),
                admin.describeCluster(withOperations).authorizedOperations().get(30, TimeUnit.SECONDS),
                "a super user may do everything on the cluster");
            // other tests of this class may grant alice some cluster operations: what the authorizer says, not all
            Set<org.apache.kafka.common.acl.AclOperation> aliceMay = new java.util.HashSet<>();
            for (org.apache.kafka.common.acl.AclOperation operation : admin.describeCluster(withOperations)
                    .authorizedOperations().get(30, TimeUnit.SECONDS)) {
                AclOperation ours = java.util.Arrays.stream(AclOperation.values())
                    .filter(o -> o.code() == operation.code()).findFirst().orElseThrow();
                if (cluster.runningBrokers().get(0).authorizer().authorize(KafkaPrincipal.parse(ALICE), "/127.0.0.1:1",
                        ours, ResourceType.CLUSTER, ResourceType.CLUSTER_NAME)) {
                    aliceMay.add(operation);
                }
            }
            assertFalse(aliceMay.contains(org.apache.kafka.common.acl.AclOperation.ALTER), "alice is no super user");
            assertEquals(aliceMay, alice.describeCluster(withOperations).authorizedOperations().get(30, TimeUnit.SECONDS));
            assertEquals(null, alice.describeCluster().authorizedOperations().get(30, TimeUnit.SECONDS), "not asked for");

            var topic = alice.describeTopics(List.of("ops-topic"),
                new org.apache.kafka.clients.admin.DescribeTopicsOptions().includeAuthorizedOperations(true))
                .allTopicNames().get(30, TimeUnit.SECONDS).get("ops-topic");
            assertEquals(Set.of(org.apache.kafka.common.acl.AclOperation.READ,
                org.apache.kafka.common.acl.AclOperation.DESCRIBE), topic.authorizedOperations(), "Read implies Describe");

            var group = alice.describeConsumerGroups(List.of("ops-group"),
                new org.apache.kafka.clients.admin.DescribeConsumerGroupsOptions().includeAuthorizedOperations(true))
                .describedGroups().get("ops-group").get(30, TimeUnit.SECONDS);
            assertEquals(Set.of(org.apache.kafka.common.acl.AclOperation.DESCRIBE), group.authorizedOperations());
        }
    }

    @Test
    void anAclWrittenToZooKeeperIsEnforcedByEveryBrokerWithinASecond() throws Exception {
        AclEntry entry = new AclEntry(BOB, "Allow", "Read", "*");
        long start = System.nanoTime();
        acls.update(new AclResource(false, "Topic", "late-topic"), entries -> {
            entries.add(entry);
            return entries;
        });
        for (KafkaServer broker : cluster.runningBrokers()) {
            TestUtils.waitForCondition(() -> broker.authorizer().authorize(KafkaPrincipal.parse(BOB), "/127.0.0.1:1",
                AclOperation.READ, ResourceType.TOPIC, "late-topic"), WAIT, "broker " + broker.brokerId() + " applied it");
        }
        long elapsedMs = (System.nanoTime() - start) / 1_000_000;
        assertTrue(elapsedMs < 1_000, "every broker followed within a second, took " + elapsedMs + " ms");
    }

    @Test
    void kafkasAdminCreatesDescribesAndDeletesAclsOverTheKafkaListener() throws Exception {
        createTopic("kafka-admin-topic");
        org.apache.kafka.common.acl.AclBinding binding = new org.apache.kafka.common.acl.AclBinding(
            new org.apache.kafka.common.resource.ResourcePattern(org.apache.kafka.common.resource.ResourceType.TOPIC,
                "kafka-admin-", org.apache.kafka.common.resource.PatternType.PREFIXED),
            new org.apache.kafka.common.acl.AccessControlEntry(BOB, "*", org.apache.kafka.common.acl.AclOperation.DESCRIBE,
                org.apache.kafka.common.acl.AclPermissionType.ALLOW));
        org.apache.kafka.common.acl.AclBindingFilter bobsFilter = new org.apache.kafka.common.acl.AclBindingFilter(
            org.apache.kafka.common.resource.ResourcePatternFilter.ANY, new org.apache.kafka.common.acl.AccessControlEntryFilter(
                BOB, null, org.apache.kafka.common.acl.AclOperation.ANY, org.apache.kafka.common.acl.AclPermissionType.ANY));
        try (org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(kafkaClient("admin"));
             org.apache.kafka.clients.admin.Admin bob = org.apache.kafka.clients.admin.Admin.create(kafkaClient("bob"))) {
            Throwable refused = assertThrows(ExecutionException.class, () -> bob.createAcls(List.of(binding)).all()
                .get(30, TimeUnit.SECONDS)).getCause();
            assertInstanceOf(org.apache.kafka.common.errors.ClusterAuthorizationException.class, refused);

            admin.createAcls(List.of(binding)).all().get(30, TimeUnit.SECONDS);
            assertTrue(admin.describeAcls(bobsFilter).values().get(30, TimeUnit.SECONDS).contains(binding));
            TestUtils.waitForCondition(() -> bob.listTopics().names().toCompletionStage().toCompletableFuture().join()
                .contains("kafka-admin-topic"), WAIT, "bob sees the topic once the prefixed Describe applies");

            Collection<org.apache.kafka.common.acl.AclBinding> deleted = admin.deleteAcls(List.of(bobsFilter)).all()
                .get(30, TimeUnit.SECONDS);
            assertTrue(deleted.contains(binding), deleted.toString());
            assertFalse(admin.describeAcls(bobsFilter).values().get(30, TimeUnit.SECONDS).contains(binding));
            TestUtils.waitForCondition(() -> !bob.listTopics().names().toCompletionStage().toCompletableFuture().join()
                .contains("kafka-admin-topic"), WAIT, "bob no longer sees the topic once the ACL is deleted");
        }
    }

    @Test
    void anAclCreatedThroughOneBrokerIsEnforcedByTheOtherWithinASecond() throws Exception {
        KafkaServer first = cluster.runningBrokers().get(0);
        KafkaServer other = cluster.runningBrokers().get(1);
        Map<String, Object> config = new HashMap<>(certs.clientConfig(stores.get("admin")));
        config.put("bootstrap.servers", first.bootstrapAddress());
        io.zkafka.common.acl.AclBinding binding = new io.zkafka.common.acl.AclBinding(
            new io.zkafka.common.resource.ResourcePattern(ResourceType.GROUP, "propagated", PatternType.LITERAL),
            new io.zkafka.common.acl.AccessControlEntry(ALICE, "*", AclOperation.READ, AclPermissionType.ALLOW));
        try (Admin admin = Admin.create(config)) {
            long start = System.nanoTime();
            admin.createAcls(List.of(binding)).all().get(30, TimeUnit.SECONDS);
            TestUtils.waitForCondition(() -> other.authorizer().authorize(KafkaPrincipal.parse(ALICE), "/127.0.0.1:1",
                AclOperation.READ, ResourceType.GROUP, "propagated"), WAIT, "the other broker applied the ACL");
            long elapsedMs = (System.nanoTime() - start) / 1_000_000;
            assertTrue(elapsedMs < 1_000, "the other broker followed within a second, took " + elapsedMs + " ms");
            assertEquals(List.of(binding), List.copyOf(admin.describeAcls(new io.zkafka.common.acl.AclBindingFilter(
                new io.zkafka.common.resource.ResourcePatternFilter(ResourceType.GROUP, "propagated", PatternType.ANY),
                io.zkafka.common.acl.AccessControlEntryFilter.ANY)).values().get(30, TimeUnit.SECONDS)));
        }
        try (Admin alice = nativeAdmin("alice")) {
            assertEquals(Errors.CLUSTER_AUTHORIZATION_FAILED, nativeError(alice.createAcls(List.of(binding)).all()));
        }
    }

    @Test
    void zkafkasOwnClientsGetTheSameAnswersOnTheNativeListener() throws Exception {
        createTopic("native-orders");
        allow(ALICE, AclOperation.WRITE, ResourceType.TOPIC, "native-orders");
        allow(BOB, AclOperation.DESCRIBE, ResourceType.TOPIC, "native-orders");
        Map<String, Object> alice = new HashMap<>(certs.clientConfig(stores.get("alice")));
        alice.put("bootstrap.servers", cluster.bootstrapServers());
        Map<String, Object> bob = new HashMap<>(certs.clientConfig(stores.get("bob")));
        bob.put("bootstrap.servers", cluster.bootstrapServers());
        bob.put("enable.idempotence", false);
        bob.put("retries", 0);
        try (io.zkafka.clients.producer.KafkaProducer<String, String> producer = new io.zkafka.clients.producer
                .KafkaProducer<>(alice, new io.zkafka.common.serialization.StringSerializer(),
                    new io.zkafka.common.serialization.StringSerializer())) {
            producer.send(new io.zkafka.clients.producer.ProducerRecord<>("native-orders", "k", "allowed"))
                .get(30, TimeUnit.SECONDS);
        }
        try (io.zkafka.clients.producer.KafkaProducer<String, String> producer = new io.zkafka.clients.producer
                .KafkaProducer<>(bob, new io.zkafka.common.serialization.StringSerializer(),
                    new io.zkafka.common.serialization.StringSerializer())) {
            ExecutionException refused = assertThrows(ExecutionException.class, () -> producer.send(
                new io.zkafka.clients.producer.ProducerRecord<>("native-orders", "k", "refused")).get(30, TimeUnit.SECONDS));
            assertEquals(Errors.TOPIC_AUTHORIZATION_FAILED, assertInstanceOf(ApiException.class, refused.getCause()).error());
        }
        try (io.zkafka.clients.producer.KafkaProducer<String, String> producer = new io.zkafka.clients.producer
                .KafkaProducer<>(bob, new io.zkafka.common.serialization.StringSerializer(),
                    new io.zkafka.common.serialization.StringSerializer())) {
            Throwable hidden = assertThrows(Throwable.class, () -> producer.send(
                new io.zkafka.clients.producer.ProducerRecord<>("orders-bob-cannot-see", "k", "v")).get(30, TimeUnit.SECONDS));
            Throwable cause = hidden instanceof ExecutionException ? hidden.getCause() : hidden;
            assertEquals(Errors.TOPIC_AUTHORIZATION_FAILED, assertInstanceOf(ApiException.class, cause).error(),
                "metadata refuses a topic bob may not describe");
        }
    }

    @Test
    void transactionsNeedWriteOnTheTransactionalId() throws Exception {
        createTopic("ledger");
        allow(ALICE, AclOperation.WRITE, ResourceType.TOPIC, "ledger");
        allow(ALICE, AclOperation.WRITE, ResourceType.TRANSACTIONAL_ID, "alice-tx");
        allow(BOB, AclOperation.WRITE, ResourceType.TOPIC, "ledger");
        Map<String, Object> alice = kafkaClient("alice");
        alice.put("transactional.id", "alice-tx");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(alice, new StringSerializer(),
            new StringSerializer())) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>("ledger", "k", "committed"));
            producer.commitTransaction();
        }
        Map<String, Object> bob = kafkaClient("bob");
        bob.put("transactional.id", "bob-tx");
        bob.put("max.block.ms", 10_000);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(bob, new StringSerializer(),
            new StringSerializer())) {
            kafkaFailure(org.apache.kafka.common.errors.TransactionalIdAuthorizationException.class,
                producer::initTransactions);
        }
        Map<String, Object> reader = kafkaClient("admin");
        reader.put("isolation.level", "read_committed");
        reader.put("auto.offset.reset", "earliest");
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(reader, new StringDeserializer(),
            new StringDeserializer())) {
            assertEquals(List.of("committed"), readAssigned(consumer, "ledger", 1));
        }
    }
}
