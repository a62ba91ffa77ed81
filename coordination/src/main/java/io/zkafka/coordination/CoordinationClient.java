package io.zkafka.coordination;

import io.zkafka.common.Uuid;
import io.zkafka.coordination.internals.ZnodePaths;
import io.zkafka.coordination.internals.ZnodePayloads;
import java.util.concurrent.atomic.AtomicReference;
import java.util.OptionalLong;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import org.apache.zookeeper.KeeperException;

/**
 * A broker's (or tool's) connection to the cluster's ZooKeeper, and the entry point to everything
 * in this module: the cluster id, broker registration, controller election, typed reads, the
 * controller's fenced writes, the leader's ISR writes, admin requests, change notifications and
 * producer id blocks.
 * Owns the one Curator client; every component it hands out shares it and must be closed before it.
 *
 * <p>Lifecycle LATENT -> STARTED -> CLOSED: {@link #start()} connects (failing with a
 * {@link CoordinationUnavailableException} after {@code zookeeper.connection.timeout.ms}) and
 * creates the chroot and the layout's parent znodes; {@link #close()} is idempotent. Thread-safe.
 */
public final class CoordinationClient implements AutoCloseable {
    private static final int MAX_REMOVAL_ATTEMPTS = 10;

    private final ZooKeeperAccess zk;
    private final PipelinedCalls pipelined;
    private final ClusterReader reader;
    private final ControllerWriter controllerWriter;
    private final IsrWriter isrWriter;
    private final AdminWriter adminWriter;
    private final ProducerIdBlocks producerIdBlocks;
    private final AtomicReference<ComponentState> state = new AtomicReference<>(ComponentState.LATENT);

    public CoordinationClient(CoordinationConfig config) {
        this.zk = new ZooKeeperAccess(config);
        this.pipelined = new PipelinedCalls(zk);
        this.reader = new ClusterReader(zk, pipelined);
        this.controllerWriter = new ControllerWriter(zk, reader, pipelined, TransactionChunks.DEFAULT_MAX_BYTES);
        this.isrWriter = new IsrWriter(zk);
        this.adminWriter = new AdminWriter(zk);
        this.producerIdBlocks = new ProducerIdBlocks(zk);
    }

