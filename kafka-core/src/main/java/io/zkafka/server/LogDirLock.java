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
import java.util.List;
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

    private LogDirLock(int brokerId, List<Held> held, OptionalLong predecessorEpoch) {
        this.brokerId = brokerId;
        this.held = held;
        this.predecessorEpoch = predecessorEpoch;
    }

    /**
     * Locks every folder (creating it and its lock file if needed).
     *
     * @throws IllegalStateException if another process (or another broker in this JVM) holds a lock
     */
    static LogDirLock acquire(int brokerId, List<Path> logDirs) throws IOException {
        List<Held> held = new ArrayList<>();
        long newest = -1;
        try {
            for (Path dir : logDirs) {
                Files.createDirectories(dir);
                Path file = dir.resolve(FILE_NAME);
                FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
                FileLock lock;
                try {
                    lock = channel.tryLock();
                } catch (OverlappingFileLockException e) {
                    lock = null;
                }
                if (lock == null) {
                    channel.close();
                    throw new IllegalStateException("Failed to acquire the lock on " + file + ": another broker"
                        + " process (or another broker in this JVM) is using the log folder " + dir);
                }
                held.add(new Held(file, channel, lock));
                newest = Math.max(newest, recordedEpoch(brokerId, file, channel));
            }
        } catch (IOException | RuntimeException e) {
            release(held);
            throw e;
        }
        return new LogDirLock(brokerId, List.copyOf(held), newest < 0 ? OptionalLong.empty() : OptionalLong.of(newest));
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
