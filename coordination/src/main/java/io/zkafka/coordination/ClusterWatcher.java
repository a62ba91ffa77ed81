package io.zkafka.coordination;

import io.zkafka.common.TopicPartition;
import io.zkafka.coordination.internals.ZnodePaths;
import io.zkafka.coordination.internals.ZnodePayloads;
import io.zkafka.coordination.internals.ZnodeRef;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.apache.curator.framework.recipes.cache.ChildData;
import org.apache.curator.framework.recipes.cache.CuratorCache;
import org.apache.curator.framework.recipes.cache.CuratorCacheListener;
import org.apache.curator.framework.state.ConnectionState;
import org.apache.curator.framework.state.ConnectionStateListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns ZooKeeper changes into typed {@link ClusterChangeListener} calls, through Curator caches
 * (persistent recursive watches) on {@code /brokers}, {@code /config/topics}, {@code /admin} and
 * {@code /isr_change_notification}. Once every cache has loaded, and after each reconnection, a
 * full {@link ClusterSnapshot} is read and delivered; change events are only delivered after the
 * first snapshot.
 *
 * <p>Lifecycle LATENT -> STARTED -> CLOSED, {@code close()} idempotent; listeners are added before
 * {@code start()}. Threads: cache and connection events are handed by Curator to the
 * single-threaded executor {@code zkafka-cluster-watcher}, which alone reads snapshots, decodes
 * payloads, calls listeners and owns {@code initializedCaches} and {@code live}.
 */
