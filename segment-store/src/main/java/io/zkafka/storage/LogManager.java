package io.zkafka.storage;

import io.zkafka.common.TopicPartition;
import io.zkafka.storage.cleaner.CleanerConfig;
import io.zkafka.storage.cleaner.LogCleaner;
import io.zkafka.storage.internals.CheckpointFile;
import io.zkafka.storage.internals.LogFileNames;
import io.zkafka.storage.internals.OffsetCheckpointFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * All logs of a broker across its {@code log.dirs}: opens them at start-up, creates and deletes them,
 * and runs retention, flush and checkpoints periodically.
 *
 * <pre>
 * &lt;log dir&gt;/
 *   .kafka_cleanshutdown               present only between a clean close and the next start-up
 *   recovery-point-offset-checkpoint   per partition: offset below which the log is fsynced
 *   log-start-offset-checkpoint        per partition: log start offset
 *   replication-offset-checkpoint      per partition: high watermark
 *   cleaner-offset-checkpoint          per partition: end of the compacted section (written by the cleaner)
 *   &lt;topic&gt;-&lt;partition&gt;/              one {@link Log}
 *   &lt;topic&gt;-&lt;partition&gt;.&lt;uuid&gt;-delete/  a deleted log, removed in the background and at start-up
 * </pre>
 *
 * <p>Threads: start-up opens logs ({@link LogsLoader}) and shutdown closes them on bounded pools
 * ({@code recoveryThreadsPerDataDir} per folder, {@link LogDirPools});
 * one scheduler thread ("log-manager-scheduler") runs retention, flush, checkpoints, producer id
 * expiration and removal of deleted folders; the {@link LogCleaner} thread ("log-cleaner") compacts logs whose cleanup policy
 * contains compact; any thread may call the public methods. The log map is concurrent; creating and
 * deleting logs and writing checkpoints hold the private {@code lock}. Lifecycle LATENT, STARTED, CLOSED.
 */
