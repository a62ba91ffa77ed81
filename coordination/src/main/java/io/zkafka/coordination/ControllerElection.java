package io.zkafka.coordination;

import io.zkafka.coordination.internals.ZnodePaths;
import io.zkafka.coordination.internals.ZnodePayloads;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.curator.framework.api.CuratorWatcher;
import org.apache.curator.framework.recipes.leader.LeaderLatch;
import org.apache.curator.framework.recipes.leader.LeaderLatchListener;
import org.apache.curator.framework.state.ConnectionState;
import org.apache.curator.framework.state.ConnectionStateListener;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.WatchedEvent;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.data.Stat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Controller election for one broker: a Curator {@link LeaderLatch} at {@code /controller/latch}
 * whose participant id is the broker id. On winning, the new controller bumps
 * {@code /controller_epoch} with a versioned write (creating it at 1 when absent) and hands the
 * resulting {@link ControllerEpoch} to {@link ControllerListener#onBecameController}; every
 * controller write checks that epoch's znode version, which fences older controllers.
 *
 * <p>A SUSPENDED or LOST connection is lost leadership at once ({@code onResigned}); after the
 * connection returns the latch re-enters the election and a win bumps the epoch again. A leader
 * whose latch node a peer removed ({@link CoordinationClient#removeDeadIncarnation}) while its
 * session lives resigns too, and joins the election again with a new latch.
 *
 * <p>Lifecycle LATENT -> STARTED -> CLOSED, {@code close()} idempotent. Threads: Curator's event
 * thread only enqueues; latch callbacks, connection-state changes, controller-id changes, the
 * epoch bump and every {@link ControllerListener} call run on one single-threaded executor
 * ({@code zkafka-controller-election-<brokerId>}), which alone writes {@code epoch} and
 * {@code latch}; both are volatile for readers on other threads.
 */
public final class ControllerElection implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ControllerElection.class);
    private static final int MAX_BUMP_ATTEMPTS = 3;
    private static final long CLOSE_WAIT_MS = 10_000;

    private final ZooKeeperAccess zk;
    private final int brokerId;
    private final ControllerListener listener;
    private final ExecutorService executor;
    private final ControllerIdTracker tracker;
    private final AtomicReference<ComponentState> state = new AtomicReference<>(ComponentState.LATENT);
    private final ConnectionStateListener connectionListener = (client, newState) -> onConnectionChange(newState);
    private volatile LeaderLatch latch;
    private volatile ControllerEpoch epoch;

    ControllerElection(ZooKeeperAccess zk, int brokerId, ControllerListener listener) {
        if (brokerId < 0) {
            throw new IllegalArgumentException("broker id must be >= 0, got " + brokerId);
        }
        this.zk = zk;
        this.brokerId = brokerId;
        this.listener = listener;
        this.executor = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "zkafka-controller-election-" + brokerId);
            thread.setDaemon(true);
            return thread;
        });
        this.tracker = new ControllerIdTracker(zk, executor, this::onControllerChanged);
    }

    /** Joins the election; returns at once, the outcome arrives on the listener. */
    public void start() {
        if (!state.compareAndSet(ComponentState.LATENT, ComponentState.STARTED)) {
            throw new IllegalStateException("controller election already " + state.get());
        }
        zk.curator().getConnectionStateListenable().addListener(connectionListener, executor);
        tracker.start();
        executor.execute(this::joinElection);
    }

    public ComponentState state() {
        return state.get();
    }

    public int brokerId() {
        return brokerId;
    }

    /** The current controller's broker id, from a watch-driven cache (no ZooKeeper read). */
    public OptionalInt controllerId() {
        return tracker.controllerId();
    }

    /** True while this broker is the controller with a bumped epoch. */
    public boolean isController() {
        return epoch != null;
    }

    /** The epoch this broker won with, while it is the controller. */
    public Optional<ControllerEpoch> epoch() {
        return Optional.ofNullable(epoch);
    }

    /** Leaves the election; if this broker was the controller, {@code onResigned} is called first. */
    @Override
    public void close() {
        if (state.getAndSet(ComponentState.CLOSED) == ComponentState.CLOSED) {
            return;
        }
        zk.curator().getConnectionStateListenable().removeListener(connectionListener);
        executor.execute(() -> {
            resign("election closed");
            closeLatch();
        });
        executor.shutdown();
        try {
            if (!executor.awaitTermination(CLOSE_WAIT_MS, TimeUnit.MILLISECONDS)) {
                LOG.warn("controller election of broker {} did not stop within {} ms", brokerId, CLOSE_WAIT_MS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        tracker.close();
    }

    private void joinElection() {
        if (state.get() != ComponentState.STARTED) {
            return;
        }
        LeaderLatch newLatch = new LeaderLatch(zk.curator(), ZnodePaths.CONTROLLER_LATCH, Integer.toString(brokerId));
        newLatch.addListener(new LeaderLatchListener() {
            @Override
            public void isLeader() {
                onLeadershipGained(newLatch);
            }

            @Override
            public void notLeader() {
                resign("latch lost");
            }
        }, executor);
        latch = newLatch;
        try {
            newLatch.start();
        } catch (Exception e) {
            LOG.error("broker {} could not join the controller election", brokerId, e);
        }
    }

    private void onLeadershipGained(LeaderLatch winner) {
        if (state.get() != ComponentState.STARTED || winner != latch || !zk.isConnected()) {
            return;
        }
        ControllerEpoch won;
        try {
            won = bumpEpoch();
        } catch (CoordinationException e) {
            // Holding the latch without an epoch would block everyone: step back and re-enter.
            LOG.warn("broker {} won the controller latch but could not bump the epoch; rejoining", brokerId, e);
            closeLatch();
            joinElection();
            return;
        }
        if (!winner.hasLeadership() || state.get() != ComponentState.STARTED) {
            return;
        }
        epoch = won;
        LOG.info("broker {} is the controller with epoch {}", brokerId, won.epoch());
        watchLatchNode(winner);
        try {
            listener.onBecameController(won);
        } catch (RuntimeException e) {
            LOG.error("controller listener failed in onBecameController", e);
        }
    }

    private ControllerEpoch bumpEpoch() {
        for (int attempt = 0; attempt < MAX_BUMP_ATTEMPTS; attempt++) {
            ControllerEpoch bumped = zk.call("bump the controller epoch", () -> {
                Stat stat = new Stat();
                byte[] data;
                try {
                    data = zk.curator().getData().storingStatIn(stat).forPath(ZnodePaths.CONTROLLER_EPOCH);
                } catch (KeeperException.NoNodeException e) {
                    try {
                        zk.curator().create().forPath(ZnodePaths.CONTROLLER_EPOCH, ZnodePayloads.controllerEpoch(1));
                        return new ControllerEpoch(1, 0);
                    } catch (KeeperException.NodeExistsException raced) {
                        return null;
                    }
                }
                int next = ZnodePayloads.decodeControllerEpoch(ZnodePaths.CONTROLLER_EPOCH, data) + 1;
                try {
                    Stat written = zk.curator().setData().withVersion(stat.getVersion())
                        .forPath(ZnodePaths.CONTROLLER_EPOCH, ZnodePayloads.controllerEpoch(next));
                    return new ControllerEpoch(next, written.getVersion());
                } catch (KeeperException.BadVersionException raced) {
                    return null;
                }
            });
            if (bumped != null) {
                return bumped;
            }
        }
        throw new ControllerMovedException("another controller kept bumping " + ZnodePaths.CONTROLLER_EPOCH);
    }

    /**
     * The leading latch node watches nothing (Curator's followers watch their predecessor), so a
     * leader would not notice its node deleted by a peer that judged it dead: watch it.
     */
    private void watchLatchNode(LeaderLatch winner) {
        String ourPath = winner.getOurPath();
        if (ourPath == null) {
            return;
        }
        try {
            Stat stat = zk.call("watch " + ourPath, () -> zk.curator().checkExists().usingWatcher((CuratorWatcher)
                event -> runLater(() -> onLatchNodeEvent(winner, event))).forPath(ourPath));
            if (stat == null) {
                onLatchNodeGone(winner);
            }
        } catch (CoordinationException e) {
            LOG.warn("broker {} cannot watch its controller latch node {}", brokerId, ourPath, e);
        }
    }

    /** Runs {@code task} on this component's thread, unless it has been closed meanwhile (a late watch). */
    private void runLater(Runnable task) {
        try {
            executor.execute(task);
        } catch (RejectedExecutionException e) {
            // closed: nothing left to do
        }
    }

    private void onLatchNodeEvent(LeaderLatch winner, WatchedEvent event) {
        if (event.getType() == Watcher.Event.EventType.NodeDeleted) {
            onLatchNodeGone(winner);
        } else if (event.getType() != Watcher.Event.EventType.None && winner == latch && epoch != null) {
            watchLatchNode(winner);
        }
    }

    private void onLatchNodeGone(LeaderLatch winner) {
        if (state.get() != ComponentState.STARTED || winner != latch || epoch == null) {
            return;
        }
        LOG.warn("broker {}: its controller latch node was deleted while its session lives (a peer judged it dead);"
            + " resigning and joining the election again", brokerId);
        resign("latch node deleted");
        closeLatch();
        joinElection();
    }

    private void onConnectionChange(ConnectionState newState) {
        if (newState == ConnectionState.SUSPENDED || newState == ConnectionState.LOST) {
            resign("ZooKeeper connection " + newState);
        }
    }

    private void onControllerChanged(OptionalInt controllerId) {
        if (state.get() != ComponentState.STARTED) {
            return;
        }
        try {
            listener.onControllerChanged(controllerId);
        } catch (RuntimeException e) {
            LOG.error("controller listener failed in onControllerChanged", e);
        }
    }

    private void resign(String why) {
        if (epoch == null) {
            return;
        }
        LOG.info("broker {} resigns as controller (epoch {}): {}", brokerId, epoch.epoch(), why);
        epoch = null;
        try {
            listener.onResigned();
        } catch (RuntimeException e) {
            LOG.error("controller listener failed in onResigned", e);
        }
    }

    private void closeLatch() {
        LeaderLatch current = latch;
        if (current == null) {
            return;
        }
        try {
            current.close();
        } catch (Exception e) {
            LOG.debug("closing the controller latch of broker {} failed", brokerId, e);
        }
    }
}
