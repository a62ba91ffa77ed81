package io.zkafka.server;

import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The exclusive OS lock on each log folder's {@value #FILE_NAME} file, held for the broker's
 * lifetime (as Kafka does), and the broker epoch of the broker's registration written into it.
 *
 * <p>The operating system releases the lock when the process that holds it dies, however it dies.
 * So a broker that takes the lock knows that the process that held it before has stopped, and the
 * epoch it finds in the file names that process's last registration in ZooKeeper. That is the
 * proof that lets a restarted broker replace its predecessor's registration at once instead of
 * waiting for the dead session to expire ({@link #predecessorEpoch()}). An epoch that was not
 * recorded (the predecessor died between registering and writing it) proves nothing, and
 * registration then waits as before. Folders are locked in order and all of them must be; the
 * largest epoch found wins (zxids only grow, and a predecessor that died while writing left its
 * newest epoch in some of them).
 *
 * <p>A folder that cannot be created or whose lock file cannot be opened, locked or read (an I/O
 * error: a failed disk) is left out and listed in {@link #unusable()}: the broker takes it offline
 * and starts with the others (Kafka's rule), unless none is left. A lock held by another process is
 * not a disk failure but two brokers on one folder: that still refuses the start.
 *
 * <pre>
 * .lock    broker.id=1
 *          broker.epoch=4294967321
 * </pre>
 *
 * <p>Thread-safe: {@link #recordEpoch} (the registration thread) and {@link #close} are
 * synchronized.
 */
final class LogDirLock implements AutoCloseable {
    static final String FILE_NAME = ".lock";
    private static final Logger log = LoggerFactory.getLogger(LogDirLock.class);

    private record Held(Path file, FileChannel channel, FileLock lock) {
    }

    private final int brokerId;
    private final List<Held> held;
    private final OptionalLong predecessorEpoch;
    private final Map<Path, IOException> unusable;

    private LogDirLock(int brokerId, List<Held> held, OptionalLong predecessorEpoch, Map<Path, IOException> unusable) {
        this.brokerId = brokerId;
        this.held = held;
        this.predecessorEpoch = predecessorEpoch;
        this.unusable = unusable;
    }

    /**
     * Locks every folder (creating it and its lock file if needed); a folder that fails with an I/O
     * error is left out ({@link #unusable()}).
     *
     * @throws IllegalStateException if another process (or another broker in this JVM) holds a lock
     * @throws IOException if no folder could be locked
     */
    static LogDirLock acquire(int brokerId, List<Path> logDirs) throws IOException {
        List<Held> held = new ArrayList<>();
        Map<Path, IOException> unusable = new LinkedHashMap<>();
        long newest = -1;
        try {
            for (Path dir : logDirs) {
                Held h = null;
                try {
                    h = lock(dir);
                    newest = Math.max(newest, recordedEpoch(brokerId, h.file(), h.channel()));
                    held.add(h);
                } catch (IOException e) {
                    if (h != null) {
                        release(List.of(h));
                    }
                    unusable.put(dir, e);
                }
            }
        } catch (RuntimeException e) {
            release(held);
            throw e;
        }
        if (held.isEmpty()) {
            IOException none = new IOException("No log dir could be locked: " + unusable);
            unusable.values().forEach(none::addSuppressed);
            throw none;
        }
        return new LogDirLock(brokerId, List.copyOf(held), newest < 0 ? OptionalLong.empty() : OptionalLong.of(newest),
            Collections.unmodifiableMap(unusable));
    }

    private static Held lock(Path dir) throws IOException {
        Files.createDirectories(dir);
        Path file = dir.resolve(FILE_NAME);
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
            StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        } catch (IOException e) {
            channel.close();
            throw e;
        }
        if (lock == null) {
            channel.close();
            throw new IllegalStateException("Failed to acquire the lock on " + file + ": another broker"
                + " process (or another broker in this JVM) is using the log folder " + dir);
        }
        return new Held(file, channel, lock);
    }

    /** The folders that could not be locked (an I/O error), with the error, in configuration order. */
    Map<Path, IOException> unusable() {
        return unusable;
    }

    /** The broker epoch the previous holder recorded, if it recorded one for this broker id. */
    OptionalLong predecessorEpoch() {
        return predecessorEpoch;
    }

    /** Writes this broker's current registration epoch into every lock file (on each registration). */
    synchronized void recordEpoch(long epoch) {
        byte[] content = ("broker.id=" + brokerId + "\nbroker.epoch=" + epoch + "\n").getBytes(StandardCharsets.UTF_8);
        for (Held h : held) {
            try {
                h.channel().truncate(0);
                h.channel().write(ByteBuffer.wrap(content), 0);
                h.channel().force(false);
            } catch (IOException e) {
                // without the record a restart waits for the session to expire: slower, never wrong
                log.warn("Could not record broker epoch {} in {}", epoch, h.file(), e);
            }
        }
    }

    /** Releases the locks, as the process's death would. Idempotent. */
    @Override
    public synchronized void close() {
        release(held);
    }

    private static long recordedEpoch(int brokerId, Path file, FileChannel channel) throws IOException {
        long size = channel.size();
        if (size == 0 || size > 4096) {
            return -1;
        }
        ByteBuffer buffer = ByteBuffer.allocate((int) size);
        while (buffer.hasRemaining() && channel.read(buffer, buffer.position()) >= 0) {
            // read it all
        }
        Properties recorded = new Properties();
        recorded.load(new StringReader(new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8)));
        try {
            if (Integer.parseInt(recorded.getProperty("broker.id", "-1").trim()) != brokerId) {
                return -1;
            }
            return Long.parseLong(recorded.getProperty("broker.epoch", "-1").trim());
        } catch (NumberFormatException e) {
            log.warn("Ignoring the unreadable content of {}", file);
            return -1;
        }
    }

    private static void release(List<Held> held) {
        for (Held h : held) {
            try {
                if (h.lock().isValid()) {
                    h.lock().release();
                }
                h.channel().close();
            } catch (IOException e) {
                log.warn("Releasing the lock {} failed", h.file(), e);
            }
        }
    }
}
