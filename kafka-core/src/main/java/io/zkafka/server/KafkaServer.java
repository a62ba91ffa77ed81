package io.zkafka.server;

import com.codahale.metrics.Histogram;
import io.netty.handler.ssl.SslContext;
import io.zkafka.broker.auth.CredentialCache;
import io.zkafka.broker.auth.ListenerSasl;
import io.zkafka.broker.auth.NativeSaslAuthenticator;
import io.zkafka.broker.authorizer.AclAuthorizer;
import io.zkafka.broker.authorizer.Authorizer;
import io.zkafka.broker.group.ConsumerLagMonitor;
import io.zkafka.broker.group.GroupAdministration;
import io.zkafka.broker.group.GroupCoordinator;
import io.zkafka.broker.group.OffsetsTopic;
import io.zkafka.broker.handler.AddOffsetsToTxnHandler;
import io.zkafka.broker.handler.AddPartitionsToTxnHandler;
import io.zkafka.broker.handler.AlterClientQuotasHandler;
import io.zkafka.broker.handler.AlterConfigsHandler;
import io.zkafka.broker.handler.AlterPartitionReassignmentsHandler;
import io.zkafka.broker.handler.AlterUserScramCredentialsHandler;
import io.zkafka.broker.handler.ApiVersionsHandler;
import io.zkafka.broker.handler.ClusterView;
import io.zkafka.broker.handler.ControlledShutdownHandler;
import io.zkafka.broker.handler.ControllerForwarder;
import io.zkafka.broker.handler.CreateAclsHandler;
import io.zkafka.broker.handler.CreatePartitionsHandler;
import io.zkafka.broker.handler.CreateTopicsHandler;
import io.zkafka.broker.handler.DeleteAclsHandler;
import io.zkafka.broker.handler.DeleteGroupsHandler;
import io.zkafka.broker.handler.DeleteRecordsHandler;
import io.zkafka.broker.handler.DeleteTopicsHandler;
import io.zkafka.broker.handler.DescribeAclsHandler;
import io.zkafka.broker.handler.DescribeClientQuotasHandler;
import io.zkafka.broker.handler.DescribeClusterHandler;
import io.zkafka.broker.handler.DescribeConfigsHandler;
import io.zkafka.broker.handler.DescribeGroupsHandler;
import io.zkafka.broker.handler.DescribeLogDirsHandler;
import io.zkafka.broker.handler.DescribeProducersHandler;
import io.zkafka.broker.handler.DescribeTransactionsHandler;
import io.zkafka.broker.handler.DescribeUserScramCredentialsHandler;
import io.zkafka.broker.handler.ElectLeadersHandler;
import io.zkafka.broker.handler.EndTxnHandler;
import io.zkafka.broker.handler.FetchHandler;
import io.zkafka.broker.handler.FindCoordinatorHandler;
import io.zkafka.broker.handler.HeartbeatHandler;
import io.zkafka.broker.handler.InitProducerIdHandler;
import io.zkafka.broker.handler.JoinGroupHandler;
import io.zkafka.broker.handler.LeaveGroupHandler;
import io.zkafka.broker.handler.ListGroupsHandler;
import io.zkafka.broker.handler.ListOffsetsHandler;
import io.zkafka.broker.handler.ListPartitionReassignmentsHandler;
import io.zkafka.broker.handler.ListTransactionsHandler;
import io.zkafka.broker.handler.MetadataHandler;
import io.zkafka.broker.handler.MetadataPropagation;
import io.zkafka.broker.handler.MetadataWaiter;
import io.zkafka.broker.handler.OffsetCommitHandler;
import io.zkafka.broker.handler.OffsetDeleteHandler;
import io.zkafka.broker.handler.OffsetFetchHandler;
import io.zkafka.broker.handler.OffsetForLeaderEpochHandler;
import io.zkafka.broker.handler.ProduceHandler;
import io.zkafka.broker.handler.SyncGroupHandler;
import io.zkafka.broker.handler.TxnOffsetCommitHandler;
import io.zkafka.broker.handler.WriteTxnMarkersHandler;
import io.zkafka.broker.kafkaprotocol.KafkaListener;
import io.zkafka.broker.liveness.PeerLivenessMonitor;
import io.zkafka.broker.network.ClientQuotas;
import io.zkafka.broker.network.ListenerTls;
import io.zkafka.broker.network.RequestDispatcher;
import io.zkafka.broker.network.RequestMetrics;
import io.zkafka.broker.network.SocketServer;
import io.zkafka.broker.producerid.ProducerIdManager;
import io.zkafka.broker.quota.ClientQuotaManager;
import io.zkafka.broker.replica.ReplicaManager;
import io.zkafka.broker.txn.TransactionCoordinator;
import io.zkafka.broker.txn.TransactionStateTopic;
import io.zkafka.common.config.ConfigException;
import io.zkafka.common.protocol.ApiKeys;
import io.zkafka.common.security.JaasConfig;
import io.zkafka.common.security.SslContexts;
import io.zkafka.common.utils.Time;
import io.zkafka.config.BrokerLogConfig;
import io.zkafka.config.DynamicBrokerConfig;
import io.zkafka.config.KafkaConfig;
import io.zkafka.config.Listeners;
import io.zkafka.config.PeerNetwork;
import io.zkafka.controller.ControllerSettings;
import io.zkafka.controller.KafkaController;
import io.zkafka.coordination.BrokerConfigOverrides;
import io.zkafka.coordination.BrokerConfigWatcher;
import io.zkafka.coordination.BrokerInfo;
import io.zkafka.coordination.UserConfigs;
import io.zkafka.coordination.BrokerRegistration;
import io.zkafka.coordination.ClientQuotaConfigs;
import io.zkafka.coordination.ClusterWatcher;
import io.zkafka.coordination.ControllerElection;
import io.zkafka.coordination.CoordinationClient;
import io.zkafka.coordination.CoordinationConfig;
import io.zkafka.coordination.ProducerIdBlocks;
import io.zkafka.metadata.MetadataCache;
import io.zkafka.metrics.BrokerMetrics;
import io.zkafka.metrics.PrometheusEndpoint;
import io.zkafka.storage.LogConfig;
import io.zkafka.storage.LogManager;
import io.zkafka.storage.cleaner.CleanerConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One broker: its logs, its ZooKeeper session, its listener, its partitions, and (when it holds the
 * latch) the controller. Start-up order: log folder locks, ZooKeeper, logs (with topic configs from
 * ZooKeeper), the ACL authorizer (every ACL read before a request is served), listener, cluster
 * watcher, failure detection, registration, controller election.
 * Shutdown runs the reverse, so the broker's znode is gone before its listener closes (the peers'
 * failure detection has nothing left to act on) and its logs close last, with a clean-shutdown
 * marker; the log folder locks are released at the very end.
 *
 * <p>Lifecycle LATENT -> STARTED -> CLOSED; {@link #shutdown()} is idempotent and safe from any
 * thread (the JVM shutdown hook calls it on SIGTERM).
 */
public final class KafkaServer {
    private static final Logger log = LoggerFactory.getLogger(KafkaServer.class);

    private enum State { LATENT, STARTING, STARTED, CLOSED }

    /** After a failed producer id block claim, InitProducerId fails at once for this long before claiming again. */
    private static final long PRODUCER_ID_CLAIM_RETRY_BACKOFF_MS = 1_000;
    /** How long a transaction coordinator's write to its log or a marker request may take (Kafka's request.timeout.ms). */
    private static final long TRANSACTION_REQUEST_TIMEOUT_MS = 30_000;
    /** How long the transaction coordinator waits before sending markers again or retrying a failed completion. */
    private static final long TRANSACTION_RETRY_BACKOFF_MS = 100;
    /** A shutdown step taking at least this long is logged, so a slow stop says where its time went. */
    private static final long SLOW_CLOSE_MS = 500;

    private final KafkaConfig config;
    private final AtomicReference<State> state = new AtomicReference<>(State.LATENT);
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final StartupPhases startupPhases = new StartupPhases();
    private BrokerMetrics metrics;
    private CoordinationClient coordination;
    private final CredentialCache credentials = new CredentialCache();
    private UserConfigs.Watch userConfigWatch;
    private ClientQuotaManager clientQuotas;
    private ClientQuotaConfigs.Watch clientQuotaWatch;
    private LogManager logManager;
    private ScheduledExecutorService timer;
    private MetadataCache metadata;
    private ReplicaManager replicaManager;
    private SocketServer socketServer;
    private BrokerRegistration registration;
    private ClusterWatcher watcher;
    private BrokerConfigWatcher brokerConfigWatcher;
    private DynamicBrokerConfig dynamicConfig;
    private KafkaController controller;
    private ControllerElection election;
    private ControllerForwarder forwarder;
    private MetadataPropagation propagation;
    private ControlledShutdown controlledShutdown;
    private GroupCoordinator groupCoordinator;
    private ConsumerLagMonitor consumerLag;
    private ProducerIdManager producerIds;
    private TransactionCoordinator transactionCoordinator;
    private LogDirLock logDirLock;
    private PeerLivenessMonitor liveness;
    private LogDirFailureHandler logDirFailures;
    private LogDirMonitor logDirMonitor;
    private volatile boolean haltedOnStorageFailure;
    private long registeredAtMs;
    private InetSocketAddress boundAddress;
    private PrometheusEndpoint prometheus;
    private volatile AclAuthorizer aclAuthorizer;
    /** The Kafka-protocol listeners' advertised endpoints, by listener name. */
    private final Map<String, BrokerInfo.Endpoint> kafkaEndpoints = new LinkedHashMap<>();

    public KafkaServer(KafkaConfig config) {
        this.config = config;
    }

    public KafkaConfig config() {
        return config;
    }

    public int brokerId() {
        return config.brokerId();
    }

    /** Starts the broker; throws (after undoing what it started) if any step fails. */
    public void startup() {
        if (!state.compareAndSet(State.LATENT, State.STARTING)) {
            throw new IllegalStateException("Broker " + brokerId() + " was already started");
        }
        try {
            start();
            state.set(State.STARTED);
            log.info("Broker {} started on {}:{} {}", brokerId(), config.advertisedHost(), boundAddress.getPort(),
                startupPhases.summary());
        } catch (RuntimeException | IOException e) {
            shutdown();
            if (e instanceof IOException io) {
                throw new UncheckedIOException("Broker " + brokerId() + " failed to start: " + e.getMessage(), io);
            }
            throw (RuntimeException) e;
        }
    }

    private void start() throws IOException {
        int brokerId = brokerId();
        // TLS first: a bad key store or trust store fails start-up before anything else is started
        Map<String, SslContext> serverTls = new LinkedHashMap<>();
        Listeners.Listener nativeListener = config.listeners().nativeListener();
        for (Listeners.Listener listener : allListeners()) {
            if (listener.usesTls()) {
                serverTls.put(listener.name(), SslContexts.forServer(config.sslSettings(listener.name()), listener.name()));
            }
        }
        PeerNetwork peers = new PeerNetwork(nativeListener.usesTls()
            ? SslContexts.forClient(config.sslSettings(nativeListener.name())) : null, config.interBrokerSasl());
        if (!serverTls.isEmpty()) {
            log.info("TLS engine: {}", SslContexts.provider());
        }

        List<Path> logDirs = config.logDirs().stream().map(Path::of).toList();
        logDirLock = LogDirLock.acquire(brokerId, logDirs);
        metrics = new BrokerMetrics(config.getBoolean(KafkaConfig.METRICS_JMX_ENABLE));
        // SASL settings before ZooKeeper: a bad JAAS config fails start-up at once
        Map<String, ListenerSasl> sasl = new LinkedHashMap<>();
        for (Listeners.Listener listener : allListeners()) {
            if (listener.usesSasl()) {
                sasl.put(listener.name(), listenerSasl(listener));
            }
        }
        int prometheusPort = config.getInt(KafkaConfig.METRICS_PROMETHEUS_PORT);
        if (prometheusPort >= 0) {
            prometheus = new PrometheusEndpoint(metrics.registry(), config.getString(KafkaConfig.METRICS_PROMETHEUS_HOST),
                prometheusPort);
            log.info("Serving Prometheus metrics on http://{}:{}/metrics", config.getString(KafkaConfig.METRICS_PROMETHEUS_HOST),
                prometheus.port());
        }
        coordination = new CoordinationClient(CoordinationConfig.from(config.originals()));
        coordination.start();
        startupPhases.mark("ZooKeeper session");
        String clusterId = coordination.clusterId();
        if (!sasl.isEmpty()) {
            // SCRAM credentials follow /config/users from now on, before any listener accepts a connection
            userConfigWatch = coordination.userConfigs().watch(credentials::onUserConfig);
        }
        Map<Path, IOException> unusableLogDirs = StartupLogDirChecks.run(brokerId, clusterId, logDirs, logDirLock);

        dynamicConfig = new DynamicBrokerConfig(config);
        KafkaConfig startConfig = applyDynamicConfigs(
            coordination.reader().brokerConfig(BrokerConfigOverrides.DEFAULT_ENTITY),
            coordination.reader().brokerConfig(String.valueOf(brokerId)));
        LogConfig defaults = BrokerLogConfig.defaults(startConfig);
        CleanerConfig cleaner = CleanerConfig.defaults()
            .withBackoffMs(config.getLong(KafkaConfig.LOG_CLEANER_BACKOFF_MS))
            .withMapLimits(4 * 1024 * 1024, config.getLong(KafkaConfig.LOG_CLEANER_DEDUPE_BUFFER_SIZE));
        logManager = new LogManager(new LogManager.Settings(logDirs, defaults,
            config.getLong(KafkaConfig.LOG_RETENTION_CHECK_INTERVAL_MS), 1_000, 60_000,
            config.getInt(KafkaConfig.NUM_RECOVERY_THREADS)).withCleaner(new CleanerConfig(
                config.getBoolean(KafkaConfig.LOG_CLEANER_ENABLE), cleaner.backoffMs(), cleaner.maxMapKeys(),
                cleaner.maxMapBytes(), cleaner.ioBufferBytes())).withProducerIdExpiration(
                    config.getInt(KafkaConfig.PRODUCER_ID_EXPIRATION_MS),
                    config.getInt(KafkaConfig.PRODUCER_ID_EXPIRATION_CHECK_INTERVAL_MS)), System::currentTimeMillis);
        unusableLogDirs.forEach((dir, e) -> logManager.failureChannel().markOffline(dir, "start-up checks", e));
        // The configs of the topics on disk in one pipelined read, before the watcher's snapshot fills the
        // session's queue: read one by one on the recovery threads, each waited behind the snapshot's reads.
        // A config changed from here on reaches the logs with that snapshot (read once the watches are in place).
        Map<String, LogConfig> topicConfigs = new ConcurrentHashMap<>();
        coordination.reader().topicConfigs(logManager.topicsOnDisk()).forEach((topic, stored) ->
            topicConfigs.put(topic, stored.overrides().isEmpty() ? defaults : defaults.with(stored.overrides())));
        // watch and read the cluster's snapshot while the logs load; the listeners get it once they exist
        watcher = coordination.newClusterWatcher();
        watcher.watch();
        startupPhases.mark("loading logs");
        logManager.startup(topic -> topicConfigs.computeIfAbsent(topic, t -> {
            var overrides = coordination.reader().topicConfig(t).overrides();
            return overrides.isEmpty() ? defaults : defaults.with(overrides);
        }));

        startupPhases.mark("logs loaded");
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "zkafka-purgatory-timer");
            thread.setDaemon(true);
            return thread;
        });
        metadata = new MetadataCache();
        replicaManager = new ReplicaManager(new ReplicaManager.Settings(brokerId,
            startConfig.getInt(KafkaConfig.MIN_INSYNC_REPLICAS), config.getLong(KafkaConfig.REPLICA_LAG_TIME_MAX_MS),
            config.getInt(KafkaConfig.REPLICA_FETCH_WAIT_MAX_MS), config.getInt(KafkaConfig.REPLICA_FETCH_MAX_BYTES),
            config.getInt(KafkaConfig.REPLICA_FETCH_RESPONSE_MAX_BYTES), config.getInt(KafkaConfig.REPLICA_FETCH_BACKOFF_MS),
            config.getInt(KafkaConfig.REPLICA_SOCKET_TIMEOUT_MS)), logManager, defaults, metadata, coordination, timer,
            metrics, peers);
        logDirFailures = new LogDirFailureHandler(brokerId, logManager, replicaManager,
            coordination.logDirEventWriter(), this::haltOnStorageFailure);
        logDirFailures.start();
        replicaManager.onMissingLogsChanged(logDirFailures::onMissingLogsChanged);
        logDirMonitor = new LogDirMonitor(logManager, logDirs,
            config.getLong(KafkaConfig.LOG_DIR_FREE_BYTES_WARNING_THRESHOLD), metrics);
        logDirMonitor.start(config.getLong(KafkaConfig.LOG_DIR_FREE_BYTES_CHECK_INTERVAL_MS));
        controller = new KafkaController(brokerId, coordination, metadata, new ControllerSettings(
            config.getInt(KafkaConfig.NUM_PARTITIONS), config.getInt(KafkaConfig.DEFAULT_REPLICATION_FACTOR),
            config.getBoolean(KafkaConfig.DELETE_TOPIC_ENABLE),
            config.getBoolean(KafkaConfig.UNCLEAN_LEADER_ELECTION_ENABLE),
            config.getBoolean(KafkaConfig.AUTO_LEADER_REBALANCE_ENABLE),
            config.getLong(KafkaConfig.LEADER_IMBALANCE_CHECK_INTERVAL_SECONDS) * 1_000L,
            config.getInt(KafkaConfig.LEADER_IMBALANCE_PER_BROKER_PERCENTAGE)), metrics);
        election = coordination.newControllerElection(brokerId, controller);
        forwarder = new ControllerForwarder(brokerId, controller, metadata, election::controllerId, peers);
        ClusterView cluster = new ClusterView(clusterId, metadata, election::controllerId);
        MetadataWaiter waiter = new MetadataWaiter(metadata, timer);
        propagation = new MetadataPropagation(brokerId, metadata, timer, peers);
        controlledShutdown = new ControlledShutdown(brokerId, controller, forwarder, metadata, waiter, replicaManager);
        OffsetsTopic offsetsTopic = new OffsetsTopic(metadata, forwarder,
            config.getInt(KafkaConfig.OFFSETS_TOPIC_NUM_PARTITIONS), config.getInt(KafkaConfig.OFFSETS_TOPIC_REPLICATION_FACTOR),
            config.getInt(KafkaConfig.OFFSETS_TOPIC_SEGMENT_BYTES));
        groupCoordinator = new GroupCoordinator(new GroupCoordinator.Settings(
            config.getInt(KafkaConfig.GROUP_INITIAL_REBALANCE_DELAY_MS), config.getInt(KafkaConfig.GROUP_MIN_SESSION_TIMEOUT_MS),
            config.getInt(KafkaConfig.GROUP_MAX_SESSION_TIMEOUT_MS), config.getInt(KafkaConfig.OFFSETS_COMMIT_TIMEOUT_MS),
            config.getInt(KafkaConfig.OFFSET_METADATA_MAX_BYTES), config.offsetsRetentionMs(),
            config.getLong(KafkaConfig.OFFSETS_RETENTION_CHECK_INTERVAL_MS),
            config.getInt(KafkaConfig.GROUP_MEMBER_RECONNECT_GRACE_MS)), replicaManager, offsetsTopic, metrics,
            Time.SYSTEM);
        replicaManager.addTxnMarkerListener(groupCoordinator.txnMarkerListener());
        consumerLag = new ConsumerLagMonitor(groupCoordinator, replicaManager, metadata, metrics.registry(),
            config.getInt(KafkaConfig.REPLICA_SOCKET_TIMEOUT_MS), peers);
        consumerLag.start(config.getLong(KafkaConfig.GROUP_LAG_REFRESH_INTERVAL_MS));

        producerIds = new ProducerIdManager(() -> coordination.producerIdBlocks().claimNextBlock(brokerId,
            ProducerIdBlocks.DEFAULT_BLOCK_SIZE), PRODUCER_ID_CLAIM_RETRY_BACKOFF_MS, System::currentTimeMillis);
        TransactionStateTopic transactionTopic = new TransactionStateTopic(metadata, forwarder,
            new TransactionStateTopic.Settings(config.getInt(KafkaConfig.TRANSACTION_STATE_LOG_NUM_PARTITIONS),
                config.getInt(KafkaConfig.TRANSACTION_STATE_LOG_REPLICATION_FACTOR),
                config.getInt(KafkaConfig.TRANSACTION_STATE_LOG_MIN_ISR),
                config.getInt(KafkaConfig.TRANSACTION_STATE_LOG_SEGMENT_BYTES)));
        transactionCoordinator = TransactionCoordinator.forBroker(new TransactionCoordinator.Settings(
            config.getInt(KafkaConfig.TRANSACTION_MAX_TIMEOUT_MS),
            config.getInt(KafkaConfig.TRANSACTION_ABORT_TIMED_OUT_TRANSACTION_CLEANUP_INTERVAL_MS),
            config.getInt(KafkaConfig.TRANSACTIONAL_ID_EXPIRATION_MS),
            config.getInt(KafkaConfig.TRANSACTION_REMOVE_EXPIRED_TRANSACTION_CLEANUP_INTERVAL_MS),
            TRANSACTION_RETRY_BACKOFF_MS), brokerId, replicaManager, metadata, transactionTopic,
            groupId -> offsetsTopic.partitionFor(groupId).partition(), producerIds::generateProducerId, Time.SYSTEM,
            TRANSACTION_REQUEST_TIMEOUT_MS, peers);

        GroupAdministration groupAdministration = groupCoordinator.administration();
        Authorizer authorizer = startAuthorizer();
        RequestDispatcher dispatcher = new RequestDispatcher()
            .register(ApiKeys.API_VERSIONS, new ApiVersionsHandler())
            .register(ApiKeys.METADATA, new MetadataHandler(cluster, forwarder,
                config.getBoolean(KafkaConfig.AUTO_CREATE_TOPICS_ENABLE), authorizer))
            .register(ApiKeys.PRODUCE, new ProduceHandler(replicaManager, metrics, authorizer))
            .register(ApiKeys.FETCH, new FetchHandler(replicaManager, metrics, authorizer))
            .register(ApiKeys.LIST_OFFSETS, new ListOffsetsHandler(replicaManager, authorizer))
            .register(ApiKeys.OFFSET_FOR_LEADER_EPOCH, new OffsetForLeaderEpochHandler(replicaManager, authorizer))
            .register(ApiKeys.CREATE_TOPICS, new CreateTopicsHandler(forwarder, waiter, propagation, authorizer))
            .register(ApiKeys.DELETE_TOPICS, new DeleteTopicsHandler(forwarder, waiter, propagation, authorizer))
            .register(ApiKeys.CREATE_PARTITIONS, new CreatePartitionsHandler(forwarder, waiter, propagation, authorizer))
            .register(ApiKeys.DESCRIBE_CLUSTER, new DescribeClusterHandler(cluster, authorizer))
            .register(ApiKeys.DESCRIBE_CONFIGS, new DescribeConfigsHandler(replicaManager, metadata, coordination,
                dynamicConfig, authorizer))
            .register(ApiKeys.ALTER_CONFIGS, new AlterConfigsHandler(coordination,
                key -> replicaManager.logConfigWith(Map.of()).values().get(key), dynamicConfig, authorizer))
            .register(ApiKeys.CONTROLLED_SHUTDOWN, new ControlledShutdownHandler(forwarder, controller, authorizer))
            .register(ApiKeys.ELECT_LEADERS, new ElectLeadersHandler(forwarder, controller, authorizer))
            .register(ApiKeys.ALTER_PARTITION_REASSIGNMENTS, new AlterPartitionReassignmentsHandler(forwarder, controller,
                authorizer))
            .register(ApiKeys.LIST_PARTITION_REASSIGNMENTS, new ListPartitionReassignmentsHandler(forwarder, controller,
                authorizer))
            .register(ApiKeys.FIND_COORDINATOR, new FindCoordinatorHandler(offsetsTopic, transactionTopic, metadata,
                authorizer))
            .register(ApiKeys.JOIN_GROUP, new JoinGroupHandler(groupCoordinator, authorizer))
            .register(ApiKeys.SYNC_GROUP, new SyncGroupHandler(groupCoordinator, authorizer))
            .register(ApiKeys.HEARTBEAT, new HeartbeatHandler(groupCoordinator, authorizer))
            .register(ApiKeys.LEAVE_GROUP, new LeaveGroupHandler(groupCoordinator, authorizer))
            .register(ApiKeys.OFFSET_COMMIT, new OffsetCommitHandler(groupCoordinator, authorizer))
            .register(ApiKeys.OFFSET_FETCH, new OffsetFetchHandler(groupCoordinator, authorizer))
            .register(ApiKeys.LIST_GROUPS, new ListGroupsHandler(groupAdministration, authorizer))
            .register(ApiKeys.DESCRIBE_GROUPS, new DescribeGroupsHandler(groupAdministration, authorizer))
            .register(ApiKeys.DELETE_GROUPS, new DeleteGroupsHandler(groupAdministration, authorizer))
            .register(ApiKeys.OFFSET_DELETE, new OffsetDeleteHandler(groupAdministration, authorizer))
            .register(ApiKeys.INIT_PRODUCER_ID, new InitProducerIdHandler(producerIds, transactionCoordinator, authorizer))
            .register(ApiKeys.ADD_PARTITIONS_TO_TXN, new AddPartitionsToTxnHandler(transactionCoordinator, metadata,
                authorizer))
            .register(ApiKeys.ADD_OFFSETS_TO_TXN, new AddOffsetsToTxnHandler(transactionCoordinator, authorizer))
            .register(ApiKeys.END_TXN, new EndTxnHandler(transactionCoordinator, authorizer))
            .register(ApiKeys.TXN_OFFSET_COMMIT, new TxnOffsetCommitHandler(groupCoordinator, authorizer))
            .register(ApiKeys.DESCRIBE_TRANSACTIONS,
                new DescribeTransactionsHandler(transactionCoordinator.administration(), authorizer))
            .register(ApiKeys.LIST_TRANSACTIONS, new ListTransactionsHandler(transactionCoordinator.administration(),
                authorizer))
            .register(ApiKeys.WRITE_TXN_MARKERS, new WriteTxnMarkersHandler(replicaManager,
                config.getInt(KafkaConfig.REPLICA_SOCKET_TIMEOUT_MS), System::currentTimeMillis, authorizer))
            .register(ApiKeys.DESCRIBE_PRODUCERS, new DescribeProducersHandler(replicaManager, authorizer))
            .register(ApiKeys.DELETE_RECORDS, new DeleteRecordsHandler(replicaManager, authorizer))
            .register(ApiKeys.DESCRIBE_LOG_DIRS, new DescribeLogDirsHandler(logManager, authorizer))
            .register(ApiKeys.CREATE_ACLS, new CreateAclsHandler(authorizer))
            .register(ApiKeys.DESCRIBE_ACLS, new DescribeAclsHandler(authorizer))
            .register(ApiKeys.DELETE_ACLS, new DeleteAclsHandler(authorizer))
            .register(ApiKeys.DESCRIBE_USER_SCRAM_CREDENTIALS,
                new DescribeUserScramCredentialsHandler(coordination.userConfigs(), authorizer))
            .register(ApiKeys.ALTER_USER_SCRAM_CREDENTIALS,
                new AlterUserScramCredentialsHandler(coordination.userConfigs(), authorizer))
            .register(ApiKeys.DESCRIBE_CLIENT_QUOTAS,
                new DescribeClientQuotasHandler(coordination.clientQuotaConfigs(), authorizer))
            .register(ApiKeys.ALTER_CLIENT_QUOTAS, new AlterClientQuotasHandler(coordination.clientQuotaConfigs(), authorizer));
        Histogram produceThrottles = metrics.registry().histogram("kafka.server:type=Produce,name=throttle-time");
        Histogram fetchThrottles = metrics.registry().histogram("kafka.server:type=Fetch,name=throttle-time");
        clientQuotas = new ClientQuotaManager(config.getInt(KafkaConfig.QUOTA_WINDOW_NUM),
            config.getInt(KafkaConfig.QUOTA_WINDOW_SIZE_SECONDS) * 1000L,
            (kind, throttleMs) -> (kind == ClientQuotas.Kind.PRODUCE ? produceThrottles : fetchThrottles).update(throttleMs));
        // the quotas in force before the first connection is accepted, then every change
        clientQuotaWatch = coordination.clientQuotaConfigs().watch(clientQuotas::set);
        socketServer = new SocketServer(dispatcher, new RequestMetrics(metrics.registry()),
            config.getInt(KafkaConfig.NUM_NETWORK_THREADS), config.getInt(KafkaConfig.NUM_IO_THREADS),
            config.getInt(KafkaConfig.SOCKET_REQUEST_MAX_BYTES),
            config.getBoolean(KafkaConfig.NETWORK_THREADS_SERVE_PRODUCE_FETCH)
                ? EnumSet.of(ApiKeys.PRODUCE, ApiKeys.FETCH) : Set.of(), clientQuotas);
        ListenerSasl nativeSasl = sasl.get(nativeListener.name());
        boundAddress = socketServer.start(config.listenerHost(), config.listenerPort(),
            listenerTls(nativeListener, serverTls),
            nativeSasl == null ? null : rejections -> new NativeSaslAuthenticator(nativeSasl, rejections));
        List<KafkaListener> kafkaListeners = new ArrayList<>();
        for (Listeners.Listener listener : config.listeners().kafkaListeners()) {
            KafkaListener kafka = new KafkaListener(listener.name(), dispatcher, metadata, sasl.get(listener.name()),
                authorizer, config.getInt(KafkaConfig.MAX_INCREMENTAL_FETCH_SESSION_CACHE_SLOTS),
                config.getInt(KafkaConfig.MIN_INCREMENTAL_FETCH_SESSION_EVICTION_MS));
            kafkaListeners.add(kafka);
            InetSocketAddress bound = socketServer.start(listener.name(), listener.host(), listener.port(),
                listenerTls(listener, serverTls), kafka.connectionSetup(config.getInt(KafkaConfig.SOCKET_REQUEST_MAX_BYTES)));
            int advertisedPort = listener.advertisedPort() != null ? listener.advertisedPort() : bound.getPort();
            kafkaEndpoints.put(listener.name(), new BrokerInfo.Endpoint(listener.name(), listener.advertisedHost(),
                advertisedPort, listener.securityProtocol()));
        }
        String sessionCache = "kafka.server:type=FetchSessionCache,name=";
        metrics.gauge(sessionCache + "NumIncrementalFetchSessions",
            () -> kafkaListeners.stream().mapToLong(KafkaListener::fetchSessionCount).sum());
        metrics.gauge(sessionCache + "NumIncrementalFetchPartitionsCached",
            () -> kafkaListeners.stream().mapToLong(KafkaListener::fetchSessionPartitions).sum());

        brokerConfigWatcher = coordination.newBrokerConfigWatcher(brokerId, (clusterDefaults, own) -> {
            KafkaConfig now = applyDynamicConfigs(clusterDefaults, own);
            replicaManager.updateDefaults(BrokerLogConfig.defaults(now), now.getInt(KafkaConfig.MIN_INSYNC_REPLICAS));
        });
        brokerConfigWatcher.start();
        // the watcher first, so this broker knows its partitions before clients are sent to it
        watcher.addListener(metadata);
        watcher.addListener(replicaManager);
        watcher.addListener(controller);
        watcher.addListener(groupCoordinator.leadershipListener()); // after the replica manager: it reads the roles just applied
        watcher.addListener(transactionCoordinator.leadershipListener());
        watcher.start();
        awaitMetadata(config.getInt(KafkaConfig.ZOOKEEPER_CONNECTION_TIMEOUT_MS));
        if (config.getBoolean(KafkaConfig.BROKER_FAILURE_DETECTION_ENABLE)) {
            liveness = new PeerLivenessMonitor(brokerId, metadata, coordination::removeDeadIncarnation,
                PeerLivenessMonitor.Settings.DEFAULT, peers.tls());
            liveness.start();
        }
        registeredAtMs = System.currentTimeMillis();
        // a predecessor that recorded its epoch in the lock files this broker now holds is dead: replace it at once
        startupPhases.mark("listening with the cluster's metadata");
        registration = coordination.registerBroker(new BrokerInfo(brokerId, config.advertisedHost(),
            boundAddress.getPort(), config.getString(KafkaConfig.BROKER_RACK), registeredAtMs)
                .withOtherEndpoints(kafkaEndpoints).withNativeSecurityProtocol(nativeListener.securityProtocol()),
            logDirLock.predecessorEpoch(), this::onRegistered,
            e -> log.error("Broker {} could not re-register: {}", brokerId, e.getMessage()));
        startupPhases.mark("registered");
        election.start();
    }

    /** The ACL authorizer when authorizer.class.name names it (its ACLs read before any request is served), else none. */
    private Authorizer startAuthorizer() {
        if (!config.aclAuthorizerEnabled()) {
            return Authorizer.ALLOW_ALL;
        }
        aclAuthorizer = new AclAuthorizer(coordination.aclStore(), config.superUsers(),
            config.getBoolean(KafkaConfig.ALLOW_EVERYONE_IF_NO_ACL_FOUND));
        aclAuthorizer.start();
        return aclAuthorizer;
    }

    private List<Listeners.Listener> allListeners() {
        List<Listeners.Listener> all = new ArrayList<>(config.listeners().kafkaListeners());
        all.add(0, config.listeners().nativeListener());
        return all;
    }

    private ListenerSasl listenerSasl(Listeners.Listener listener) {
        List<String> mechanisms = config.saslEnabledMechanisms(listener.name());
        Map<String, String> plainUsers = Map.of();
        if (mechanisms.contains("PLAIN")) {
            JaasConfig jaas = config.saslJaasConfig(listener.name(), "PLAIN");
            plainUsers = jaas == null ? Map.of() : ListenerSasl.plainUsers(jaas);
            if (plainUsers.isEmpty()) {
                log.warn("Listener {} enables SASL PLAIN but its JAAS config names no user_<name> entries: nobody can log "
                    + "in with PLAIN", listener.name());
            }
        }
        log.info("Listener {} ({}) authenticates with SASL {}", listener.name(), listener.securityProtocol(), mechanisms);
        return new ListenerSasl(listener.name(), mechanisms, plainUsers, credentials, metrics.registry());
    }

    private ListenerTls listenerTls(Listeners.Listener listener, Map<String, SslContext> serverTls) {
        SslContext context = serverTls.get(listener.name());
        return context == null ? null : new ListenerTls(listener.name(), context, metrics.registry());
    }

    /** Each registration is a new incarnation: its epoch goes with fetches and into the lock files. */
    private void onRegistered(long brokerEpoch) {
        replicaManager.onRegistered(brokerEpoch);
        logDirLock.recordEpoch(brokerEpoch);
        logDirFailures.onRegistered();
    }

    /** Every log dir failed: stop as Kafka does (its process exits; see {@link #haltedOnStorageFailure()}). */
    private void haltOnStorageFailure() {
        haltedOnStorageFailure = true;
        halt();
    }

    /** The SCRAM credentials this broker knows, as ZooKeeper's /config/users holds them. */
    public CredentialCache credentials() {
        return credentials;
    }

    /** Whether the broker halted because its last log dir failed (the process then exits with status 1). */
    public boolean haltedOnStorageFailure() {
        return haltedOnStorageFailure;
    }

    private void awaitMetadata(long timeoutMs) {
        long deadline = System.nanoTime() + timeoutMs * 1_000_000L;
        while (!metadata.isInitialized()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("No cluster metadata from ZooKeeper within " + timeoutMs + " ms");
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while loading cluster metadata", e);
            }
        }
    }

    /** The port the listener is bound to (useful with {@code listeners=PLAINTEXT://host:0}). */
    /** The port of the Prometheus endpoint, or -1 when it serves none. */
    public int prometheusPort() {
        return prometheus == null ? -1 : prometheus.port();
    }

    /** The advertised endpoints of this broker's Kafka-protocol listeners, by listener name. */
    /** The authorizer requests are checked with: {@link Authorizer#ALLOW_ALL} when authorizer.class.name is empty. */
    public Authorizer authorizer() {
        AclAuthorizer acls = aclAuthorizer;
        return acls == null ? Authorizer.ALLOW_ALL : acls;
    }

    public Map<String, BrokerInfo.Endpoint> kafkaEndpoints() {
        return Map.copyOf(kafkaEndpoints);
    }

    public int boundPort() {
        return boundAddress.getPort();
    }

    public String bootstrapAddress() {
        return config.advertisedHost() + ":" + boundPort();
    }

    public KafkaController controller() {
        return controller;
    }

    public boolean isController() {
        return controller != null && controller.isActive();
    }

    /** This broker's current broker epoch (its registration's creation zxid); -1 while not registered. */
    public long brokerEpoch() {
        BrokerRegistration current = registration;
        return current == null ? BrokerInfo.UNKNOWN_EPOCH : current.brokerEpoch();
    }

    /** The fast failure detection, or null when {@code broker.failure.detection.enable} is off. */
    public PeerLivenessMonitor liveness() {
        return liveness;
    }

    /** Fault injection for failure tests: ZooKeeper expires this broker's session now. */
    public void expireZooKeeperSession() {
        coordination.injectSessionExpiration();
    }

    public ReplicaManager replicaManager() {
        return replicaManager;
    }

    public MetadataCache metadata() {
        return metadata;
    }

    public BrokerMetrics metrics() {
        return metrics;
    }

    /** The client quotas this broker enforces (null before it has started). */
    public ClientQuotas clientQuotas() {
        return clientQuotas;
    }

    public GroupCoordinator groupCoordinator() {
        return groupCoordinator;
    }

    public TransactionCoordinator transactionCoordinator() {
        return transactionCoordinator;
    }

    public LogManager logManager() {
        return logManager;
    }

    /** Stops the broker cleanly. Idempotent; returns once everything is closed. */
    /**
     * Puts dynamic broker configs in force; if they are invalid here (written by a broker whose
     * static settings differ) the ones in force stay, and the log says why.
     */
    private KafkaConfig applyDynamicConfigs(BrokerConfigOverrides clusterDefaults, BrokerConfigOverrides own) {
        try {
            KafkaConfig now = dynamicConfig.update(clusterDefaults.overrides(), own.overrides());
            if (!clusterDefaults.overrides().isEmpty() || !own.overrides().isEmpty()) {
                log.info("Dynamic broker configs in force: cluster-wide {}, this broker's {}", clusterDefaults.overrides(),
                    own.overrides());
            }
            return now;
        } catch (ConfigException e) {
            log.error("Ignoring dynamic broker configs that are invalid on this broker ({}): cluster-wide {}, this "
                + "broker's {}", e.getMessage(), clusterDefaults.overrides(), own.overrides());
            return dynamicConfig.current();
        }
    }

    public void shutdown() {
        State previous = state.getAndSet(State.CLOSED);
        if (previous == State.CLOSED || previous == State.LATENT) {
            stopped.countDown();
            return;
        }
        log.info("Broker {} shutting down", brokerId());
        if (previous == State.STARTED && config.getBoolean(KafkaConfig.CONTROLLED_SHUTDOWN_ENABLE)
                && controlledShutdown.hostsAnything()) {
            controlledShutdown.run(brokerEpoch(), config.getInt(KafkaConfig.CONTROLLED_SHUTDOWN_MAX_RETRIES),
                config.getLong(KafkaConfig.CONTROLLED_SHUTDOWN_RETRY_BACKOFF_MS));
        }
        closeQuietly("log dir failure handler", logDirFailures);
        closeQuietly("log dir monitor", logDirMonitor);
        closeQuietly("failure detection", liveness);
        closeQuietly("controller election", election);
        closeQuietly("registration", registration);
        closeQuietly("cluster watcher", watcher);
        closeQuietly("broker config watcher", brokerConfigWatcher);
        closeQuietly("user config watch", userConfigWatch);
        closeQuietly("client quota watch", clientQuotaWatch);
        closeQuietly("listener", socketServer);
        closeQuietly("ACL authorizer", aclAuthorizer);
        closeQuietly("producer id manager", producerIds);
        closeQuietly("controller", controller);
        closeQuietly("controller forwarder", forwarder);
        closeQuietly("metadata propagation", propagation);
        closeQuietly("group coordinator", groupCoordinator);
        closeQuietly("transaction coordinator", transactionCoordinator);
        closeQuietly("consumer lag monitor", consumerLag);
        closeQuietly("replica manager", replicaManager);
        if (timer != null) {
            timer.shutdownNow();
        }
        closeQuietly("logs", logManager);
        closeQuietly("ZooKeeper client", coordination);
        closeQuietly("Prometheus endpoint", prometheus);
        closeQuietly("metrics", metrics);
        closeQuietly("log folder locks", logDirLock);
        log.info("Broker {} shut down", brokerId());
        stopped.countDown();
    }

    /**
     * Stops at once, as a killed process would: no leadership handover, no checkpoints, no
     * clean-shutdown marker. Its ZooKeeper connection drops first, without closing the session (the
     * server keeps its registration until the session times out, as after SIGKILL, so nothing of it
     * changes from here on), then its listener and every connection close and the log folder locks
     * are released, as the kernel does for a dead process. The next start recovers the logs. For
     * failure tests.
     */
    public void halt() {
        State previous = state.getAndSet(State.CLOSED);
        if (previous == State.CLOSED || previous == State.LATENT) {
            stopped.countDown();
            return;
        }
        log.warn("Broker {} halting", brokerId());
        if (coordination != null) {
            coordination.abandon();
        }
        closeQuietly("listener", socketServer);
        closeQuietly("ACL authorizer", aclAuthorizer);
        closeQuietly("producer id manager", producerIds);
        closeQuietly("log dir failure handler", logDirFailures);
        closeQuietly("log dir monitor", logDirMonitor);
        closeQuietly("failure detection", liveness);
        closeQuietly("controller election", election);
        closeQuietly("cluster watcher", watcher);
        closeQuietly("broker config watcher", brokerConfigWatcher);
        closeQuietly("controller", controller);
        closeQuietly("controller forwarder", forwarder);
        closeQuietly("metadata propagation", propagation);
        closeQuietly("group coordinator", groupCoordinator);
        closeQuietly("transaction coordinator", transactionCoordinator);
        closeQuietly("consumer lag monitor", consumerLag);
        closeQuietly("replica manager", replicaManager);
        if (timer != null) {
            timer.shutdownNow();
        }
        if (logManager != null) {
            try {
                logManager.halt();
            } catch (IOException e) {
                log.warn("Releasing log files failed", e);
            }
        }
        closeQuietly("Prometheus endpoint", prometheus);
        closeQuietly("metrics", metrics);
        closeQuietly("log folder locks", logDirLock);
        stopped.countDown();
    }

    /** Blocks until {@link #shutdown()} has finished. */
    public void awaitShutdown() {
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(String what, AutoCloseable closeable) {
        if (closeable == null) {
            return;
        }
        long start = System.nanoTime();
        try {
            closeable.close();
        } catch (Exception e) {
            log.warn("Closing the {} failed", what, e);
        }
        long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        if (tookMs >= SLOW_CLOSE_MS) {
            log.info("Closing the {} took {} ms", what, tookMs);
        }
    }
}
