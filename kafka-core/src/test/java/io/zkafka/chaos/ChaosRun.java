package io.zkafka.chaos;

import io.zkafka.broker.replica.Partition;
import io.zkafka.clients.admin.Admin;
import io.zkafka.clients.admin.NewTopic;
import io.zkafka.common.TopicPartition;
import io.zkafka.config.KafkaConfig;
import io.zkafka.server.KafkaServer;
import io.zkafka.test.TestUtils;
import io.zkafka.test.ZKafkaCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One failure scenario's fixture: three brokers, a topic of {@value #PARTITIONS} partitions with
 * replication factor 3 and {@code min.insync.replicas=2}, a {@link ContinuousProducer} with the
 * default producer settings (idempotent, {@code acks=all}, five requests in flight) and a
 * {@link ContinuousConsumer} feeding one exactly-once {@link DurabilityChecker}: no loss, no
 * duplicate, no reordering. {@link #finish()} stops the traffic, lets the consumer catch up, and
 * judges the run.
 *
 * <p>Driven by the test thread only.
 */
final class ChaosRun implements AutoCloseable {
    static final String TOPIC = "chaos";
    static final int PARTITIONS = 3;
    static final int BROKERS = 3;
    static final Duration WAIT = Duration.ofSeconds(30);
    private static final Logger LOG = LoggerFactory.getLogger(ChaosRun.class);

    private final ZKafkaCluster cluster;
    private final DurabilityChecker checker = new DurabilityChecker(true);
    private final ContinuousConsumer consumer;
    private final ContinuousProducer producer;

    private ChaosRun(ZKafkaCluster cluster, Map<String, Object> clientConfig) throws Exception {
        this.cluster = cluster;
        Map<String, Object> adminConfig = new HashMap<>(clientConfig);
        adminConfig.put("bootstrap.servers", cluster.bootstrapServers());
        try (Admin admin = Admin.create(adminConfig)) {
            admin.createTopics(List.of(new NewTopic(TOPIC, PARTITIONS, (short) BROKERS)
                .configs(Map.of(KafkaConfig.MIN_INSYNC_REPLICAS, "2")))).all().get(30, TimeUnit.SECONDS);
        }
        awaitFullIsr();
        consumer = new ContinuousConsumer(cluster.bootstrapServers(), TOPIC, PARTITIONS, checker, clientConfig);
        producer = new ContinuousProducer("p1", cluster.bootstrapServers(), TOPIC, PARTITIONS, checker, clientConfig);
        producer.awaitProgress(300, WAIT, "before any fault");
    }

    /** Starts the cluster and the traffic. */
    static ChaosRun start() throws Exception {
        return start(Map.of());
    }

    static ChaosRun start(Map<String, Object> brokerOverrides) throws Exception {
        return start(brokerOverrides, 1);
    }

    /** {@link #start(Map)} with {@code logDirsPerBroker} log dirs on each broker. */
    static ChaosRun start(Map<String, Object> brokerOverrides, int logDirsPerBroker) throws Exception {
        return start(brokerOverrides, logDirsPerBroker, Map.of());
    }

    /** {@link #start(Map, int)} with {@code clientConfig} added to every client's settings (security.protocol, ssl.*). */
    static ChaosRun start(Map<String, Object> brokerOverrides, int logDirsPerBroker, Map<String, Object> clientConfig)
        throws Exception {
        return start(brokerOverrides, logDirsPerBroker, clientConfig, cluster -> { });
    }

    /** {@link #start(Map, int, Map)} running {@code beforeTraffic} on the cluster before the clients start (users). */
    static ChaosRun start(Map<String, Object> brokerOverrides, int logDirsPerBroker, Map<String, Object> clientConfig,
                          ClusterSetup beforeTraffic) throws Exception {
        ZKafkaCluster.Builder builder = ZKafkaCluster.builder().brokers(BROKERS).logDirsPerBroker(logDirsPerBroker)
            .brokerConfig(KafkaConfig.REPLICA_LAG_TIME_MAX_MS, 3_000)
            .brokerConfig(KafkaConfig.REPLICA_FETCH_BACKOFF_MS, 100);
        brokerOverrides.forEach(builder::brokerConfig);
        ZKafkaCluster cluster = builder.build();
        try {
            beforeTraffic.setUp(cluster);
            return new ChaosRun(cluster, clientConfig);
        } catch (Exception | AssertionError e) {
            cluster.close();
            throw e;
        }
    }

    /** Something to do on the cluster before the traffic starts. */
    @FunctionalInterface
    interface ClusterSetup {
        void setUp(ZKafkaCluster cluster) throws Exception;
    }

    ZKafkaCluster cluster() {
        return cluster;
    }

    ContinuousProducer producer() {
        return producer;
    }

    static TopicPartition partition(int p) {
        return new TopicPartition(TOPIC, p);
    }

    /** The running broker leading partition {@code p}, waiting for one. */
    KafkaServer leaderOf(int p) {
        TopicPartition tp = partition(p);
        TestUtils.waitForCondition(() -> findLeader(tp).isPresent(), WAIT, () -> "a running broker leads " + tp);
        return findLeader(tp).orElseThrow();
    }

    Optional<KafkaServer> findLeader(TopicPartition tp) {
        return cluster.runningBrokers().stream()
            .filter(b -> b.replicaManager().partition(tp).map(Partition::isLeader).orElse(false)).findFirst();
    }

    /** Waits until every partition's leader has all {@value #BROKERS} replicas in its ISR. */
    void awaitFullIsr() {
        for (int p = 0; p < PARTITIONS; p++) {
            TopicPartition tp = partition(p);
            TestUtils.waitForCondition(() -> findLeader(tp)
                    .map(b -> b.replicaManager().partition(tp).orElseThrow().isr().size() == BROKERS).orElse(false),
                WAIT, () -> "the ISR of " + tp + " is full again: " + findLeader(tp)
                    .map(b -> b.replicaManager().partition(tp).orElseThrow().isr().toString()).orElse("no leader"));
        }
    }

    /**
     * Stops producing, waits (bounded) for the consumer to pass every acknowledged offset, then
     * fails on any durability violation and on replicas that do not converge.
     */
    void finish() throws Exception {
        producer.close();
        try {
            TestUtils.waitForCondition(checker::consumerCaughtUp, WAIT, "the consumer read every acknowledged offset");
        } catch (AssertionError e) {
            LOG.warn("{}; judging what was read", e.getMessage());
        }
        consumer.close();
        Map<Integer, Path> logDirs = new HashMap<>();
        for (int id = 1; id <= BROKERS; id++) {
            logDirs.put(id, cluster.logDir(id));
        }
        LOG.info("Checked: {}", checker.verify(new ReplicaFiles(logDirs)));
        DurabilityChecker.assertReplicasConverged(cluster, TOPIC);
    }

    @Override
    public void close() throws Exception {
        try {
            producer.close();
            consumer.close();
        } finally {
            cluster.close();
        }
    }
}
