package io.zkafka.server;

import io.zkafka.metrics.BrokerMetrics;
import io.zkafka.storage.LogManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.management.ObjectName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The log dirs as operators watch them: Kafka's {@code OfflineLogDirectoryCount} and per-folder
 * {@code LogDirectoryOffline} gauges, a per-folder {@code LogDirectoryFreeBytes} gauge, and a check
 * every {@code log.dir.free.bytes.check.interval.ms} that warns when a folder's free space is below
 * {@code log.dir.free.bytes.warning.threshold}: once when it falls below, then at most every
 * {@link #REPEAT_WARNING_MS} while it stays there, and once (info) when it is back above.
 *
 * <pre>
 * kafka.log:type=LogManager,name=OfflineLogDirectoryCount                  folders offline
 * kafka.log:type=LogManager,name=LogDirectoryOffline,logDirectory=&lt;dir&gt;   1 if offline, else 0
 * kafka.log:type=LogManager,name=LogDirectoryFreeBytes,logDirectory=&lt;dir&gt; usable bytes (-1 if unreadable)
 * </pre>
 *
 * <p>Threads: gauges are read on any thread; the check runs on the scheduler given, whose thread alone
 * owns {@code lastWarnedMs}.
 */
final class LogDirMonitor implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LogDirMonitor.class);
    static final long REPEAT_WARNING_MS = TimeUnit.MINUTES.toMillis(10);
    private static final String PREFIX = "kafka.log:type=LogManager,name=";

    private final LogManager logManager;
    private final long thresholdBytes;
    private final Map<Path, Long> lastWarnedMs = new HashMap<>();
    private ScheduledExecutorService scheduler;

    LogDirMonitor(LogManager logManager, List<Path> logDirs, long thresholdBytes, BrokerMetrics metrics) {
        this.logManager = logManager;
        this.thresholdBytes = thresholdBytes;
        metrics.gauge(PREFIX + "OfflineLogDirectoryCount", () -> logManager.offlineLogDirs().size());
        for (Path dir : logDirs) {
            String tag = ",logDirectory=" + quote(dir.toAbsolutePath().normalize().toString());
            metrics.gauge(PREFIX + "LogDirectoryOffline" + tag, () -> logManager.offlineLogDirs().contains(dir) ? 1 : 0);
            metrics.gauge(PREFIX + "LogDirectoryFreeBytes" + tag, () -> freeBytes(dir));
        }
    }

    /** Starts the free space check on its own daemon thread {@code log-dir-monitor} (a hung disk blocks only it). */
    void start(long intervalMs) {
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "log-dir-monitor");
            thread.setDaemon(true);
            return thread;
        });
        scheduler.scheduleWithFixedDelay(() -> checkFreeSpace(System.currentTimeMillis()), 0, intervalMs,
            TimeUnit.MILLISECONDS);
    }

    /** Usable bytes of the file system holding {@code dir}, or -1 if it cannot be read. */
    static long freeBytes(Path dir) {
        try {
            return Files.getFileStore(dir).getUsableSpace();
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** Warns about online folders low on space (rate limited per folder); returns how many are low. */
    int checkFreeSpace(long nowMs) {
        if (thresholdBytes <= 0) {
            return 0;
        }
        int low = 0;
        for (Path dir : logManager.onlineLogDirs()) {
            long free = freeBytes(dir);
            if (free >= 0 && free < thresholdBytes) {
                low++;
                Long last = lastWarnedMs.get(dir);
                if (last == null || nowMs - last >= REPEAT_WARNING_MS) {
                    lastWarnedMs.put(dir, nowMs);
                    log.warn("Log dir {} has {} bytes free, below log.dir.free.bytes.warning.threshold={}: when it is "
                        + "full its partitions go offline on this broker", dir, free, thresholdBytes);
                }
            } else if (free >= 0 && lastWarnedMs.remove(dir) != null) {
                log.info("Log dir {} has {} bytes free again", dir, free);
            }
        }
        return low;
    }

    private static String quote(String value) {
        for (char c : value.toCharArray()) {
            if (",=:*?\"\\\n".indexOf(c) >= 0) {
                return ObjectName.quote(value);
            }
        }
        return value;
    }

    @Override
    public void close() {
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
    }
}
