package io.zkafka.server;

import io.zkafka.broker.replica.ReplicaManager;
import io.zkafka.common.TopicPartition;
import io.zkafka.coordination.CoordinationException;
import io.zkafka.coordination.LogDirEventWriter;
import io.zkafka.storage.LogManager;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out a log dir failure (Kafka's KIP-112, ZooKeeper mode): takes each folder the
 * {@link io.zkafka.storage.LogDirFailureChannel} reports, closes its logs ({@link LogManager}), stops
 * leading and following their partitions ({@link ReplicaManager}), and tells the controller: the
 * partitions go to the ephemeral {@code /brokers/offline_replicas/<id>}, then a
 * {@code /log_dir_event_notification} znode makes the controller read them and move leadership and
 * ISR membership away. When no folder is left online the broker halts, as Kafka does.
 *
 * <p>Threads: one daemon thread, {@code log-dir-failure-handler}, runs every step; storage errors
 * arrive from any thread through the channel's queue (the failing thread may hold a log's lock, so it
 * only reports). {@link #onRegistered} may come from the registration's thread.
 */
final class LogDirFailureHandler implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LogDirFailureHandler.class);

    private final int brokerId;
    private final LogManager logManager;
    private final ReplicaManager replicaManager;
    private final LogDirEventWriter events;
    private final Runnable halt;
    private final Thread thread;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile boolean registered;
    /** Publishes the list again after withheld replicas change: off the watcher thread, a burst as one write. */
    private final ExecutorService republisher = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "log-dir-event-publisher");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicBoolean republishPending = new AtomicBoolean();

    LogDirFailureHandler(int brokerId, LogManager logManager, ReplicaManager replicaManager, LogDirEventWriter events,
                         Runnable halt) {
        this.brokerId = brokerId;
        this.logManager = logManager;
        this.replicaManager = replicaManager;
        this.events = events;
        this.halt = halt;
        this.thread = new Thread(this::run, "log-dir-failure-handler");
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    private void run() {
        while (!closed.get()) {
            Path failed;
            try {
                failed = logManager.failureChannel().takeNextOfflineDir();
            } catch (InterruptedException e) {
                return;
            }
            handle(failed);
        }
    }

    private void handle(Path failed) {
        List<TopicPartition> offline = logManager.handleLogDirFailure(failed);
        replicaManager.takeOffline(offline);
        if (logManager.onlineLogDirs().isEmpty()) {
            closed.set(true); // nothing more to hand over: the folders still queued fail with the broker
            log.error("Broker {}: every log dir is offline ({}); halting", brokerId, logManager.offlineLogDirs());
            // on its own thread: halting closes what this thread would otherwise wait for
            Thread halting = new Thread(halt, "log-dir-failure-halt");
            halting.start();
            return;
        }
        publish("log dir " + failed);
    }

    /**
     * The replica manager withheld a replica whose log is missing, or released one (see
     * {@code MissingLogGuard}): the controller learns the new list. Before the first registration
     * the list waits for {@link #onRegistered}, as the controller ignores an unregistered broker.
     */
    void onMissingLogsChanged() {
        if (!registered || closed.get() || !republishPending.compareAndSet(false, true)) {
            return; // a publication is already queued: it will read the newest list
        }
        try {
            republisher.execute(() -> {
                republishPending.set(false);
                publish("a missing log");
            });
        } catch (RejectedExecutionException e) {
            // closing
        }
    }

    /** A new registration (a new ZooKeeper session) lost the ephemeral list: publish it again. */
    void onRegistered() {
        registered = true;
        if (!replicaManager.offlinePartitions().isEmpty() && !closed.get()) {
            publish("re-registration");
        }
    }

    private synchronized void publish(String why) {
        Set<TopicPartition> offline = replicaManager.offlinePartitions();
        try {
            String name = events.publishLogDirFailure(brokerId, offline);
            log.warn("Broker {}: told the controller of {} offline replica(s) after {} ({})", brokerId, offline.size(),
                why, name);
        } catch (CoordinationException e) {
            // the leaders still drop this broker from their ISRs once replica.lag.time.max.ms passes without a fetch
            log.error("Broker {}: could not tell the controller of its offline replicas after {}: {}", brokerId, why,
                e.getMessage());
        }
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            thread.interrupt();
        }
        republisher.shutdownNow();
    }
}
