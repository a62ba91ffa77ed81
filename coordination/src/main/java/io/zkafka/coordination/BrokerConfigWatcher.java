package io.zkafka.coordination;

import io.zkafka.coordination.internals.ZnodePaths;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;
import org.apache.curator.framework.state.ConnectionState;
import org.apache.curator.framework.state.ConnectionStateListener;
import org.apache.zookeeper.AddWatchMode;
import org.apache.zookeeper.Watcher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows one broker's dynamic configs: the cluster-wide {@code /config/brokers/<default>} and its own
 * {@code /config/brokers/<id>}. A persistent recursive watch on {@code /config/brokers} turns any change
 * there into one re-read of both znodes (changes that come while a read is pending share it), and the
 * listener hears both, in order, on this watcher's thread; after a reconnection (a new session has no
 * watches) it watches again and re-reads. A handful of small znodes: reading both on every change is
 * simpler than telling changes apart and costs nothing.
 */
public final class BrokerConfigWatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BrokerConfigWatcher.class);

    private final ZooKeeperAccess zk;
    private final ClusterReader reader;
    private final String ownEntity;
    private final BiConsumer<BrokerConfigOverrides, BrokerConfigOverrides> listener;
    private final ExecutorService executor;
    private final AtomicBoolean readPending = new AtomicBoolean();
    private final AtomicReference<ComponentState> state = new AtomicReference<>(ComponentState.LATENT);
    private final Watcher changeWatcher = event -> {
        if (event.getType() != Watcher.Event.EventType.None) {
            scheduleRead();
        }
    };
    private final ConnectionStateListener connectionListener = (client, newState) -> {
        if (newState == ConnectionState.RECONNECTED) {
            watchAndRead();
        }
    };

    /** {@code listener} gets the cluster-wide defaults and this broker's own configs after each change. */
    BrokerConfigWatcher(ZooKeeperAccess zk, ClusterReader reader, int brokerId,
                        BiConsumer<BrokerConfigOverrides, BrokerConfigOverrides> listener) {
        this.zk = zk;
        this.reader = reader;
        this.ownEntity = String.valueOf(brokerId);
        this.listener = listener;
        this.executor = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "zkafka-broker-config-watcher");
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Reads both znodes once on the caller's thread and tells the listener, then watches for changes.
     *
     * @throws CoordinationException if ZooKeeper cannot be read now
     */
    public void start() {
        if (!state.compareAndSet(ComponentState.LATENT, ComponentState.STARTED)) {
            throw new IllegalStateException("broker config watcher already " + state.get());
        }
        read();
        zk.curator().getConnectionStateListenable().addListener(connectionListener, executor);
        watchAndRead();
    }

    private void watchAndRead() {
        try {
            zk.curator().watchers().add().withMode(AddWatchMode.PERSISTENT_RECURSIVE)
                .inBackground((client, event) -> scheduleRead()).usingWatcher(changeWatcher)
                .forPath(ZnodePaths.CONFIG_BROKERS);
        } catch (Exception e) {
            LOG.warn("could not watch {}; the next reconnection tries again", ZnodePaths.CONFIG_BROKERS, e);
        }
    }

    private void scheduleRead() {
        if (state.get() == ComponentState.STARTED && readPending.compareAndSet(false, true)) {
            executor.execute(() -> {
                readPending.set(false);
                try {
                    read();
                } catch (CoordinationException e) {
                    LOG.warn("could not read the dynamic broker configs; the next change or reconnection reads them", e);
                }
            });
        }
    }

    private void read() {
        BrokerConfigOverrides defaults = reader.brokerConfig(ZnodePaths.DEFAULT_BROKER_ENTITY);
        BrokerConfigOverrides own = reader.brokerConfig(ownEntity);
        if (state.get() != ComponentState.CLOSED) {
            listener.accept(defaults, own);
        }
    }

    @Override
    public void close() {
        if (state.getAndSet(ComponentState.CLOSED) != ComponentState.STARTED) {
            return;
        }
        zk.curator().getConnectionStateListenable().removeListener(connectionListener);
        try {
            zk.curator().watchers().remove(changeWatcher).ofType(Watcher.WatcherType.Any).inBackground()
                .forPath(ZnodePaths.CONFIG_BROKERS);
        } catch (Exception e) {
            LOG.debug("could not remove the watch on {}", ZnodePaths.CONFIG_BROKERS, e);
        }
        zk.curator().clearWatcherReferences(changeWatcher);
        executor.shutdown();
        try {
            executor.awaitTermination(zk.config().connectionTimeoutMs(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
