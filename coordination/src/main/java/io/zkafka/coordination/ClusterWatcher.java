package io.zkafka.coordination;

import io.zkafka.common.TopicPartition;
import io.zkafka.coordination.internals.ZnodePaths;
import io.zkafka.coordination.internals.ZnodePayloads;
import io.zkafka.coordination.internals.ZnodeRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.apache.curator.framework.state.ConnectionState;
import org.apache.curator.framework.state.ConnectionStateListener;
import org.apache.zookeeper.AddWatchMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.WatchedEvent;
import org.apache.zookeeper.Watcher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns ZooKeeper changes into typed {@link ClusterChangeListener} calls, through persistent
 * recursive watches on {@code /brokers}, {@code /config/topics}, {@code /admin},
 * {@code /isr_change_notification} and {@code /log_dir_event_notification}. Once the watches are
 * in place, and after each reconnection, a full {@link ClusterSnapshot} is read pipelined
 * ({@link ClusterReader#snapshot}) and delivered; change events are only delivered after the first
 * snapshot. Nothing is cached here: a created or changed znode of a kind the listeners hear of is
 * read once (asynchronously) when its event comes, so starting costs the snapshot's few round
 * trips, not a read of every znode. Changed partition states, which come by the thousand when a
 * controller elects a broker's leaders, are read in multi-reads ({@link BatchedReads}); other
 * znodes one by one.
 *
 * <p>Order: ZooKeeper answers a session's calls in order and shows a client a change's event before
 * any read that sees the change, so each event takes a slot in {@code pending} when it comes and
 * the slots are handed on in that order as their reads answer. Every change after a watch was added
 * has an event whose read comes after it; the snapshot read once every watch is in place is at
 * least as fresh as anything queued before its marker, and what follows may repeat it (listeners
 * take events as "this is now the state").
 *
 * <p>Events are handed on in batches: whatever arrived while the listeners were busy goes out in
 * one pass, consecutive partition state changes in one
 * {@link ClusterChangeListener#onPartitionStatesChanged} call (znodes no listener hears of do not
 * cut a run). The busier the listeners, the larger the batches: a broker applying a topic of
 * thousands of partitions copies its metadata image and creates logs per batch, not per partition.
 *
 * <p>{@link #watch()} may come before {@code start()}, while the listeners are not ready yet (a
 * broker loading its logs): the watches go in place and the first snapshot is read then, held, and
 * delivered by {@code start()} with the changes queued behind it, so a start-up does the two at
 * once.
 *
 * <p>Lifecycle LATENT -> STARTED -> CLOSED, {@code close()} idempotent; listeners are added before
 * {@code start()}. Threads: ZooKeeper's event thread only appends slots to the concurrent
 * {@code pending} queue and completes them; the single-threaded executor {@code zkafka-cluster-watcher}
 * drains it and alone reads snapshots, decodes payloads, calls listeners and owns {@code live},
 * {@code watchesInPlace}, {@code startHandled} and {@code prefetched}.
 * Connection state changes are handed to the same executor.
 */
public final class ClusterWatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterWatcher.class);
    private static final List<String> WATCHED_ROOTS = List.of("/brokers", ZnodePaths.CONFIG_TOPICS, "/admin",
        ZnodePaths.ISR_CHANGE_NOTIFICATION, ZnodePaths.LOG_DIR_EVENT_NOTIFICATION);

    private final ZooKeeperAccess zk;
    private final ClusterReader reader;
    private final BatchedReads stateReads;
    private final List<ClusterChangeListener> listeners = new CopyOnWriteArrayList<>();
    private final ExecutorService executor;
    private final AtomicReference<ComponentState> state = new AtomicReference<>(ComponentState.LATENT);
    private final ConnectionStateListener connectionListener = (client, newState) -> onConnectionChange(newState);
    private final Watcher changeWatcher = this::onWatchedEvent;
    private final Queue<Slot> pending = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    private final AtomicInteger watchGeneration = new AtomicInteger();
    private final AtomicBoolean watching = new AtomicBoolean();
    private volatile long startedNanos;
    private boolean live;
    private boolean watchesInPlace;
    private boolean startHandled;
    /** The snapshot read before {@code start()}, with when its read began and ended; delivered first by start(). */
    private ClusterSnapshot prefetched;
    private volatile boolean hasPrefetched;
    private long prefetchStartedNanos;
    private long prefetchReadNanos;

    ClusterWatcher(ZooKeeperAccess zk, ClusterReader reader, PipelinedCalls calls) {
        this.zk = zk;
        this.reader = reader;
        this.stateReads = new BatchedReads(calls);
        this.executor = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "zkafka-cluster-watcher");
            thread.setDaemon(true);
            return thread;
        });
    }

    public void addListener(ClusterChangeListener listener) {
        if (state.get() != ComponentState.LATENT) {
            throw new IllegalStateException("add listeners before start(), watcher is " + state.get());
        }
        listeners.add(listener);
    }

    /**
     * Puts the watches in place and reads the first snapshot now, before {@link #start()}: changes
     * queue up behind it until then. Optional; at most once, before {@code start()}.
     */
    public void watch() {
        if (state.get() != ComponentState.LATENT || !watching.compareAndSet(false, true)) {
            throw new IllegalStateException("cluster watcher already watching or " + state.get());
        }
        startedNanos = System.nanoTime();
        zk.curator().getConnectionStateListenable().addListener(connectionListener, executor);
        addWatches();
    }

    /** How many events at the head of the queue have their data and wait for the listeners (for tests). */
    int readyQueued() {
        int ready = 0;
        for (Slot slot : pending) {
            if (!slot.ready) {
                break;
            }
            ready++;
        }
        return ready;
    }

    /** How many multi-reads of changed partition states were sent (for tests). */
    int stateReadRequests() {
        return stateReads.requests();
    }

    /** Whether {@link #watch()} has read the snapshot that {@code start()} delivers (for tests). */
    boolean hasPrefetched() {
        return hasPrefetched;
    }

    public void start() {
        if (state.get() == ComponentState.LATENT && !watching.get()) {
            watch();
        }
        if (!state.compareAndSet(ComponentState.LATENT, ComponentState.STARTED)) {
            throw new IllegalStateException("cluster watcher already " + state.get());
        }
        scheduleDrain();
    }

    public ComponentState state() {
        return state.get();
    }

    @Override
    public void close() {
        ComponentState previous = state.getAndSet(ComponentState.CLOSED);
        if (previous == ComponentState.CLOSED || previous == ComponentState.LATENT && !watching.get()) {
            return;
        }
        zk.curator().getConnectionStateListenable().removeListener(connectionListener);
        for (String root : WATCHED_ROOTS) {
            try {
                zk.curator().watchers().remove(changeWatcher).ofType(Watcher.WatcherType.Any)
                    .inBackground().forPath(root);
            } catch (Exception e) {
                LOG.debug("could not remove the watch on {}", root, e);
            }
        }
        zk.curator().clearWatcherReferences(changeWatcher);
        executor.shutdown();
        try {
            executor.awaitTermination(zk.config().connectionTimeoutMs(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** What happened to a znode. */
    private enum Change { CREATED, CHANGED, DELETED }

    /**
     * A place in the order of events: a change (its data once read; {@code skip} when it turned out
     * to be gone, its deletion then follows) or (null change) the marker after which a snapshot is
     * read. Written by ZooKeeper's event thread, read by the watcher thread after {@code ready}.
     */
    private final class Slot implements BatchedReads.Read {
        final Change change;
        final String path;
        byte[] data;
        /** The znode's version and creation zxid as read; 0 and unknown when not read. */
        int version;
        long czxid = BrokerInfo.UNKNOWN_EPOCH;
        boolean skip;
        volatile boolean ready;

        Slot(Change change, String path) {
            this.change = change;
            this.path = path;
        }

        @Override
        public String path() {
            return path;
        }

        @Override
        public void answered(Optional<PipelinedCalls.Versioned> value, boolean failed) {
            if (value.isPresent()) {
                data = value.get().data();
                version = value.get().version();
                czxid = value.get().czxid();
            } else {
                // gone already (its deletion's event follows) or no connection (the reconnection's snapshot covers it)
                skip = true;
            }
            ready = true;
            scheduleDrain();
        }
    }

    /**
     * Adds (again, after a reconnection: a new session has none) a persistent recursive watch on
     * every root; once all are in place a marker is queued that has the watcher read a snapshot.
     * Adding the same watcher again to a path is a no-op for ZooKeeper.
     */
    private void addWatches() {
        int generation = watchGeneration.incrementAndGet();
        AtomicInteger added = new AtomicInteger();
        for (String root : WATCHED_ROOTS) {
            try {
                zk.curator().watchers().add().withMode(AddWatchMode.PERSISTENT_RECURSIVE)
                    .inBackground((client, event) -> {
                        if (event.getResultCode() != KeeperException.Code.OK.intValue()) {
                            // the next reconnection adds it again
                            LOG.warn("could not watch {}: {}", root, KeeperException.Code.get(event.getResultCode()));
                        } else if (added.incrementAndGet() == WATCHED_ROOTS.size()
                                && generation == watchGeneration.get()) {
                            Slot marker = new Slot(null, null);
                            marker.ready = true;
                            enqueue(marker);
                        }
                    }).usingWatcher(changeWatcher).forPath(root);
            } catch (Exception e) {
                LOG.warn("could not watch {}", root, e);
            }
        }
    }

    /** On ZooKeeper's event thread: take the event's place in the order, and read what it changed if a listener hears of it. */
    private void onWatchedEvent(WatchedEvent event) {
        if (event.getType() == Watcher.Event.EventType.None || event.getPath() == null
                || state.get() == ComponentState.CLOSED) {
            return;
        }
        Change change = switch (event.getType()) {
            case NodeCreated -> Change.CREATED;
            case NodeDataChanged -> Change.CHANGED;
            case NodeDeleted -> Change.DELETED;
            default -> null;
        };
        String path = event.getPath();
        ZnodeRef.Kind kind = ZnodeRef.of(path).kind();
        if (change == null || kind == ZnodeRef.Kind.OTHER
                || kind == ZnodeRef.Kind.PARTITION_STATE && change == Change.DELETED) {
            return; // e.g. a partition's folder; a deleted state goes with its topic
        }
        Slot slot = new Slot(change, path);
        if (change == Change.DELETED) {
            slot.ready = true;
            enqueue(slot);
            return;
        }
        pending.add(slot);
        if (kind == ZnodeRef.Kind.PARTITION_STATE) {
            stateReads.read(slot);
            return;
        }
        try {
            zk.curator().getData().inBackground((client, answer) -> {
                int rc = answer.getResultCode();
                boolean found = rc == KeeperException.Code.OK.intValue();
                slot.answered(found ? Optional.of(PipelinedCalls.Versioned.of(answer.getData(), answer.getStat()))
                    : Optional.empty(), !found);
            }).forPath(path);
        } catch (Exception e) {
            LOG.warn("could not read {}", path, e);
            slot.skip = true;
            slot.ready = true;
            scheduleDrain();
        }
    }

    private void enqueue(Slot slot) {
        pending.add(slot);
        scheduleDrain();
    }

    /** Has the watcher thread drain the queue unless it is about to. */
    private void scheduleDrain() {
        if (drainScheduled.compareAndSet(false, true)) {
            try {
                executor.execute(this::drain);
            } catch (RuntimeException rejected) {
                drainScheduled.set(false); // closed
            }
        }
    }

    /** On the watcher thread: hands on every slot ready at the head of the queue, partition state changes in runs. */
    private void drain() {
        drainScheduled.set(false);
        if (state.get() == ComponentState.LATENT) {
            prefetch();
            return;
        }
        if (!startHandled) {
            startHandled = true;
            deliverPrefetched();
        }
        List<PartitionState> states = new ArrayList<>();
        for (Slot slot = pending.peek(); slot != null && slot.ready; slot = pending.peek()) {
            pending.poll();
            if (slot.skip) {
                continue;
            }
            PartitionState state = slot.change == null ? null : partitionStateOf(slot);
            if (state != null) {
                states.add(state);
                continue;
            }
            flushStates(states);
            if (slot.change == null) {
                watchesInPlace = true;
                deliverSnapshot();
            } else {
                onEvent(slot);
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

    /** The partition state a created or changed state znode holds, or null for any other event (or before the first snapshot). */
    private PartitionState partitionStateOf(Slot slot) {
        if (!live || state.get() != ComponentState.STARTED || slot.change == Change.DELETED) {
            return null;
        }
        ZnodeRef ref = ZnodeRef.of(slot.path);
        if (ref.kind() != ZnodeRef.Kind.PARTITION_STATE) {
            return null;
        }
        try {
            return new PartitionState(new TopicPartition(ref.topic(), ref.partition()),
                ZnodePayloads.decodePartitionState(slot.path, slot.data), slot.version);
        } catch (MalformedZnodeException e) {
            LOG.error("ignoring a malformed znode", e);
            return null;
        }
    }

    /** On the watcher thread: after a reconnection (a new session lost its watches) watch again, then read a snapshot. */
    private void onConnectionChange(ConnectionState newState) {
        if (newState == ConnectionState.RECONNECTED && state.get() != ComponentState.CLOSED) {
            addWatches();
        }
    }

    /**
     * On the watcher thread before {@code start()}: the marker that the watches are in place has the
     * first snapshot read and held; changes behind it wait for {@code start()}. A change before the
     * marker, or any while no snapshot could be read, is dropped: the snapshot is read later.
     */
    private void prefetch() {
        for (Slot slot = pending.peek(); slot != null && slot.ready; slot = pending.peek()) {
            if (slot.change == null) {
                pending.poll();
                watchesInPlace = true;
                prefetched = null;
                prefetchStartedNanos = System.nanoTime();
                prefetched = readSnapshot();
                prefetchReadNanos = System.nanoTime();
                hasPrefetched = prefetched != null;
            } else if (prefetched == null) {
                pending.poll();
            } else {
                return;
            }
        }
    }

    /** On the watcher thread, once started: the snapshot read before, or one read now if that failed. */
    private void deliverPrefetched() {
        if (prefetched != null) {
            ClusterSnapshot snapshot = prefetched;
            prefetched = null;
            deliver(snapshot, prefetchStartedNanos, prefetchReadNanos);
        } else if (watchesInPlace) {
            deliverSnapshot();
        }
    }

    private void deliverSnapshot() {
        if (state.get() != ComponentState.STARTED) {
            return;
        }
        long started = System.nanoTime();
        ClusterSnapshot snapshot = readSnapshot();
        if (snapshot != null) {
            deliver(snapshot, started, System.nanoTime());
        }
    }

    /** A fresh snapshot, or null when it could not be read: the next RECONNECTED reads one, meanwhile changes pass on. */
    private ClusterSnapshot readSnapshot() {
        try {
            return reader.snapshot();
        } catch (CoordinationException e) {
            LOG.warn("could not read a cluster snapshot", e);
            return null;
        }
    }

    private void deliver(ClusterSnapshot snapshot, long readStarted, long read) {
        long applying = System.nanoTime();
        live = true;
        notifyAll(listener -> listener.onSnapshot(snapshot));
        LOG.info("Cluster snapshot of {} topic(s) and {} broker(s) read in {} ms ({} ms after the watches were "
            + "asked for), applied in {} ms ({} ms after it was read)", snapshot.topics().size(),
            snapshot.liveBrokers().size(), TimeUnit.NANOSECONDS.toMillis(read - readStarted),
            TimeUnit.NANOSECONDS.toMillis(readStarted - startedNanos),
            TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - applying), TimeUnit.NANOSECONDS.toMillis(applying - read));
    }

    private void onEvent(Slot slot) {
        if (!live || state.get() != ComponentState.STARTED) {
            return;
        }
        String path = slot.path;
        ZnodeRef ref = ZnodeRef.of(path);
        byte[] bytes = slot.data;
        int version = slot.version;
        boolean deleted = slot.change == Change.DELETED;
        try {
            switch (ref.kind()) {
                case BROKER -> {
                    if (deleted) {
                        notifyAll(l -> l.onBrokerDeregistered(ref.brokerId()));
                    } else {
                        BrokerInfo broker = ZnodePayloads.decodeBroker(path, ref.brokerId(), bytes)
                            .withEpoch(slot.czxid);
                        notifyAll(l -> l.onBrokerRegistered(broker));
                    }
                }
                case TOPIC -> {
                    if (deleted) {
                        notifyAll(l -> l.onTopicDeleted(ref.topic()));
                    } else {
                        TopicAssignment assignment = ZnodePayloads.decodeTopicAssignment(ref.topic(), path, bytes,
                            version);
                        boolean created = slot.change == Change.CREATED;
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
