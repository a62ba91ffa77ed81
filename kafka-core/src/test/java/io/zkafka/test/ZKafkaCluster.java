package io.zkafka.test;

import io.zkafka.config.KafkaConfig;
import io.zkafka.server.KafkaServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.curator.test.InstanceSpec;
import org.apache.curator.test.TestingCluster;
import org.apache.curator.test.TestingServer;

/**
 * A whole cluster in this JVM for tests: a real ZooKeeper (curator-test's {@link TestingServer},
 * or a {@link TestingCluster} ensemble) and real brokers listening on ephemeral ports of
 * 127.0.0.1, with their logs in a temporary folder that {@link #close()} deletes.
 *
 * <pre>{@code
 * try (ZKafkaCluster cluster = ZKafkaCluster.builder().brokers(3).build()) {
 *     String bootstrap = cluster.bootstrapServers();
 *     // ... produce and consume with the clients ...
 *     cluster.killBroker(2);       // as a crash: no clean shutdown
 *     cluster.restartBroker(2);    // same id, port and log folder
 * }
 * }</pre>
 *
 * Users can depend on it in their own tests through the kafka-core artifact's {@code tests} classifier.
 * Not thread-safe: drive it from the test thread.
 */
public final class ZKafkaCluster implements AutoCloseable {
    private final Path root;
    private final TestingServer zookeeper;
    private final TestingCluster ensemble;
    private final String connectString;
    private final Map<String, Object> brokerOverrides;
    private final Map<Integer, Map<String, Object>> perBrokerOverrides;
    private final int logDirsPerBroker;
    private final Map<Integer, KafkaServer> brokers = new TreeMap<>();
    private final Map<Integer, Integer> ports = new HashMap<>();
    private final boolean kafkaListener;
    private final Map<Integer, Integer> kafkaPorts = new HashMap<>();

