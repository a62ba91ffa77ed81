package io.zkafka.storage;

import io.zkafka.common.TopicPartition;
import io.zkafka.storage.internals.LogFileNames;
import io.zkafka.storage.internals.OffsetCheckpointFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens every log of a broker's log dirs at start-up: lists the partition folders of all dirs
 * (removing folders of deleted logs), then opens them on {@link LogDirPools} of
 * {@code num.recovery.threads.per.data.dir} threads per dir, all dirs at once. While it works, the
 * calling thread logs every second how far it got, as
 *
 * <pre>
 * Loading 3300 logs from 1 log dir(s) after an unclean shutdown, 2 threads per dir
 * Loaded 1200 of 3300 logs
 * Loaded 3300 of 3300 logs in 2345 ms after an unclean shutdown: 1624 batches read, 812 validated in 406 logs, 0 index files rebuilt
 * </pre>
 *
 * ({@code kafka-server-start.sh} reads these lines to tell a broker still loading its logs from one
 * that is stuck; keep their shape). Each dir's clean-shutdown marker is removed once everything is
 * loaded: a crash from then on is an unclean shutdown. Used once, by the thread that starts the
 * {@link LogManager}.
 */
final class LogsLoader {
    private static final Logger LOG = LoggerFactory.getLogger(LogManager.class);
    private static final long PROGRESS_EVERY_MS = 1_000;

    private final LogManager.Settings settings;
    private final LongSupplier clock;
    private final Function<String, LogConfig> configForTopic;
    private final LogDirFailureChannel failureChannel;
    /** Log dirs in which a log could not be opened, with the first error; filled by the loading threads. */
    private final Map<Path, Throwable> failedDirs = new ConcurrentHashMap<>();

    LogsLoader(LogManager.Settings settings, LongSupplier clock, Function<String, LogConfig> configForTopic,
               LogDirFailureChannel failureChannel) {
        this.settings = settings;
        this.clock = clock;
        this.configForTopic = configForTopic;
        this.failureChannel = failureChannel;
    }

    /** One log dir as found: its partition folders, whether it was shut down cleanly, and its checkpoints. */
    private record Dir(Path path, List<Path> partitionDirs, boolean clean, Map<TopicPartition, Long> recoveryPoints,
                       Map<TopicPartition, Long> startOffsets, Map<TopicPartition, Long> highWatermarks) {
    }