public final class ClusterWatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterWatcher.class);
    private static final List<String> WATCHED_ROOTS = List.of("/brokers", ZnodePaths.CONFIG_TOPICS, "/admin",
        ZnodePaths.ISR_CHANGE_NOTIFICATION);

    private final ZooKeeperAccess zk;
    private final ClusterReader reader;
    private final List<ClusterChangeListener> listeners = new CopyOnWriteArrayList<>();
    private final List<CuratorCache> caches;
    private final ExecutorService executor;
    private final AtomicReference<ComponentState> state = new AtomicReference<>(ComponentState.LATENT);
    private final ConnectionStateListener connectionListener = (client, newState) -> onConnectionChange(newState);
    private int initializedCaches;
    private boolean live;

    ClusterWatcher(ZooKeeperAccess zk, ClusterReader reader) {
        this.zk = zk;
        this.reader = reader;
        this.executor = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "zkafka-cluster-watcher");
            thread.setDaemon(true);
            return thread;
        });
        this.caches = WATCHED_ROOTS.stream().map(root -> CuratorCache.build(zk.curator(), root)).toList();
    }

    public void addListener(ClusterChangeListener listener) {
        if (state.get() != ComponentState.LATENT) {
            throw new IllegalStateException("add listeners before start(), watcher is " + state.get());
        }
        listeners.add(listener);
    }

    public void start() {
        if (!state.compareAndSet(ComponentState.LATENT, ComponentState.STARTED)) {
            throw new IllegalStateException("cluster watcher already " + state.get());
        }
        for (CuratorCache cache : caches) {
            cache.listenable().addListener(CuratorCacheListener.builder()
                .forCreates(data -> onEvent(CuratorCacheListener.Type.NODE_CREATED, data))
                .forChanges((oldData, data) -> onEvent(CuratorCacheListener.Type.NODE_CHANGED, data))
                .forDeletes(data -> onEvent(CuratorCacheListener.Type.NODE_DELETED, data))
                .forInitialized(this::onCacheInitialized)
                .build(), executor);
        }
        zk.curator().getConnectionStateListenable().addListener(connectionListener, executor);
        caches.forEach(CuratorCache::start);
    }

    public ComponentState state() {
        return state.get();
    }

    @Override
    public void close() {
        if (state.getAndSet(ComponentState.CLOSED) != ComponentState.STARTED) {
            return;
        }
        zk.curator().getConnectionStateListenable().removeListener(connectionListener);
        caches.forEach(CuratorCache::close);
        executor.shutdown();
        try {
            executor.awaitTermination(zk.config().connectionTimeoutMs(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void onCacheInitialized() {
        initializedCaches++;
        if (initializedCaches == caches.size()) {
            deliverSnapshot();
        }
    }

    private void onConnectionChange(ConnectionState newState) {
        if (newState == ConnectionState.RECONNECTED && initializedCaches == caches.size()) {
            deliverSnapshot();
        }
    }

    private void deliverSnapshot() {
        if (state.get() != ComponentState.STARTED) {
            return;
        }
        ClusterSnapshot snapshot;
        try {
            snapshot = reader.snapshot();
        } catch (CoordinationException e) {
            // The next RECONNECTED delivers it; until then keep passing on change events.
            LOG.warn("could not read a cluster snapshot", e);
            return;
        }
        live = true;
        notifyAll(listener -> listener.onSnapshot(snapshot));
    }

    private void onEvent(CuratorCacheListener.Type type, ChildData data) {
        if (!live || state.get() != ComponentState.STARTED) {
            return;
        }
        String path = data.getPath();
        ZnodeRef ref = ZnodeRef.of(path);
        byte[] bytes = data.getData();
        int version = data.getStat() == null ? 0 : data.getStat().getVersion();
        boolean deleted = type == CuratorCacheListener.Type.NODE_DELETED;
        try {
            switch (ref.kind()) {
                case BROKER -> {
                    if (deleted) {
                        notifyAll(l -> l.onBrokerDeregistered(ref.brokerId()));
                    } else {
                        BrokerInfo broker = ZnodePayloads.decodeBroker(path, ref.brokerId(), bytes)
                            .withEpoch(data.getStat() == null ? BrokerInfo.UNKNOWN_EPOCH : data.getStat().getCzxid());
                        notifyAll(l -> l.onBrokerRegistered(broker));
                    }
                }
                case TOPIC -> {
                    if (deleted) {
                        notifyAll(l -> l.onTopicDeleted(ref.topic()));
                    } else {
                        TopicAssignment assignment = new TopicAssignment(ref.topic(),
                            ZnodePayloads.decodeTopicAssignment(path, bytes), version);
                        boolean created = type == CuratorCacheListener.Type.NODE_CREATED;
                        notifyAll(l -> {
                            if (created) {
                                l.onTopicCreated(assignment);
                            } else {
                                l.onTopicAssignmentChanged(assignment);
                            }
                        });
                    }
                }
                case PARTITION_STATE -> {
                    if (!deleted) {
                        PartitionState partitionState = new PartitionState(
                            new TopicPartition(ref.topic(), ref.partition()),
                            ZnodePayloads.decodePartitionState(path, bytes), version);
                        notifyAll(l -> l.onPartitionStateChanged(partitionState));
                    }
                }
                case TOPIC_CONFIG -> {
                    TopicConfig config = deleted ? new TopicConfig(ref.topic(), Map.of(), TopicConfig.NO_NODE)
                        : new TopicConfig(ref.topic(), ZnodePayloads.decodeTopicConfig(path, bytes), version);
                    notifyAll(l -> l.onTopicConfigChanged(config));
                }
                case DELETE_TOPIC -> {
                    if (!deleted) {
                        notifyAll(l -> l.onTopicDeletionRequested(ref.topic()));
                    }
                }
                case REASSIGNMENT -> {
                    if (!deleted) {
                        PendingReassignment reassignment = new PendingReassignment(
                            ZnodePayloads.decodeReassignment(path, bytes),
                            ZnodePayloads.decodeReassignmentOriginals(path, bytes), version);
                        notifyAll(l -> l.onReassignmentRequested(reassignment));
                    }
                }
                case ISR_CHANGE -> {
                    if (!deleted) {
                        IsrChangeNotification notification = new IsrChangeNotification(ref.name(),
                            ZnodePayloads.decodeIsrChange(path, bytes));
                        notifyAll(l -> l.onIsrChangeNotification(notification));
                    }
                }
                default -> {
                    // intermediate znodes (/brokers/topics/t/partitions/0, ...) carry nothing
                }
            }
        } catch (MalformedZnodeException e) {
            LOG.error("ignoring a malformed znode", e);
        }
    }

    private void notifyAll(Consumer<ClusterChangeListener> call) {
        for (ClusterChangeListener listener : listeners) {
            try {
                call.accept(listener);
            } catch (RuntimeException e) {
                LOG.error("cluster change listener {} failed", listener, e);
            }
        }
    }
}
