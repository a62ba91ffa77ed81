package io.zkafka.coordination;

import io.zkafka.coordination.internals.ZnodePaths;
import io.zkafka.coordination.internals.ZnodePayloads;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.apache.curator.framework.state.ConnectionState;
import org.apache.curator.framework.state.ConnectionStateListener;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.data.Stat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A live broker's ephemeral {@code /brokers/ids/<id>}, kept registered across session expiry:
 * when the connection comes back on a new session (Curator's LOST then RECONNECTED), the znode the
 * old session owned is gone and is created again with the same {@link BrokerInfo}.
 *
 * <p>When the znode already exists and belongs to another session, it is either a live broker
 * with the same id or the leftover of this broker's previous, hard-killed incarnation whose session
 * has not expired yet. The two look alike, so registration waits (watching the znode) for at most
 * the negotiated session timeout plus {@value #STALE_REGISTRATION_MARGIN_MS} ms (ZooKeeper's
 * default tick, the granularity of session expiry); a znode still there after that belongs to a
 * live broker and start-up fails with a {@link BrokerIdConflictException}.
 *
 * <p>Lifecycle: registered on creation by {@link CoordinationClient#registerBroker}, then
 * {@code close()} (idempotent) deletes the znode if this session owns it. Threads: the first
 * registration runs on the caller; re-registrations run on the single-threaded executor
 * {@code zkafka-broker-registration-<id>}, fed by Curator's connection-state events.
 * {@code registeredSession} is volatile, written by whichever of the two registers.
 */
public final class BrokerRegistration implements AutoCloseable {
    static final long STALE_REGISTRATION_MARGIN_MS = 2000;
    private static final Logger LOG = LoggerFactory.getLogger(BrokerRegistration.class);
    private static final int MAX_ATTEMPTS = 100;

    private final ZooKeeperAccess zk;
    private final BrokerInfo broker;
    private final String path;
    private final Consumer<CoordinationException> onReregistrationFailure;
    private final ExecutorService executor;
    private final AtomicReference<ComponentState> state =
        new AtomicReference<>(ComponentState.LATENT);
    private final ConnectionStateListener connectionListener = (client, newState) -> onConnectionChange(newState);
    private volatile long registeredSession;

    BrokerRegistration(ZooKeeperAccess zk, BrokerInfo broker, Consumer<CoordinationException> onReregistrationFailure) {
        this.zk = zk;
        this.broker = broker;
        this.path = ZnodePaths.broker(broker.id());
        this.onReregistrationFailure = onReregistrationFailure;
        this.executor = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "zkafka-broker-registration-" + broker.id());
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Registers now (blocking), then keeps the registration alive across sessions. */
    void start() {
        if (!state.compareAndSet(ComponentState.LATENT, ComponentState.STARTED)) {
            throw new IllegalStateException("broker registration already " + state.get());
        }
        try {
            register();
        } catch (RuntimeException e) {
            state.set(ComponentState.CLOSED);
            executor.shutdown();
            throw e;
        }
        zk.curator().getConnectionStateListenable().addListener(connectionListener, executor);
    }

    public BrokerInfo broker() {
        return broker;
    }

    /** True while the znode was created by the current session (false from the moment a session is lost). */
    public boolean isRegistered() {
        long session = registeredSession;
        return session != 0 && session == zk.sessionId() && zk.isConnected();
    }

    private void onConnectionChange(ConnectionState newState) {
        if (state.get() != ComponentState.STARTED) {
            return;
        }
        if ((newState == ConnectionState.RECONNECTED || newState == ConnectionState.CONNECTED)
                && zk.sessionId() != registeredSession) {
            LOG.info("broker {} re-registers after a new ZooKeeper session", broker.id());
            try {
                register();
            } catch (CoordinationException e) {
                LOG.error("broker {} could not re-register", broker.id(), e);
                onReregistrationFailure.accept(e);
            }
        }
    }

    private void register() {
        byte[] payload = ZnodePayloads.broker(broker);
        long waitMs = zk.negotiatedSessionTimeoutMs() + STALE_REGISTRATION_MARGIN_MS;
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(waitMs);
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            Long owner = zk.call("register broker " + broker.id(), () -> tryRegister(payload, deadline));
            if (owner == null) {
                LOG.info("broker {} registered at {} (session 0x{})", broker.id(), path,
                    Long.toHexString(registeredSession));
                return;
            }
            if (System.nanoTime() - deadline >= 0) {
                throw conflict(owner, waitMs);
            }
        }
        throw conflict(-1L, waitMs);
    }

    /** One attempt: null when registered, else the other owner's session id after waiting for a change. */
    private Long tryRegister(byte[] payload, long deadline) throws Exception {
        long session = zk.sessionId();
        try {
            zk.curator().create().withMode(CreateMode.EPHEMERAL).forPath(path, payload);
            registeredSession = session;
            return null;
        } catch (KeeperException.NodeExistsException e) {
            CountDownLatch changed = new CountDownLatch(1);
            Stat stat = zk.curator().checkExists().usingWatcher(
                (Watcher) event -> changed.countDown()).forPath(path);
            if (stat == null) {
                return 0L;
            }
            if (stat.getEphemeralOwner() == session) {
                // A create that Curator retried after a connection loss: the znode is already ours.
                zk.curator().setData().forPath(path, payload);
                registeredSession = session;
                return null;
            }
            LOG.warn("broker id {} is held by session 0x{}; waiting for it to expire or go away", broker.id(),
                Long.toHexString(stat.getEphemeralOwner()));
            long remainingNs = deadline - System.nanoTime();
            if (remainingNs > 0) {
                changed.await(remainingNs, TimeUnit.NANOSECONDS);
            }
            return stat.getEphemeralOwner();
        }
    }

    private BrokerIdConflictException conflict(long owner, long waitedMs) {
        return new BrokerIdConflictException("broker id " + broker.id() + " is already registered at " + path
            + " by another live broker (ZooKeeper session 0x" + Long.toHexString(owner) + "), still there after "
            + waitedMs + " ms; give this broker a different broker.id");
    }

    /** Stops re-registering and deletes the znode if this session owns it. */
    @Override
    public void close() {
        if (state.getAndSet(ComponentState.CLOSED) != ComponentState.STARTED) {
            return;
        }
        zk.curator().getConnectionStateListenable().removeListener(connectionListener);
        executor.shutdown();
        try {
            executor.awaitTermination(zk.config().connectionTimeoutMs(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        registeredSession = 0;
        if (!zk.isConnected()) {
            return;
        }
        try {
            zk.call("deregister broker " + broker.id(), () -> {
                Stat stat = zk.curator().checkExists().forPath(path);
                if (stat != null && stat.getEphemeralOwner() == zk.sessionId()) {
                    zk.curator().delete().withVersion(stat.getVersion()).forPath(path);
                }
                return null;
            });
        } catch (CoordinationException e) {
            LOG.debug("broker {} could not delete its registration; session expiry will", broker.id(), e);
        }
    }
}
