package io.zkafka.storage.cleaner;

import io.zkafka.common.TopicPartition;
import io.zkafka.common.errors.CorruptRecordException;
import io.zkafka.storage.Log;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Compacts the logs whose {@code cleanup.policy} contains {@code compact}: keeps the newest record of
 * each key, drops tombstones once their delete horizon has passed, never touches the active segment
 * (one pass is described in {@link LogCompactor}). Where each log's cleaned section ends is kept in the
 * {@code cleaner-offset-checkpoint} of its log dir.
 *
 * <p>Threads: one daemon thread, "log-cleaner", started by {@link #startup()}, repeats
 * {@link #cleanOnce()} and waits {@code backoffMs} whenever no log needed cleaning. Tests may call
 * {@link #cleanOnce()} themselves instead. Passes are serialized by the private {@code cleaningLock},
 * which guards the compactor (and its bounded key map) and the per-log delete horizons. Lifecycle
 * LATENT, STARTED, CLOSED; {@link #close()} is idempotent and never interrupts the thread (an interrupt
 * would close the segment files it reads).
 */
public final class LogCleaner implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LogCleaner.class);

    /** The steps of a swap that a crash may stop after. */
    public enum Stage {
        /** A run's cleaned segment is written as {@code .cleaned} files. */
        CLEANED_WRITTEN,
        /** The cleaned files are renamed {@code .swap}: the commit point. */
        SWAP_COMMITTED,
        /** The log serves the cleaned segment; the old ones are {@code .deleted}, not yet removed. */
        SEGMENTS_REPLACED
    }

    /** Told each stage as it is reached, on the cleaning thread; crash tests throw from it. */
    @FunctionalInterface
    public interface StageListener {
        void reached(Stage stage, Log log);
    }

    private enum State { LATENT, STARTED, CLOSED }

    private final CleanerConfig config;
    private final Supplier<Collection<Log>> logs;
    private final LongSupplier clock;
    private final AtomicReference<State> state = new AtomicReference<>(State.LATENT);
    private final Object cleaningLock = new Object();
    private final Object wakeLock = new Object();
    private final LogCompactor compactor;
    private final CleanerCheckpoints checkpoints = new CleanerCheckpoints();
    private final Map<TopicPartition, Long> horizonDue = new HashMap<>();
    private final AtomicLong passes = new AtomicLong();
    private volatile StageListener stages = (stage, log) -> { };
    private Thread thread;

    /**
     * @param logs the logs to consider, asked afresh before every round
     * @param clock milliseconds since the epoch, for {@code min.compaction.lag.ms} and delete horizons
     */
    public LogCleaner(CleanerConfig config, Supplier<Collection<Log>> logs, LongSupplier clock) {
        this.config = config;
        this.logs = logs;
        this.clock = clock;
        this.compactor = new LogCompactor(config);
    }

    /** Replaces the stage listener (tests). */
    public void stageListener(StageListener listener) {
        this.stages = listener;
    }

    /** Starts the "log-cleaner" thread. */
    public void startup() {
        if (!state.compareAndSet(State.LATENT, State.STARTED)) {
            throw new IllegalStateException("LogCleaner already started or closed");
        }
        thread = new Thread(this::run, "log-cleaner");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        while (state.get() == State.STARTED) {
            int cleaned = 0;
            try {
                cleaned = cleanOnce();
            } catch (IOException | RuntimeException e) {
                LOG.error("Log cleaner round failed", e);
            }
            if (cleaned == 0) {
                synchronized (wakeLock) {
                    if (state.get() == State.STARTED) {
                        try {
                            wakeLock.wait(config.backoffMs());
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            return;
                        }
                    }
                }
            }
        }
    }

    /**
     * Runs one pass over every compacted log that has a dirty section or tombstones past their delete
     * horizon. A log whose pass fails on I/O or corrupt data is logged and skipped.
     *
     * @return how many logs had a segment replaced
     */
    public int cleanOnce() throws IOException {
        synchronized (cleaningLock) {
            List<Log> all = new ArrayList<>(logs.get());
            int cleaned = 0;
            for (Log log : all) {
                if (!log.config().compactEnabled() || state.get() == State.CLOSED) {
                    continue;
                }
                try {
                    cleaned += cleanLog(log, all) ? 1 : 0;
                } catch (IOException | CorruptRecordException e) {
                    LOG.warn("Cannot clean {}: {}", log, e.toString());
                    horizonDue.remove(log.topicPartition());
                }
            }
            return cleaned;
        }
    }

    private boolean cleanLog(Log log, List<Log> all) throws IOException {
        TopicPartition tp = log.topicPartition();
        Path logDir = log.dir().getParent();
        long stored = checkpoints.get(logDir, tp);
        long hint = Math.min(stored, log.takeLowestTruncation());
        LogCompactor.PassResult result = compactor.clean(log, hint, clock.getAsLong(),
            horizonDue.getOrDefault(tp, Long.MIN_VALUE), stages);
        long next = Math.min(result == null ? hint : result.endOffset(), log.takeLowestTruncation());
        if (next != stored && next >= 0) {
            Set<TopicPartition> live = new HashSet<>();
            for (Log other : all) {
                if (other.dir().getParent().equals(logDir)) {
                    live.add(other.topicPartition());
                }
            }
            checkpoints.update(logDir, tp, next, live);
        }
        if (result != null) {
            horizonDue.put(tp, result.aborted() ? Long.MIN_VALUE : result.earliestKeptHorizon());
            passes.incrementAndGet(); // counted once its checkpoint is written, so readers see both
        }
        return result != null && result.runsReplaced() > 0;
    }

    /** Passes run so far (ones that found nothing to do excluded). */
    public long passCount() {
        return passes.get();
    }

    /** Where the next pass over {@code log} starts, from the checkpoint; -1 if never cleaned. */
    public long checkpointedOffset(Log log) throws IOException {
        return checkpoints.get(log.dir().getParent(), log.topicPartition());
    }

    /** Stops the thread, letting a running pass finish. Idempotent. */
    @Override
    public void close() {
        State previous = state.getAndSet(State.CLOSED);
        if (previous != State.STARTED) {
            return;
        }
        synchronized (wakeLock) {
            wakeLock.notifyAll();
        }
        try {
            thread.join(TimeUnit.SECONDS.toMillis(60));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            LOG.warn("The log cleaner thread did not stop within 60 s");
        }
    }
}