    /**
     * Opens every log. A log dir that cannot be listed, or in which a log cannot be opened, is taken
     * offline (Kafka's start-up rule) and its logs are left out; fails only if no log dir is left.
     */
    Map<TopicPartition, Log> loadAll() throws IOException {
        long started = System.nanoTime();
        List<Dir> dirs = new ArrayList<>();
        int total = 0;
        boolean allClean = true;
        for (Path logDir : settings.logDirs()) {
            Dir dir;
            try {
                Files.createDirectories(logDir);
                dir = scan(logDir);
            } catch (IOException e) {
                failureChannel.markOffline(logDir, "cannot list its logs", e);
                continue;
            }
            dirs.add(dir);
            total += dir.partitionDirs().size();
            allClean &= dir.clean();
        }
        String shutdown = allClean ? "a clean shutdown" : "an unclean shutdown";
        LOG.info("Loading {} logs from {} log dir(s) after {}, {} threads per dir", total, dirs.size(), shutdown,
            settings.recoveryThreadsPerDataDir());
        CountDownLatch remaining = new CountDownLatch(total);
        Map<Path, List<Path>> byDir = new LinkedHashMap<>();
        Map<Path, Dir> dirOf = new HashMap<>();
        for (Dir dir : dirs) {
            byDir.put(dir.path(), dir.partitionDirs());
            dir.partitionDirs().forEach(p -> dirOf.put(p, dir));
        }
        Map<TopicPartition, Log> logs = new LinkedHashMap<>();
        Throwable failure = null;
        try (LogDirPools<Path, Log> pools = LogDirPools.start(byDir, settings.recoveryThreadsPerDataDir(), "log-recovery",
            partitionDir -> {
                try {
                    return open(dirOf.get(partitionDir), partitionDir);
                } catch (IOException | RuntimeException e) {
                    failedDirs.putIfAbsent(dirOf.get(partitionDir).path(), e);
                    return null;
                } finally {
                    remaining.countDown();
                }
            })) {
            while (!remaining.await(PROGRESS_EVERY_MS, TimeUnit.MILLISECONDS) && pools.failure().isEmpty()) {
                LOG.info("Loaded {} of {} logs", total - remaining.getCount(), total);
            }
            failure = pools.failure().orElse(null);
            pools.close(); // lets running opens finish, so every opened log is in a future below
            for (Future<Log> future : pools.futures()) {
                if (future.isDone()) {
                    try {
                        Log log = future.get();
                        if (log == null) {
                            continue; // skipped after a failure
                        }
                        Log previous = logs.putIfAbsent(log.topicPartition(), log);
                        if (previous != null && failure == null) {
                            failure = new IllegalStateException("Partition " + log.topicPartition()
                                + " is in two log dirs: " + previous.dir() + " and " + log.dir());
                        }
                    } catch (ExecutionException e) {
                        failure = failure == null ? e.getCause() : failure;
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failure = e;
        }
        if (failure != null) {
            closeQuietly(logs);
            throw new IOException("Cannot load the logs: " + failure.getMessage(), failure);
        }
        failedDirs.forEach((logDir, error) -> {
            failureChannel.markOffline(logDir, "cannot load its logs", error instanceof IOException io ? io
                : new IOException(error.getMessage(), error));
            Map<TopicPartition, Log> inDir = new LinkedHashMap<>();
            for (Log log : logs.values()) {
                if (log.dir().getParent().equals(logDir)) {
                    inDir.put(log.topicPartition(), log);
                }
            }
            inDir.keySet().forEach(logs::remove);
            closeQuietly(inDir);
        });
        if (settings.logDirs().stream().allMatch(failureChannel::isOffline)) {
            closeQuietly(logs);
            throw new IOException("Every log dir failed to load: " + settings.logDirs());
        }
        for (Dir dir : dirs) {
            if (!failureChannel.isOffline(dir.path())) {
                Files.deleteIfExists(dir.path().resolve(LogManager.CLEAN_SHUTDOWN_FILE));
            }
        }
        long validated = 0;
        long read = 0;
        int recovered = 0;
        int rebuilt = 0;
        for (Log log : logs.values()) {
            validated += log.validatedBatchesOnLoad();
            read += log.batchesReadOnLoad();
            recovered += log.validatedBatchesOnLoad() > 0 ? 1 : 0;
            rebuilt += log.rebuiltIndexesOnLoad();
        }
        LOG.info("Loaded {} of {} logs in {} ms after {}: {} batches read, {} validated in {} logs, {} index files "
            + "rebuilt", logs.size(), total, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), shutdown, read,
            validated, recovered, rebuilt);
        return logs;
    }

    private Dir scan(Path logDir) throws IOException {
        boolean clean = Files.exists(logDir.resolve(LogManager.CLEAN_SHUTDOWN_FILE));
        List<Path> partitionDirs = new ArrayList<>();
        try (Stream<Path> children = Files.list(logDir)) {
            for (Path child : (Iterable<Path>) children::iterator) {
                if (!Files.isDirectory(child)) {
                    continue;
                }
                String name = child.getFileName().toString();
                if (name.endsWith(LogManager.DELETE_DIR_SUFFIX)) {
                    LogManager.deleteRecursively(child);
                } else if (name.matches(".+-[0-9]+")) {
                    partitionDirs.add(child);
                } else {
                    LOG.warn("Ignoring folder {}: not <topic>-<partition>", child);
                }
            }
        }
        return new Dir(logDir, partitionDirs, clean,
            new OffsetCheckpointFile(logDir.resolve(OffsetCheckpointFile.RECOVERY_POINT)).read(),
            new OffsetCheckpointFile(logDir.resolve(OffsetCheckpointFile.LOG_START_OFFSET)).read(),
            new OffsetCheckpointFile(logDir.resolve(OffsetCheckpointFile.HIGH_WATERMARK)).read());
    }

    private Log open(Dir dir, Path partitionDir) throws IOException {
        TopicPartition tp = LogFileNames.topicPartitionOf(partitionDir.getFileName().toString());
        Long recoveryPoint = dir.recoveryPoints().get(tp);
        // after a clean shutdown the checkpoint was written once every log was closed: it holds their ends
        Log log = Log.open(partitionDir, configForTopic.apply(tp.topic()), recoveryPoint == null ? 0L : recoveryPoint,
            dir.startOffsets().getOrDefault(tp, 0L), dir.clean(), recoveryPoint != null, clock, failureChannel);
        log.updateHighWatermark(dir.highWatermarks().getOrDefault(tp, 0L));
        return log;
    }

    private static void closeQuietly(Map<TopicPartition, Log> logs) {
        for (Log log : logs.values()) {
            try {
                log.close();
            } catch (IOException | RuntimeException e) {
                LOG.warn("Closing {} after a failed load failed", log.dir(), e);
            }
        }
    }
}