    public void start() {
        if (!state.compareAndSet(ComponentState.LATENT, ComponentState.STARTED)) {
            throw new IllegalStateException("coordination client already " + state.get());
        }
        try {
            zk.start();
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    public ComponentState state() {
        return state.get();
    }

    public CoordinationConfig config() {
        return zk.config();
    }

    /** True while connected to a ZooKeeper server (false while SUSPENDED or LOST). */
    public boolean isConnected() {
        return state.get() == ComponentState.STARTED && zk.isConnected();
    }

    /** The cluster id from {@code /cluster/id}, created (a random 22-character id) by the first caller ever. */
    public String clusterId() {
        String candidate = newClusterId();
        return zk.call("get or create the cluster id", () -> {
            try {
                zk.curator().create().forPath(ZnodePaths.CLUSTER_ID, ZnodePayloads.clusterId(candidate));
                return candidate;
            } catch (KeeperException.NodeExistsException e) {
                return ZnodePayloads.decodeClusterId(ZnodePaths.CLUSTER_ID,
                    zk.curator().getData().forPath(ZnodePaths.CLUSTER_ID));
            }
        });
    }

    /**
     * Registers a live broker (blocking) and keeps it registered across session expiry; re-registration
     * failures are logged.
     *
     * @throws BrokerIdConflictException if another live broker holds the id
     */
    public BrokerRegistration registerBroker(BrokerInfo broker) {
        return registerBroker(broker, e -> { });
    }

    /** As {@link #registerBroker(BrokerInfo)}, telling {@code onReregistrationFailure} when a re-registration fails. */
    public BrokerRegistration registerBroker(BrokerInfo broker, Consumer<CoordinationException> onReregistrationFailure) {
        return registerBroker(broker, OptionalLong.empty(), epoch -> { }, onReregistrationFailure);
    }

    /**
     * Registers a live broker (blocking) and keeps it registered, as {@link #registerBroker(BrokerInfo)}.
     *
     * @param deadPredecessorEpoch the broker epoch of this id's previous incarnation when the caller
     *     has proof that it is dead (it now holds the log folder lock that incarnation held and
     *     recorded this epoch in); a registration of exactly that epoch is replaced at once instead
     *     of waiting for its session to expire
     * @param onRegistered told the broker epoch of each registration (the first on the caller's
     *     thread, later ones on the registration thread)
     * @throws BrokerIdConflictException if another live broker holds the id
     */
    public BrokerRegistration registerBroker(BrokerInfo broker, OptionalLong deadPredecessorEpoch,
                                             LongConsumer onRegistered,
                                             Consumer<CoordinationException> onReregistrationFailure) {
        BrokerRegistration registration = new BrokerRegistration(zk, broker, deadPredecessorEpoch, onRegistered,
            onReregistrationFailure);
        registration.start();
        return registration;
    }

    /**
     * Acts as if the session of one broker incarnation had expired, for a caller that knows the
     * incarnation is dead: deletes its registration {@code /brokers/ids/<brokerId>}, if that is still
     * the one with {@code brokerEpoch}, together with the controller latch node its session owns, in
     * one transaction guarded against any registration since they were read. Watchers and the latch
     * then do what they do after an expiry. Idempotent; safe to call from several brokers at once.
     */
    public DeadBrokerRemoval removeDeadIncarnation(int brokerId, long brokerEpoch) {
        String path = ZnodePaths.broker(brokerId);
        String what = "remove the dead incarnation " + brokerEpoch + " of broker " + brokerId;
        for (int attempt = 0; attempt < MAX_REMOVAL_ATTEMPTS; attempt++) {
            Incarnations.Observed seen = zk.call(what, () -> Incarnations.observe(zk, path));
            if (!seen.isRegistered()) {
                return DeadBrokerRemoval.GONE;
            }
            if (seen.epoch() != brokerEpoch) {
                return DeadBrokerRemoval.SUPERSEDED;
            }
            ZooKeeperAccess.TransactionOutcome outcome = zk.transaction(what,
                zk.call(what, () -> Incarnations.removal(zk, seen, path)));
            if (outcome.committed()) {
                return DeadBrokerRemoval.REMOVED;
            }
            if (!Incarnations.lostRace(outcome)) {
                throw new CoordinationException("cannot " + what + ": operation " + outcome.failedIndex()
                    + " failed with " + outcome.failure());
            }
            // a registration, an expiry or another remover came in between: look again
        }
        throw new CoordinationException("cannot " + what + ": the registrations kept changing");
    }

    /** A controller election for this broker, not yet started. */
    public ControllerElection newControllerElection(int brokerId, ControllerListener listener) {
        return new ControllerElection(zk, brokerId, listener);
    }

    /** A change watcher, not yet started: add listeners, then start it. */
    public ClusterWatcher newClusterWatcher() {
        return new ClusterWatcher(zk, reader, pipelined);
    }

    /**
     * A watcher of broker {@code brokerId}'s dynamic configs, not yet started; {@code listener} hears
     * the cluster-wide defaults and the broker's own after each change.
     */
    public BrokerConfigWatcher newBrokerConfigWatcher(int brokerId,
                                                      BiConsumer<BrokerConfigOverrides, BrokerConfigOverrides> listener) {
        return new BrokerConfigWatcher(zk, reader, brokerId, listener);
    }

    /** Users' configs (their SCRAM credentials) in /config/users, with Kafka's change notifications. */
    public UserConfigs userConfigs() {
        return new UserConfigs(zk);
    }

    /**
     * Client quotas (user, client id, user and client id, and their defaults) in /config/users and
     * /config/clients, with Kafka's change notifications.
     */
    public ClientQuotaConfigs clientQuotaConfigs() {
        return new ClientQuotaConfigs(zk);
    }

    public ClusterReader reader() {
        return reader;
    }

    public ControllerWriter controllerWriter() {
        return controllerWriter;
    }

    public LogDirEventWriter logDirEventWriter() {
        return new LogDirEventWriter(zk);
    }

    public IsrWriter isrWriter() {
        return isrWriter;
    }

    public AdminWriter adminWriter() {
        return adminWriter;
    }

    /** The ACLs in Kafka's ZooKeeper layout, with their change notices. */
    public AclStore aclStore() {
        return new AclStore(zk);
    }

    /** Blocks of producer ids for this broker's idempotent and transactional producers. */
    public ProducerIdBlocks producerIdBlocks() {
        return producerIdBlocks;
    }

    /**
     * Fault injection: makes the server expire this client's session now, as if it had been silent
     * past the session timeout. Ephemeral znodes go, leadership is lost, and the client then
     * reconnects with a new session. For failure tests of the components built on this client.
     */
    public void injectSessionExpiration() {
        try {
            zk.curator().getZookeeperClient().getZooKeeper().getTestable().injectSessionExpiration();
        } catch (Exception e) {
            throw new CoordinationException("Cannot inject a session expiration: " + e.getMessage(), e);
        }
    }

    /** For tests in this package: the Curator access, e.g. to inject a session expiry. */
    ZooKeeperAccess access() {
        return zk;
    }

    @Override
    public void close() {
        if (state.getAndSet(ComponentState.CLOSED) == ComponentState.CLOSED) {
            return;
        }
        zk.close();
    }

    /**
     * Stops as a killed process does: the connection to ZooKeeper drops without closing the
     * session, so the server keeps this session's ephemeral znodes until the session times out (or
     * a peer removes them). For a broker's crash model in failure tests; afterwards the client is
     * closed.
     */
    public void abandon() {
        if (state.getAndSet(ComponentState.CLOSED) == ComponentState.CLOSED) {
            return;
        }
        zk.abandon();
    }

    /** Kafka's shape of cluster id: a random id as URL-safe base64 without padding. */
    private static String newClusterId() {
        return Uuid.random().toString();
    }
}
