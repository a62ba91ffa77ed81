package io.zkafka.storage.internals;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Fault injection for storage failure tests: a simulated full disk under a folder. Every segment
 * write goes through {@link #write}; while no fault is injected (always, outside tests) that is one
 * empty-map check and the channel's own write. Under a folder with a {@link DiskFault}, writes past
 * its byte budget write the prefix that still fits (a torn write, as a real full file system leaves)
 * and then fail with {@code IOException("No space left on device")}.
 *
 * <p>The hook sits in the write call rather than in a wrapping {@code FileChannel}: the segment's
 * channel must stay the JDK's, or Netty's native zero-copy send of a fetch could not use it.
 *
 * <p>Thread-safe.
 */
public final class DiskFaults {
    public static final String NO_SPACE = "No space left on device";

    private static final Map<Path, DiskFault> FAULTS = new ConcurrentHashMap<>();

    private DiskFaults() {
    }

    /** A simulated disk under {@code dir}: writes work until {@link DiskFault#fillAfter} is called. */
    public static DiskFault inject(Path dir) {
        return FAULTS.computeIfAbsent(normalize(dir), d -> new DiskFault());
    }

    /** Removes the fault of {@code dir} (the disk is whole again). */
    public static void clear(Path dir) {
        FAULTS.remove(normalize(dir));
    }

    /** Writes all of {@code src} at {@code position} of {@code file}'s channel, unless a fault says otherwise. */
    public static void write(FileChannel channel, Path file, ByteBuffer src, long position) throws IOException {
        DiskFault fault = FAULTS.isEmpty() ? null : faultOf(file);
        int allowed = fault == null ? src.remaining() : fault.claim(src.remaining());
        ByteBuffer toWrite = src.duplicate();
        toWrite.limit(toWrite.position() + allowed);
        long at = position;
        while (toWrite.hasRemaining()) {
            at += channel.write(toWrite, at);
        }
        if (allowed < src.remaining()) {
            throw new IOException(NO_SPACE);
        }
    }

    private static DiskFault faultOf(Path file) {
        Path absolute = normalize(file);
        for (Map.Entry<Path, DiskFault> entry : FAULTS.entrySet()) {
            if (absolute.startsWith(entry.getKey())) {
                return entry.getValue();
            }
        }
        return null;
    }

    private static Path normalize(Path path) {
        return path.toAbsolutePath().normalize();
    }

    /** One simulated disk's space. Thread-safe. */
    public static final class DiskFault {
        private long bytesLeft = Long.MAX_VALUE;

        /** From now on only {@code bytes} more bytes fit; the write that passes them is torn and fails. */
        public synchronized void fillAfter(long bytes) {
            bytesLeft = bytes;
        }

        /** Space is back. */
        public synchronized void heal() {
            bytesLeft = Long.MAX_VALUE;
        }

        public synchronized boolean isFull() {
            return bytesLeft == 0;
        }

        synchronized int claim(int wanted) {
            int granted = (int) Math.min(wanted, bytesLeft);
            bytesLeft -= granted;
            return granted;
        }
    }
}
