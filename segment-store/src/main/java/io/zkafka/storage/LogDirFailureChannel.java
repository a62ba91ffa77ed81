package io.zkafka.storage;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place per broker where storage errors are reported (Kafka's KIP-112). Any thread that
 * meets an I/O error in a log folder calls {@link #markOffline}: the first report of a folder logs
 * one error (with the cause's stack trace, once) and queues the folder; later reports of the same
 * folder are dropped silently. One handler thread takes queued folders with
 * {@link #takeNextOfflineDir()} and carries the failure out (closes the folder's logs, stops its
 * partitions, tells the controller).
 *
 * <p>Thread-safe. Never blocks the reporting thread, which may hold a log's lock.
 */
public final class LogDirFailureChannel {
    private static final Logger LOG = LoggerFactory.getLogger(LogDirFailureChannel.class);

    private final Set<Path> offline = ConcurrentHashMap.newKeySet();
    private final BlockingQueue<Path> pending = new LinkedBlockingQueue<>();

    /**
     * Reports that {@code logDir} failed. Idempotent per folder.
     *
     * @return whether this was the folder's first report
     */
    public boolean markOffline(Path logDir, String what, IOException cause) {
        Path dir = logDir.toAbsolutePath().normalize();
        if (!offline.add(dir)) {
            return false;
        }
        LOG.error("Log directory {} failed ({}): it goes offline; its partitions are no longer served here", dir,
            what, cause);
        pending.add(dir);
        return true;
    }

    public boolean isOffline(Path logDir) {
        return offline.contains(logDir.toAbsolutePath().normalize());
    }

    /** The folders reported so far (absolute, normalized). */
    public Set<Path> offlineDirs() {
        return Set.copyOf(offline);
    }

    /** The next folder that went offline and is not handled yet; blocks until there is one. */
    public Path takeNextOfflineDir() throws InterruptedException {
        return pending.take();
    }
}