public final class LogManager implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LogManager.class);
    public static final String CLEAN_SHUTDOWN_FILE = ".kafka_cleanshutdown";
    static final String DELETE_DIR_SUFFIX = "-delete";

    /**
     * Broker-level settings: where logs live, how often the background work runs, the cleaner's, and
     * when producer ids expire ({@code producer.id.expiration.ms}, checked every
     * {@code producer.id.expiration.check.interval.ms}).
     */
    public record Settings(List<Path> logDirs, LogConfig defaultConfig, long retentionCheckIntervalMs,
                           long flushCheckIntervalMs, long checkpointIntervalMs, int recoveryThreadsPerDataDir,
                           CleanerConfig cleanerConfig, long producerIdExpirationMs,
                           long producerIdExpirationCheckIntervalMs) {
        /** Kafka's producer.id.expiration.ms: a day. */
        public static final long DEFAULT_PRODUCER_ID_EXPIRATION_MS = 86_400_000L;
        /** Kafka's producer.id.expiration.check.interval.ms: ten minutes. */
        public static final long DEFAULT_PRODUCER_ID_EXPIRATION_CHECK_INTERVAL_MS = 600_000L;

        /** Settings with the cleaner's defaults. */
        public Settings(List<Path> logDirs, LogConfig defaultConfig, long retentionCheckIntervalMs,
                        long flushCheckIntervalMs, long checkpointIntervalMs, int recoveryThreadsPerDataDir) {
            this(logDirs, defaultConfig, retentionCheckIntervalMs, flushCheckIntervalMs, checkpointIntervalMs,
                recoveryThreadsPerDataDir, CleanerConfig.defaults());
        }

        /** Settings with Kafka's producer id expiration. */
        public Settings(List<Path> logDirs, LogConfig defaultConfig, long retentionCheckIntervalMs,
                        long flushCheckIntervalMs, long checkpointIntervalMs, int recoveryThreadsPerDataDir,
                        CleanerConfig cleanerConfig) {
            this(logDirs, defaultConfig, retentionCheckIntervalMs, flushCheckIntervalMs, checkpointIntervalMs,
                recoveryThreadsPerDataDir, cleanerConfig, DEFAULT_PRODUCER_ID_EXPIRATION_MS,
                DEFAULT_PRODUCER_ID_EXPIRATION_CHECK_INTERVAL_MS);
        }

        public Settings {
            if (logDirs.isEmpty()) {
                throw new IllegalArgumentException("log.dirs must name at least one folder");
            }
            if (recoveryThreadsPerDataDir < 1) {
                throw new IllegalArgumentException("num.recovery.threads.per.data.dir must be at least 1");
            }
            if (producerIdExpirationMs < 1 || producerIdExpirationCheckIntervalMs < 1) {
                throw new IllegalArgumentException("producer.id.expiration.ms and "
                    + "producer.id.expiration.check.interval.ms must be at least 1");
            }
        }

        /** Kafka's intervals: retention every 5 min, flush check and checkpoints every minute, 1 thread. */
        public static Settings of(List<Path> logDirs, LogConfig defaultConfig) {
            return new Settings(logDirs, defaultConfig, 300_000, 60_000, 60_000, 1);
        }

        /** These settings with another cleaner configuration. */
        public Settings withCleaner(CleanerConfig cleaner) {
            return new Settings(logDirs, defaultConfig, retentionCheckIntervalMs, flushCheckIntervalMs,
                checkpointIntervalMs, recoveryThreadsPerDataDir, cleaner, producerIdExpirationMs,
                producerIdExpirationCheckIntervalMs);
        }

        /** These settings with another producer id expiration and check interval. */
        public Settings withProducerIdExpiration(long expirationMs, long checkIntervalMs) {
            return new Settings(logDirs, defaultConfig, retentionCheckIntervalMs, flushCheckIntervalMs,
                checkpointIntervalMs, recoveryThreadsPerDataDir, cleanerConfig, expirationMs, checkIntervalMs);
        }
    }

    private enum State { LATENT, STARTED, CLOSED }

    private final AtomicReference<State> state = new AtomicReference<>(State.LATENT);
    private final Object lock = new Object();
    private final Settings settings;
    private final LongSupplier clock;
    private final Map<TopicPartition, Log> logs = new ConcurrentHashMap<>();
    private final LogCleaner cleaner;
    private final LogDirFailureChannel failureChannel = new LogDirFailureChannel();
    /** Partitions whose log was in a failed dir: not created again elsewhere until a restart (or deletion). */
    private final Set<TopicPartition> offlineLogs = ConcurrentHashMap.newKeySet();
    private ScheduledExecutorService scheduler;

    public LogManager(Settings settings, LongSupplier clock) {
        this.settings = settings;
        this.clock = clock;
        this.cleaner = new LogCleaner(settings.cleanerConfig(), logs::values, clock);
    }

    /** {@link #startup(Function)} with the default config for every topic. */
    public void startup() throws IOException {
        startup(topic -> settings.defaultConfig());
    }

    /**
     * Opens every partition folder under every log dir, recovering those that need it, removes deleted
     * folders, and starts the background tasks.
     */
    public void startup(Function<String, LogConfig> configForTopic) throws IOException {
        if (!state.compareAndSet(State.LATENT, State.STARTED)) {
            throw new IllegalStateException("LogManager already started or closed");
        }
        logs.putAll(new LogsLoader(settings, clock, configForTopic, failureChannel).loadAll());
        scheduler = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "log-manager-scheduler");
            thread.setDaemon(true);
            return thread;
        });
        schedule("retention", settings.retentionCheckIntervalMs(), this::cleanupLogs);
        schedule("flush", settings.flushCheckIntervalMs(), this::flushDirtyLogs);
        schedule("checkpoint", settings.checkpointIntervalMs(), this::checkpoint);
        schedule("producer-expiration", settings.producerIdExpirationCheckIntervalMs(), this::removeExpiredProducers);
        if (settings.cleanerConfig().enabled()) {
            cleaner.startup();
        }
    }

    /**
     * The topics that have a partition folder in the online log dirs, from the folder names alone
     * (nothing opened, no folder checked): what a broker reads the configs of before {@link #startup},
     * all at once. A log dir that cannot be listed adds nothing here (loading reports it).
     */
    public Set<String> topicsOnDisk() {
        Set<String> topics = new TreeSet<>();
        for (Path logDir : settings.logDirs()) {
            if (failureChannel.isOffline(logDir) || !Files.isDirectory(logDir)) {
                continue;
            }
            try (DirectoryStream<Path> children = Files.newDirectoryStream(logDir)) {
                for (Path child : children) {
                    String name = child.getFileName().toString();
                    if (name.endsWith(DELETE_DIR_SUFFIX)) {
                        continue;
                    }
                    try {
                        topics.add(LogFileNames.topicPartitionOf(name).topic());
                    } catch (IllegalArgumentException notAPartition) {
                        // a checkpoint file or another folder
                    }
                }
            } catch (IOException | DirectoryIteratorException e) {
                LOG.debug("Cannot list {} for its topics", logDir, e);
            }
        }
        return topics;
    }

    private interface Task {
        void run() throws IOException;
    }

    private void schedule(String name, long intervalMs, Task task) {
        scheduler.scheduleWithFixedDelay(() -> {
            try {
                task.run();
            } catch (IOException | RuntimeException e) {
                LOG.error("Background task {} failed", name, e);
            }
        }, intervalMs, intervalMs, TimeUnit.MILLISECONDS);
    }

    private static OffsetCheckpointFile checkpoint(Path logDir, String name) {
        return new OffsetCheckpointFile(logDir.resolve(name));
    }

    /** The compaction cleaner (running only if {@code cleanerConfig().enabled()}). */
    public LogCleaner cleaner() {
        return cleaner;
    }

    /** Where this broker's storage errors are reported; its handler carries them out ({@link #handleLogDirFailure}). */
    public LogDirFailureChannel failureChannel() {
        return failureChannel;
    }

    /** The log dirs not offline, in configuration order. */
    public List<Path> onlineLogDirs() {
        return settings.logDirs().stream().filter(dir -> !failureChannel.isOffline(dir)).toList();
    }

    /** The log dirs an I/O error took offline. */
    public List<Path> offlineLogDirs() {
        return settings.logDirs().stream().filter(failureChannel::isOffline).toList();
    }

    /**
     * Takes the logs of the failed {@code logDir} out of service: each is marked offline (every later call
     * fails with {@link KafkaStorageException}) and its files released without another write. From now on
     * no log is created there and neither checkpoints nor a clean-shutdown marker are written there, so the
     * next start recovers it. Called by the broker's failure handler, not by the failing thread, which may
     * hold a log's lock.
     *
     * @return the partitions whose logs were in the folder
     */
    public List<TopicPartition> handleLogDirFailure(Path logDir) {
        Path failed = logDir.toAbsolutePath().normalize();
        List<TopicPartition> removed = new ArrayList<>();
        synchronized (lock) {
            for (Log log : new ArrayList<>(logs.values())) {
                if (log.dir().getParent().toAbsolutePath().normalize().equals(failed)) {
                    offlineLogs.add(log.topicPartition());
                    logs.remove(log.topicPartition(), log);
                    log.closeOffline();
                    removed.add(log.topicPartition());
                }
            }
        }
        LOG.warn("Log dir {} is offline: {} log(s) closed; {} log dir(s) left online", failed, removed.size(),
            onlineLogDirs().size());
        return removed;
    }

    public Optional<Log> getLog(TopicPartition tp) {
        return Optional.ofNullable(logs.get(tp));
    }

    public List<Log> allLogs() {
        return new ArrayList<>(logs.values());
    }

    /** The partition's log, created with {@code config} in the log dir holding fewest logs if missing. */
    public Log getOrCreateLog(TopicPartition tp, LogConfig config) throws IOException {
        ensureStarted();
        Log existing = logs.get(tp);
        if (existing != null) {
            return existing;
        }
        synchronized (lock) {
            existing = logs.get(tp);
            if (existing != null) {
                return existing;
            }
            if (offlineLogs.contains(tp)) {
                throw new KafkaStorageException("The log of " + tp + " is in an offline log dir");
            }
            List<Path> online = onlineLogDirs();
            if (online.isEmpty()) {
                throw new KafkaStorageException("Cannot create the log of " + tp + ": every log dir is offline");
            }
            Map<Path, Integer> counts = new HashMap<>();
            online.forEach(d -> counts.put(d, 0));
            logs.values().forEach(l -> counts.computeIfPresent(l.dir().getParent(), (d, n) -> n + 1));
            Path logDir = online.stream().min(Comparator.comparing(counts::get)).orElseThrow();
            try {
                Log log = Log.open(logDir.resolve(tp.toString()), config, 0, 0, true, false, clock, failureChannel);
                logs.put(tp, log);
                return log;
            } catch (IOException e) {
                failureChannel.markOffline(logDir, "cannot create the log of " + tp, e);
                throw new KafkaStorageException("Cannot create the log of " + tp + " in " + logDir + ": "
                    + e.getMessage(), e);
            }
        }
    }

    public Log getOrCreateLog(TopicPartition tp) throws IOException {
        return getOrCreateLog(tp, settings.defaultConfig());
    }

    /**
     * Creates the logs of {@code partitions} that do not exist yet, spread over the log dirs as
     * {@link #getOrCreateLog} does, opening them on the recovery threads of each dir at once (a broker
     * handed thousands of new partitions by one topic creation). Other creations wait meanwhile.
     *
     * @return how many logs were created
     */
    public int createMissingLogs(Collection<TopicPartition> partitions, Function<String, LogConfig> configForTopic)
        throws IOException {
        ensureStarted();
        synchronized (lock) {
            List<Path> online = onlineLogDirs();
            if (online.isEmpty()) {
                throw new KafkaStorageException("Cannot create logs: every log dir is offline");
            }
            Map<Path, Integer> counts = new HashMap<>();
            online.forEach(d -> counts.put(d, 0));
            logs.values().forEach(l -> counts.computeIfPresent(l.dir().getParent(), (d, n) -> n + 1));
            Map<Path, List<TopicPartition>> byDir = new LinkedHashMap<>();
            Set<TopicPartition> planned = new HashSet<>();
            for (TopicPartition tp : partitions) {
                // a partition of an offline log dir waits for the restart that brings the dir back
                if (logs.containsKey(tp) || offlineLogs.contains(tp) || !planned.add(tp)) {
                    continue;
                }
                Path logDir = online.stream().min(Comparator.comparing(counts::get)).orElseThrow();
                counts.merge(logDir, 1, Integer::sum);
                byDir.computeIfAbsent(logDir, d -> new ArrayList<>()).add(tp);
            }
            if (planned.isEmpty()) {
                return 0;
            }
            Map<TopicPartition, Log> created = new ConcurrentHashMap<>();
            Map<Path, List<Path>> foldersByDir = new LinkedHashMap<>();
            byDir.forEach((dir, tps) -> foldersByDir.put(dir, tps.stream().map(tp -> dir.resolve(tp.toString())).toList()));
            try {
                LogDirPools.runAll(foldersByDir, settings.recoveryThreadsPerDataDir(), "log-create", folder -> {
                    Log log = Log.open(folder, configForTopic.apply(
                        LogFileNames.topicPartitionOf(folder.getFileName().toString()).topic()),
                        0, 0, true, false, clock, failureChannel);
                    created.put(log.topicPartition(), log);
                    return null;
                });
            } finally {
                logs.putAll(created); // those opened before a failure are kept, as one by one they would be
            }
            return created.size();
        }
    }

    /**
     * Deletes a partition's log: closes it, renames its folder {@code <topic>-<partition>.<uuid>-delete}
     * (so a crash from here on still ends with the folder gone) and removes it in the background.
     */
    public boolean deleteLog(TopicPartition tp) throws IOException {
        ensureStarted();
        Path renamed;
        synchronized (lock) {
            offlineLogs.remove(tp);
            Log log = logs.remove(tp);
            if (log == null) {
                return false;
            }
            log.close();
            renamed = log.dir().resolveSibling(tp + "." + UUID.randomUUID().toString().replace("-", "") + DELETE_DIR_SUFFIX);
            Files.move(log.dir(), renamed, StandardCopyOption.ATOMIC_MOVE);
            CheckpointFile.fsyncDirectory(renamed.getParent());
        }
        scheduler.execute(() -> {
            try {
                deleteRecursively(renamed);
            } catch (IOException e) {
                LOG.error("Cannot remove deleted log folder {}", renamed, e);
            }
        });
        return true;
    }

    /** Deletes every partition log of {@code topic}; returns how many. */
    public int deleteTopic(String topic) throws IOException {
        int deleted = 0;
        for (TopicPartition tp : new ArrayList<>(logs.keySet())) {
            if (tp.topic().equals(topic) && deleteLog(tp)) {
                deleted++;
            }
        }
        return deleted;
    }

    /** Applies retention to every log and removes segment files whose deletion delay has passed. */
    public void cleanupLogs() throws IOException {
        for (Log log : logs.values()) {
            try {
                log.deleteOldSegments();
                log.deleteExpiredFiles();
            } catch (KafkaStorageException e) {
                // reported to the failure channel already; the other logs go on
            }
        }
    }

    /** Forgets, in every log, the producers idle for {@code producer.id.expiration.ms}. */
    public void removeExpiredProducers() {
        for (Log log : logs.values()) {
            try {
                log.removeExpiredProducers(settings.producerIdExpirationMs());
            } catch (IllegalStateException | KafkaStorageException closed) {
                // deleted meanwhile (its producers went with it), or its folder failed
            }
        }
    }

    /** Flushes logs whose {@code flush.ms} has passed. */
    public void flushDirtyLogs() throws IOException {
        for (Log log : logs.values()) {
            try {
                log.flushIfDue();
            } catch (KafkaStorageException e) {
                // reported to the failure channel already; the other logs go on
            }
        }
    }

    /** Writes the three offset checkpoints of every log dir. */
    public void checkpoint() throws IOException {
        synchronized (lock) {
            for (Path logDir : onlineLogDirs()) {
                Map<TopicPartition, Long> recoveryPoints = new HashMap<>();
                Map<TopicPartition, Long> startOffsets = new HashMap<>();
                Map<TopicPartition, Long> highWatermarks = new HashMap<>();
                for (Log log : logs.values()) {
                    if (log.dir().getParent().equals(logDir)) {
                        recoveryPoints.put(log.topicPartition(), log.recoveryPoint());
                        startOffsets.put(log.topicPartition(), log.logStartOffset());
                        highWatermarks.put(log.topicPartition(), log.highWatermark());
                    }
                }
                try {
                    checkpoint(logDir, OffsetCheckpointFile.RECOVERY_POINT).write(recoveryPoints);
                    checkpoint(logDir, OffsetCheckpointFile.LOG_START_OFFSET).write(startOffsets);
                    checkpoint(logDir, OffsetCheckpointFile.HIGH_WATERMARK).write(highWatermarks);
                } catch (IOException e) {
                    failureChannel.markOffline(logDir, "cannot write its checkpoints", e);
                }
            }
        }
    }

    private void ensureStarted() {
        if (state.get() != State.STARTED) {
            throw new IllegalStateException("LogManager is " + state.get());
        }
    }

    /**
     * Stops the background tasks, snapshots every log's producer state, closes (flushes) every log,
     * writes the checkpoints and marks each log dir cleanly shut down. Idempotent.
     */
    @Override
    public void close() throws IOException {
        if (!state.compareAndSet(State.STARTED, State.CLOSED)) {
            state.set(State.CLOSED);
            return;
        }
        cleaner.close();
        scheduler.shutdown();
        try {
            if (!scheduler.awaitTermination(30, TimeUnit.SECONDS)) {
                scheduler.shutdownNow();
            }
        } catch (InterruptedException e) {
            scheduler.shutdownNow();
            Thread.currentThread().interrupt();
        }
        closeAll("log-flush", true);
        checkpoint();
        // an offline folder gets no marker: the next start recovers it (and cuts a torn write)
        for (Path logDir : onlineLogDirs()) {
            try {
                Files.write(logDir.resolve(CLEAN_SHUTDOWN_FILE), new byte[0]);
                CheckpointFile.fsyncDirectory(logDir);
            } catch (IOException e) {
                failureChannel.markOffline(logDir, "cannot write the clean-shutdown marker", e);
            }
        }
        logs.clear();
    }

    /**
     * Closes (and so flushes) every log, on the recovery threads of each log dir (as Kafka does at
     * shutdown), first snapshotting its producer state if {@code snapshot}.
     */
    private void closeAll(String threadName, boolean snapshot) throws IOException {
        Map<Path, List<Log>> byDir = new HashMap<>();
        settings.logDirs().forEach(dir -> byDir.put(dir, new ArrayList<>()));
        for (Log log : logs.values()) {
            byDir.computeIfAbsent(log.dir().getParent(), d -> new ArrayList<>()).add(log);
        }
        LogDirPools.runAll(byDir, settings.recoveryThreadsPerDataDir(), threadName, log -> {
            if (snapshot) {
                try {
                    log.takeProducerSnapshot();
                } catch (IOException | KafkaStorageException e) {
                    // only a shortcut for the next start, which otherwise replays the active segment's headers
                    LOG.warn("Cannot snapshot the producer state of {}: {}", log.topicPartition(), e.getMessage());
                }
            }
            try {
                log.close();
            } catch (KafkaStorageException e) {
                // its folder failed while closing: reported, and no marker will be written there
            }
            return null;
        });
    }

    static void deleteRecursively(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path path : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(path);
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /**
     * Stops without checkpoints or the clean-shutdown marker, as a crash would leave the folders
     * (file handles are released): the next start recovers from the last recovery point. For
     * crash tests and for a broker halting on a fatal error.
     */
    public void halt() throws IOException {
        if (!state.compareAndSet(State.STARTED, State.CLOSED)) {
            state.set(State.CLOSED);
            return;
        }
        scheduler.shutdownNow();
        cleaner.close();
        closeAll("log-close", false);
        logs.clear();
    }
}
