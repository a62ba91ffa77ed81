package io.zkafka.coordination;

import io.zkafka.coordination.internals.ZnodePaths;
import io.zkafka.coordination.internals.ZnodePayloads;
import java.util.OptionalLong;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import org.apache.curator.framework.api.CuratorWatcher;
import org.apache.curator.framework.state.ConnectionState;
import org.apache.curator.framework.state.ConnectionStateListener;
import org.apache.zookeeper.WatchedEvent;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.data.Stat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A live broker's ephemeral {@code /brokers/ids/<id>}, kept registered: when the connection comes
 * back on a new session (Curator's LOST then RECONNECTED), the znode the old session owned is gone
 * and is created again with the same {@link BrokerInfo}; when a peer deletes it while this session
 * lives (the fast failure detection judged this broker dead, see {@link CoordinationClient#removeDeadIncarnation}),
 * it is created again too. Each registration is a new incarnation with a larger broker epoch (the
 * znode's creation zxid), handed to {@code onRegistered}. Creates and replacements are guarded
 * transactions ({@link Incarnations}).
 *
 * <p>When the znode already exists and belongs to another session, it is either a live broker with
 * the same id or the leftover of this broker's previous, hard-killed incarnation whose session has
 * not expired yet. If the caller proves the predecessor dead by naming its epoch (the broker holds
 * the lock of the log folders that incarnation recorded its epoch in) and the znode is exactly that
 * incarnation, it is replaced at once. Otherwise registration waits (watching the znode) for at most
 * the negotiated session timeout plus {@value #STALE_REGISTRATION_MARGIN_MS} ms (ZooKeeper's default
 * tick, the granularity of session expiry); a znode still there after that belongs to a live broker
 * and start-up fails with a {@link BrokerIdConflictException}.
 *
 * <p>Lifecycle: registered on creation by {@link CoordinationClient#registerBroker}, then
 * {@code close()} (idempotent) deletes the znode if this session owns it. Threads: the first
 * registration runs on the caller; re-registrations run on the single-threaded executor
 * {@code zkafka-broker-registration-<id>}, fed by Curator's connection-state events and the watch on
 * the znode. {@code registeredSession} and {@code registeredEpoch} are volatile, written by whichever
 * of the two registers.
 */
public final class BrokerRegistration implements AutoCloseable {
    static final long STALE_REGISTRATION_MARGIN_MS = 2000;
    private static final Logger LOG = LoggerFactory.getLogger(BrokerRegistration.class);
    private static final int MAX_ATTEMPTS = 100;
    private static final Long CHANGED = 0L;

    private final ZooKeeperAccess zk;
    private final BrokerInfo broker;
    private final String path;
    private final OptionalLong deadPredecessorEpoch;
    private final LongConsumer onRegistered;
    private final Consumer<CoordinationException> onReregistrationFailure;
    private final ExecutorService executor;
    private final AtomicReference<ComponentState> state =
        new AtomicReference<>(ComponentState.LATENT);
    private final ConnectionStateListener connectionListener = (client, newState) -> onConnectionChange(newState);
    private volatile long registeredSession;
    private volatile long registeredEpoch = BrokerInfo.UNKNOWN_EPOCH;

    BrokerRegistration(ZooKeeperAccess zk, BrokerInfo broker, OptionalLong deadPredecessorEpoch,
                       LongConsumer onRegistered, Consumer<CoordinationException> onReregistrationFailure) {
        this.zk = zk;
        this.broker = broker;
        this.path = ZnodePaths.broker(broker.id());
        this.deadPredecessorEpoch = deadPredecessorEpoch;
        this.onRegistered = onRegistered;
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

    /** The broker epoch of the current registration (its znode's creation zxid); -1 before the first. */
    public long brokerEpoch() {
        return registeredEpoch;
    }

    private void onConnectionChange(ConnectionState newState) {
        if (state.get() != ComponentState.STARTED) {
            return;
        }
        if ((newState == ConnectionState.RECONNECTED || newState == ConnectionState.CONNECTED)
                && zk.sessionId() != registeredSession) {
            LOG.info("broker {} re-registers after a new ZooKeeper session", broker.id());
            reregister();
        }
    }

    private void onRegistrationEvent(WatchedEvent event, long watchedEpoch) {
        if (state.get() != ComponentState.STARTED || watchedEpoch != registeredEpoch) {
            return;
        }
        if (event.getType() == Watcher.Event.EventType.NodeDeleted) {
            if (registeredSession == zk.sessionId() && zk.isConnected()) {
                LOG.warn("broker {}: the registration with epoch {} was deleted while this broker's session lives (a peer"
                    + " judged it dead); registering again", broker.id(), watchedEpoch);
                reregister();
            }
            // else the session is gone: the connection listener re-registers on the new one
        } else if (event.getType() != Watcher.Event.EventType.None) {
            try {
                zk.call("watch " + path, () -> watch(watchedEpoch));
            } catch (CoordinationException e) {
                LOG.debug("broker {} could not watch its registration again", broker.id(), e);
            }
        }
    }

    private void reregister() {
        try {
            register();
        } catch (CoordinationException e) {
            LOG.error("broker {} could not re-register", broker.id(), e);
            onReregistrationFailure.accept(e);
        }
    }

    private void register() {
        byte[] payload = ZnodePayloads.broker(broker);
        long waitMs = zk.negotiatedSessionTimeoutMs() + STALE_REGISTRATION_MARGIN_MS;
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(waitMs);
        long owner = -1;
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            Long other = zk.call("register broker " + broker.id(), () -> tryRegister(payload, deadline));
            if (other == null) {
                LOG.info("broker {} registered at {} with broker epoch {} (session 0x{})", broker.id(), path,
                    registeredEpoch, Long.toHexString(registeredSession));
                onRegistered.accept(registeredEpoch);
                return;
            }
            if (!other.equals(CHANGED)) {
                owner = other;
            }
            if (System.nanoTime() - deadline >= 0) {
                throw conflict(owner, waitMs);
            }
        }
        throw conflict(owner, waitMs);
    }

    /**
     * One attempt: null when registered, {@link #CHANGED} when the znodes changed under it (try
     * again at once), else the other owner's session id after waiting for a change.
     */
    private Long tryRegister(byte[] payload, long deadline) throws Exception {
        long session = zk.sessionId();
        Incarnations.Observed seen = Incarnations.observe(zk, path);
        if (seen.isRegistered() && seen.owner() == session) {
            // A registration that Curator retried after a connection loss: the znode is already ours.
            zk.curator().setData().forPath(path, payload);
            return registered(session, seen.epoch());
        }
        if (seen.isRegistered() && !isDeadPredecessor(seen)) {
            return awaitChange(seen, deadline);
        }
        if (seen.isRegistered()) {
            LOG.info("broker id {} is held by broker epoch {} (session 0x{}), the incarnation that last held this"
                    + " broker's log folder lock: it is dead, replacing its registration", broker.id(), seen.epoch(),
                Long.toHexString(seen.owner()));
        }
        ZooKeeperAccess.TransactionOutcome outcome = zk.transaction("register broker " + broker.id(),
            seen.isRegistered() ? Incarnations.replacement(zk, seen, path, payload)
                : Incarnations.registration(zk, seen, path, payload));
        if (!outcome.committed()) {
            if (!Incarnations.lostRace(outcome)) {
                throw new CoordinationException("cannot register broker " + broker.id() + ": operation "
                    + outcome.failedIndex() + " failed with " + outcome.failure());
            }
            return CHANGED;
        }
        Stat created = zk.curator().checkExists().forPath(path);
        if (created == null || created.getEphemeralOwner() != session) {
            return CHANGED; // gone again at once (the session expired): the next attempt says what is there
        }
        return registered(session, created.getCzxid());
    }

    private boolean isDeadPredecessor(Incarnations.Observed seen) {
        return deadPredecessorEpoch.isPresent() && deadPredecessorEpoch.getAsLong() == seen.epoch();
    }

    private Long registered(long session, long epoch) throws Exception {
        registeredSession = session;
        registeredEpoch = epoch;
        watch(epoch);
        return null;
    }

    private Void watch(long epoch) throws Exception {
        zk.curator().checkExists().usingWatcher((CuratorWatcher) event ->
            runLater(() -> onRegistrationEvent(event, epoch))).forPath(path);
        return null;
    }

    private Long awaitChange(Incarnations.Observed seen, long deadline) throws Exception {
        CountDownLatch changed = new CountDownLatch(1);
        Stat stat = zk.curator().checkExists().usingWatcher((Watcher) event -> changed.countDown()).forPath(path);
        if (stat == null || stat.getCzxid() != seen.epoch()) {
            return CHANGED;
        }
        LOG.warn("broker id {} is held by session 0x{}; waiting for it to expire or go away", broker.id(),
            Long.toHexString(stat.getEphemeralOwner()));
        long remainingNs = deadline - System.nanoTime();
        if (remainingNs > 0) {
            changed.await(remainingNs, TimeUnit.NANOSECONDS);
        }
        return stat.getEphemeralOwner();
    }

    private BrokerIdConflictException conflict(long owner, long waitedMs) {
        return new BrokerIdConflictException("broker id " + broker.id() + " is already registered at " + path
            + " by another live broker (ZooKeeper session 0x" + Long.toHexString(owner) + "), still there after "
            + waitedMs + " ms; give this broker a different broker.id");
    }

    /** Runs {@code task} on this component's thread, unless it has been closed meanwhile (a late watch). */
    private void runLater(Runnable task) {
        try {
            executor.execute(task);
        } catch (RejectedExecutionException e) {
            // closed: nothing left to do
        }
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
