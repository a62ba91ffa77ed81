package io.zkafka.coordination;

import io.zkafka.coordination.internals.ZnodePaths;
import io.zkafka.coordination.internals.ZnodePayloads;
import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.apache.zookeeper.KeeperException;

/**
 * A broker's (or tool's) connection to the cluster's ZooKeeper, and the entry point to everything
 * in this module: the cluster id, broker registration, controller election, typed reads, the
 * controller's fenced writes, the leader's ISR writes, admin requests and change notifications.
 * Owns the one Curator client; every component it hands out shares it and must be closed before it.
 *
 * <p>Lifecycle LATENT -> STARTED -> CLOSED: {@link #start()} connects (failing with a
 * {@link CoordinationUnavailableException} after {@code zookeeper.connection.timeout.ms}) and
 * creates the chroot and the layout's parent znodes; {@link #close()} is idempotent. Thread-safe.
 */
public final class CoordinationClient implements AutoCloseable {
    private final ZooKeeperAccess zk;
    private final ClusterReader reader;
    private final ControllerWriter controllerWriter;
    private final IsrWriter isrWriter;
    private final AdminWriter adminWriter;
    private final AtomicReference<ComponentState> state = new AtomicReference<>(ComponentState.LATENT);

    public CoordinationClient(CoordinationConfig config) {
        this.zk = new ZooKeeperAccess(config);
        PipelinedCalls pipelined = new PipelinedCalls(zk);
        this.reader = new ClusterReader(zk, pipelined);
        this.controllerWriter = new ControllerWriter(zk, reader, pipelined, TransactionChunks.DEFAULT_MAX_BYTES);
        this.isrWriter = new IsrWriter(zk);
        this.adminWriter = new AdminWriter(zk);
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
        BrokerRegistration registration = new BrokerRegistration(zk, broker, onReregistrationFailure);
        registration.start();
        return registration;
    }

    /** A controller election for this broker, not yet started. */
    public ControllerElection newControllerElection(int brokerId, ControllerListener listener) {
        return new ControllerElection(zk, brokerId, listener);
    }

    /** A change watcher, not yet started: add listeners, then start it. */
    public ClusterWatcher newClusterWatcher() {
        return new ClusterWatcher(zk, reader);
    }

    public ClusterReader reader() {
        return reader;
    }

    public ControllerWriter controllerWriter() {
        return controllerWriter;
    }

    public IsrWriter isrWriter() {
        return isrWriter;
    }

    public AdminWriter adminWriter() {
        return adminWriter;
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

    /** Kafka's shape of cluster id: a random UUID as URL-safe base64 without padding. */
    private static String newClusterId() {
        UUID uuid = UUID.randomUUID();
        ByteBuffer bytes = ByteBuffer.allocate(16).putLong(uuid.getMostSignificantBits())
            .putLong(uuid.getLeastSignificantBits());
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes.array());
    }
}