    private ZKafkaCluster(Builder builder) throws Exception {
        root = Files.createTempDirectory("zkafka-cluster-");
        if (builder.zookeeperNodes == 1) {
            zookeeper = new TestingServer(true);
            ensemble = null;
            connectString = zookeeper.getConnectString() + "/zkafka";
        } else {
            zookeeper = null;
            ensemble = new TestingCluster(distinctPortSpecs(builder.zookeeperNodes));
            ensemble.start();
            connectString = ensemble.getConnectString() + "/zkafka";
        }
        brokerOverrides = Map.copyOf(builder.brokerConfig);
        perBrokerOverrides = Map.copyOf(builder.perBrokerConfig);
        kafkaListener = builder.kafkaListener;
        logDirsPerBroker = builder.logDirsPerBroker;
        for (int id = 1; id <= builder.brokers; id++) {
            startBroker(id);
        }
        if (builder.brokers > 0) { // none: the test starts them itself, after preparing ZooKeeper
            TestUtils.waitForCondition(this::hasController, Duration.ofSeconds(30), "a controller was elected");
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** {@code host:port,...} of the running brokers. */
    /**
     * Specs of {@code servers} ZooKeeper servers whose ports all differ: curator-test draws each port on
     * its own, and two draws can return the same one ("Client and election port must be different!").
     */
    private static List<InstanceSpec> distinctPortSpecs(int servers) {
        Set<Integer> used = new HashSet<>();
        List<InstanceSpec> specs = new ArrayList<>();
        for (int i = 0; i < servers; i++) {
            specs.add(new InstanceSpec(null, freshPort(used), freshPort(used), freshPort(used), true, -1, -1, -1));
        }
        return specs;
    }

    private static int freshPort(Set<Integer> used) {
        for (int attempt = 0; attempt < 100; attempt++) {
            int port = InstanceSpec.getRandomPort();
            if (used.add(port)) {
                return port;
            }
        }
        throw new IllegalStateException("no distinct free port in 100 draws");
    }

    public String bootstrapServers() {
        return brokers.values().stream().map(KafkaServer::bootstrapAddress).collect(Collectors.joining(","));
    }

    /** {@code host:port,...} of the running brokers' Kafka-protocol listeners (see {@link Builder#kafkaListener}). */
    public String kafkaBootstrapServers() {
        if (!kafkaListener) {
            throw new IllegalStateException("the cluster was built without a Kafka listener");
        }
        return brokers.values().stream().map(b -> "127.0.0.1:" + b.kafkaEndpoints().get("KAFKA").port())
            .collect(Collectors.joining(","));
    }

    public String zookeeperConnect() {
        return connectString;
    }

    public KafkaServer broker(int id) {
        KafkaServer broker = brokers.get(id);
        if (broker == null) {
            throw new IllegalArgumentException("Broker " + id + " is not running");
        }
        return broker;
    }

    public List<KafkaServer> runningBrokers() {
        return List.copyOf(brokers.values());
    }

    public boolean hasController() {
        return brokers.values().stream().anyMatch(KafkaServer::isController);
    }

    /** The broker that is the controller now; fails if none is within 30 s. */
    public KafkaServer controller() {
        TestUtils.waitForCondition(this::hasController, Duration.ofSeconds(30), "a controller exists");
        return brokers.values().stream().filter(KafkaServer::isController).findFirst().orElseThrow();
    }

    /**
     * Starts broker {@code id} (again), on the port and log folder it had before, if any, and returns
     * once every running broker's metadata shows it.
     */
    public KafkaServer startBroker(int id) {
        Map<String, Object> props = new HashMap<>();
        props.put(KafkaConfig.BROKER_ID, String.valueOf(id));
        props.put(KafkaConfig.ZOOKEEPER_CONNECT, connectString);
        props.put(KafkaConfig.LISTENERS, "PLAINTEXT://127.0.0.1:" + ports.getOrDefault(id, 0)
            + (kafkaListener ? ",KAFKA://127.0.0.1:" + kafkaPorts.getOrDefault(id, 0) : ""));
        props.put(KafkaConfig.LOG_DIRS, logDirs(id).stream().map(Path::toString).collect(Collectors.joining(",")));
        props.put(KafkaConfig.ZOOKEEPER_SESSION_TIMEOUT_MS, "6000");
        props.put(KafkaConfig.ZOOKEEPER_CONNECTION_TIMEOUT_MS, "10000");
        props.put(KafkaConfig.NUM_NETWORK_THREADS, "2");
        props.put(KafkaConfig.NUM_IO_THREADS, "4");
        props.put(KafkaConfig.METRICS_JMX_ENABLE, "false");
        brokerOverrides.forEach((k, v) -> props.put(k, String.valueOf(v)));
        perBrokerOverrides.getOrDefault(id, Map.of()).forEach((k, v) -> props.put(k, String.valueOf(v)));
        KafkaServer broker = new KafkaServer(new KafkaConfig(props));
        broker.startup();
        brokers.put(id, broker);
        ports.put(id, broker.boundPort());
        if (kafkaListener) {
            kafkaPorts.put(id, broker.kafkaEndpoints().get("KAFKA").port());
        }
        // started means the whole cluster sees it: the controller may place replicas on it at once
        TestUtils.waitForCondition(() -> brokers.values().stream()
                .allMatch(b -> b.metadata().image().brokers().containsKey(id)), Duration.ofSeconds(30),
            () -> "every broker sees broker " + id);
        return broker;
    }

    /** Stops broker {@code id} cleanly (as SIGTERM would). */
    public void stopBroker(int id) {
        KafkaServer broker = brokers.remove(id);
        if (broker != null) {
            broker.shutdown();
        }
    }

    /**
     * Stops broker {@code id} as SIGKILL would: no clean shutdown, no checkpoints; its ZooKeeper
     * connection drops without closing the session (its registration stays until the session
     * expires or a peer's failure detection removes it), its listener and connections close (the
     * port refuses connections) and its log folder locks are released.
     */
    public void killBroker(int id) {
        KafkaServer broker = brokers.remove(id);
        if (broker != null) {
            broker.halt();
        }
    }

    public KafkaServer restartBroker(int id) {
        stopBroker(id);
        return startBroker(id);
    }

    /** The ZooKeeper ensemble (null with a single server). */
    public TestingCluster ensemble() {
        return ensemble;
    }

    /** The ensemble's nodes, to kill and restart one (empty with a single server). */
    public List<InstanceSpec> zookeeperInstances() {
        return ensemble == null ? List.of() : List.copyOf(ensemble.getInstances());
    }

    /** Broker {@code brokerId}'s folder: its one log dir, or the parent of its log dirs when it has several. */
    public Path logDir(int brokerId) {
        return root.resolve("broker-" + brokerId);
    }

    /** Broker {@code brokerId}'s {@code log.dirs}: {@link #logDir} itself, or {@code dir-0}, {@code dir-1}... in it. */
    public List<Path> logDirs(int brokerId) {
        if (logDirsPerBroker == 1) {
            return List.of(logDir(brokerId));
        }
        return IntStream.range(0, logDirsPerBroker).mapToObj(i -> logDir(brokerId).resolve("dir-" + i))
            .toList();
    }

    @Override
    public void close() throws Exception {
        for (KafkaServer broker : List.copyOf(brokers.values())) {
            broker.shutdown();
        }
        brokers.clear();
        if (zookeeper != null) {
            zookeeper.close();
        }
        if (ensemble != null) {
            ensemble.close();
        }
        deleteRecursively(root);
    }

    private static void deleteRecursively(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(path)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** Cluster shape: broker count, ZooKeeper nodes (1 or an ensemble), broker config overrides. */
    public static final class Builder {
        private int brokers = 1;
        private int zookeeperNodes = 1;
        private int logDirsPerBroker = 1;
        private final Map<String, Object> brokerConfig = new HashMap<>();
        private final Map<Integer, Map<String, Object>> perBrokerConfig = new HashMap<>();
        private boolean kafkaListener;

        public Builder brokers(int count) {
            this.brokers = count;
            return this;
        }

        public Builder zookeeperNodes(int count) {
            this.zookeeperNodes = count;
            return this;
        }

        /** Gives each broker {@code count} log dirs (see {@link ZKafkaCluster#logDirs}). */
        public Builder logDirsPerBroker(int count) {
            if (count < 1) {
                throw new IllegalArgumentException("a broker needs at least one log dir, got " + count);
            }
            this.logDirsPerBroker = count;
            return this;
        }

        /** Gives each broker a listener named KAFKA, speaking Apache Kafka's protocol, on a free port. */
        public Builder kafkaListener() {
            this.kafkaListener = true;
            return this;
        }

        public Builder brokerConfig(String key, Object value) {
            brokerConfig.put(key, value);
            return this;
        }

        /** A setting of broker {@code brokerId} only (over {@link #brokerConfig(String, Object)}): a port of its own, say. */
        public Builder brokerConfig(int brokerId, String key, Object value) {
            perBrokerConfig.computeIfAbsent(brokerId, k -> new HashMap<>()).put(key, value);
            return this;
        }

        /**
         * Settings for consumer group tests: a new group rebalances at once, members may use short
         * session timeouts, and {@code __consumer_offsets} has {@code offsetsPartitions} partitions
         * (fewer partitions to load and elect than Kafka's 50).
         */
        public Builder forConsumerGroups(int offsetsPartitions) {
            return brokerConfig("offsets.topic.num.partitions", offsetsPartitions)
                .brokerConfig("group.initial.rebalance.delay.ms", 0)
                .brokerConfig("group.min.session.timeout.ms", 1000);
        }

        public ZKafkaCluster build() throws Exception {
            return new ZKafkaCluster(this);
        }
    }
}
