package io.zkafka.coordination;

import io.zkafka.common.TopicPartition;
import io.zkafka.coordination.internals.ZnodePaths;
import io.zkafka.coordination.internals.ZnodePayloads;
import io.zkafka.coordination.internals.ZnodeRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
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
 * <p>Cache events are queued as they come and handed on in batches: whatever arrived while the
 * listeners were busy goes out in one pass, consecutive partition state changes in one
 * {@link ClusterChangeListener#onPartitionStatesChanged} call (znodes no listener hears of do not
 * cut a run). The busier the listeners, the larger the batches: a broker applying a topic of
 * thousands of partitions copies its metadata image and creates logs per batch, not per partition.
 *
 * <p>Lifecycle LATENT -> STARTED -> CLOSED, {@code close()} idempotent; listeners are added before
 * {@code start()}. Threads: Curator's cache thread only appends to the concurrent {@code pending}
 * queue; the single-threaded executor {@code zkafka-cluster-watcher} drains it and alone reads
 * snapshots, decodes payloads, calls listeners and owns {@code initializedCaches} and {@code live}.
 * Connection state changes are handed to the same executor.
 */
public final class ClusterWatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterWatcher.class);
    private static final List<String> WATCHED_ROOTS = List.of("/brokers", ZnodePaths.CONFIG_TOPICS, "/admin",
        ZnodePaths.ISR_CHANGE_NOTIFICATION, ZnodePaths.LOG_DIR_EVENT_NOTIFICATION);

    private final ZooKeeperAccess zk;
    private final ClusterReader reader;
    private final List<ClusterChangeListener> listeners = new CopyOnWriteArrayList<>();
    private final List<CuratorCache> caches;
    private final ExecutorService executor;
    private final AtomicReference<ComponentState> state = new AtomicReference<>(ComponentState.LATENT);
    private final ConnectionStateListener connectionListener = (client, newState) -> onConnectionChange(newState);
    private final Queue<CacheEvent> pending = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    private int initializedCaches;
    private volatile long startedNanos;
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
                .forCreates(data -> enqueue(new CacheEvent(CuratorCacheListener.Type.NODE_CREATED, data)))
                .forChanges((oldData, data) -> enqueue(new CacheEvent(CuratorCacheListener.Type.NODE_CHANGED, data)))
                .forDeletes(data -> enqueue(new CacheEvent(CuratorCacheListener.Type.NODE_DELETED, data)))
                .forInitialized(() -> enqueue(CacheEvent.INITIALIZED))
                .build(), Runnable::run);
        }
        zk.curator().getConnectionStateListenable().addListener(connectionListener, executor);
        startedNanos = System.nanoTime();
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

    /** A cache event, or (null type) a cache's end of initial load. */
    private record CacheEvent(CuratorCacheListener.Type type, ChildData data) {
        static final CacheEvent INITIALIZED = new CacheEvent(null, null);
    }

    /** On Curator's thread: queue the event, and have the watcher thread drain the queue unless it is about to. */
    private void enqueue(CacheEvent event) {
        pending.add(event);
        if (drainScheduled.compareAndSet(false, true)) {
            try {
                executor.execute(this::drain);
            } catch (RuntimeException rejected) {
                drainScheduled.set(false); // closed
            }
        }
    }

    /** On the watcher thread: hands on everything queued, partition state changes in runs. */
    private void drain() {
        drainScheduled.set(false);
        List<PartitionState> states = new ArrayList<>();
        for (CacheEvent event = pending.poll(); event != null; event = pending.poll()) {
            if (event.type() != null && ignored(event)) {
                continue; // e.g. a partition's folder: it must not cut a run of states in two
            }
            PartitionState state = event.type() == null ? null : partitionStateOf(event);
            if (state != null) {
                states.add(state);
                continue;
            }
            flushStates(states);
            if (event.type() == null) {
                onCacheInitialized();
            } else {
                onEvent(event.type(), event.data());
            }
        }
        flushStates(states);
    }

    private void flushStates(List<PartitionState> states) {
        if (!states.isEmpty()) {
            List<PartitionState> batch = List.copyOf(states);
            states.clear();
            notifyAll(l -> l.onPartitionStatesChanged(batch));
        }
    }

    /** An event no listener hears of: a znode of no kind the watcher reports, or a deleted state (it goes with its topic). */
    private static boolean ignored(CacheEvent event) {
        ZnodeRef.Kind kind = ZnodeRef.of(event.data().getPath()).kind();
        return kind == ZnodeRef.Kind.OTHER
            || kind == ZnodeRef.Kind.PARTITION_STATE && event.type() == CuratorCacheListener.Type.NODE_DELETED;
    }

    /** The partition state a created or changed state znode holds, or null for any other event (or before the first snapshot). */
    private PartitionState partitionStateOf(CacheEvent event) {
        if (!live || state.get() != ComponentState.STARTED || event.type() == CuratorCacheListener.Type.NODE_DELETED) {
            return null;
        }
        ZnodeRef ref = ZnodeRef.of(event.data().getPath());
        if (ref.kind() != ZnodeRef.Kind.PARTITION_STATE) {
            return null;
        }
        try {
            return new PartitionState(new TopicPartition(ref.topic(), ref.partition()),
                ZnodePayloads.decodePartitionState(event.data().getPath(), event.data().getData()),
                event.data().getStat() == null ? 0 : event.data().getStat().getVersion());
        } catch (MalformedZnodeException e) {
            LOG.error("ignoring a malformed znode", e);
            return null;
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
        long started = System.nanoTime();
        try {
            snapshot = reader.snapshot();
        } catch (CoordinationException e) {
            // The next RECONNECTED delivers it; until then keep passing on change events.
            LOG.warn("could not read a cluster snapshot", e);
            return;
        }
        long read = System.nanoTime();
        live = true;
        notifyAll(listener -> listener.onSnapshot(snapshot));
        LOG.info("Cluster snapshot of {} topic(s) and {} broker(s) read in {} ms ({} ms after the watcher started), "
            + "applied in {} ms", snapshot.topics().size(), snapshot.liveBrokers().size(),
            TimeUnit.NANOSECONDS.toMillis(read - started), TimeUnit.NANOSECONDS.toMillis(started - startedNanos),
            TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - read));
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
                    // created and changed states go out in batches (drain); a deleted one goes with its topic
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
                case LOG_DIR_EVENT -> {
                    if (!deleted) {
                        LogDirEventNotification notification = new LogDirEventNotification(ref.name(),
                            ZnodePayloads.decodeLogDirEventBroker(path, bytes), ZnodePayloads.decodeLogDirEventType(path, bytes));
                        notifyAll(l -> l.onLogDirEventNotification(notification));
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
