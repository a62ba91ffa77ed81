package io.zkafka.storage.internals;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.IntToLongFunction;

/**
 * A memory-mapped file of fixed-size entries sorted by key, shared by the offset and time index.
 * The active segment's index is preallocated to {@code segment.index.bytes} and trimmed to its
 * entries on roll and close, so a trimmed file's length says how many entries it has.
 *
 * <p>Thread-safe: every access goes through the private {@code lock}, held only for in-memory work
 * (no file I/O but the remap in {@link #resize}), so lookups from reader threads and appends from
 * the log's append thread never wait long on each other. No mapping is unmapped explicitly; the
 * garbage collector does it once no reader can hold it, which is why a reader never faults.
 */
public abstract class AbstractIndex {
    protected final ReentrantLock lock = new ReentrantLock();
    protected final long baseOffset;
    private final int entrySize;
    private final int maxIndexSize;
    private volatile Path file;
    protected MappedByteBuffer mmap;
    protected int entries;
    private int maxEntries;

    /**
     * Opens (creating if missing) an index file.
     *
     * @param maxEntriesOfLog the most entries the segment's log could have indexed (its size over the
     *     smallest batch): of a file still at its preallocated size only that many first slots are
     *     read, so opening the index of an empty or small segment touches no page of its holes
     */
    protected AbstractIndex(Path file, long baseOffset, int maxIndexSize, int entrySize, int maxEntriesOfLog)
        throws IOException {
        this.file = file;
        this.baseOffset = baseOffset;
        this.entrySize = entrySize;
        this.maxIndexSize = maxIndexSize;
        boolean existed = Files.exists(file);
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            long length = raf.length();
            if (existed && length % entrySize != 0) {
                throw new CorruptIndexException("Index file " + file + " has length " + length
                    + ", not a multiple of the entry size " + entrySize);
            }
            this.mmap = map(raf, existed ? length : 0);
            this.maxEntries = (int) (mmap.limit() / entrySize);
            this.entries = !existed ? 0 : length == maxIndexSize - maxIndexSize % entrySize
                ? filledSlots(raf.getChannel(), Math.min(maxEntries, Math.max(0, maxEntriesOfLog))) : maxEntries;
        }
    }

    /**
     * The entries of a file still at its preallocated size (an active segment's index after a hard
     * kill): of its first {@code slots} slots, those before the first all-zero one. No entry is all
     * zeros (an offset index entry never points at position 0, where no batch but the first can
     * start; a time index entry of timestamp 0 at the base offset would only make the index one entry
     * sparser), and entries are written in order, so a binary search finds the end.
     */
    private int filledSlots(FileChannel channel, int slots) throws IOException {
        if (slots == 0 || !isZeroSlot(channel, slots - 1)) {
            return slots;
        }
        int low = 0;
        int high = slots - 1;
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (isZeroSlot(channel, mid)) {
                high = mid;
            } else {
                low = mid + 1;
            }
        }
        return low;
    }

    /**
     * Read with a positional read, not through the mapping: the first touch of a mapped page that is
     * a hole of the sparse file costs milliseconds, a read of it microseconds.
     */
    private boolean isZeroSlot(FileChannel channel, int slot) throws IOException {
        ByteBuffer bytes = ByteBuffer.allocate(entrySize);
        while (bytes.hasRemaining() && channel.read(bytes, (long) slot * entrySize + bytes.position()) >= 0) {
            // keep reading: a positional read may return fewer bytes
        }
        for (int at = 0; at < entrySize; at += Integer.BYTES) {
            if (bytes.getInt(at) != 0) {
                return false;
            }
        }
        return true;
    }

    private static MappedByteBuffer map(RandomAccessFile raf, long length) throws IOException {
        raf.setLength(length);
        return raf.getChannel().map(FileChannel.MapMode.READ_WRITE, 0, length);
    }

    public Path file() {
        return file;
    }

    public long baseOffset() {
        return baseOffset;
    }

    public int entries() {
        lock.lock();
        try {
            return entries;
        } finally {
            lock.unlock();
        }
    }

    public boolean isFull() {
        lock.lock();
        try {
            return entries >= maxEntries;
        } finally {
            lock.unlock();
        }
    }

    /** Grows the file to {@code segment.index.bytes} so the active segment can append entries. */
    public void makeWritable() {
        resize(maxIndexSize);
    }

    /** Shrinks the file to exactly its entries (on roll and close). */
    public void trimToValidSize() {
        lock.lock();
        try {
            resize(entries * entrySize);
        } finally {
            lock.unlock();
        }
    }

    private void resize(int size) {
        lock.lock();
        try {
            int rounded = Math.max(size - size % entrySize, entries * entrySize);
            if (rounded == mmap.limit()) {
                return;
            }
            try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
                mmap = map(raf, rounded);
                maxEntries = rounded / entrySize;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot resize index " + file, e);
        } finally {
            lock.unlock();
        }
    }

    /** Removes every entry. */
    public void reset() {
        lock.lock();
        try {
            entries = 0;
        } finally {
            lock.unlock();
        }
    }

    public void flush() {
        lock.lock();
        try {
            mmap.force();
        } finally {
            lock.unlock();
        }
    }

    public void close() {
        trimToValidSize();
    }

    public void renameTo(Path target) throws IOException {
        if (Files.exists(file)) {
            Files.move(file, target, StandardCopyOption.ATOMIC_MOVE);
        }
        file = target;
    }

    public void deleteIfExists() throws IOException {
        Files.deleteIfExists(file);
    }

    /**
     * Throws {@link CorruptIndexException} if the file cannot be the index of a segment of
     * {@code logSize} bytes whose offsets end below {@code nextBaseOffset}: entries outside the
     * segment's offsets or bytes, or entries that do not rise. With {@code everyEntry} every entry is
     * compared with the one before (reading the whole file: for segments a crash may have left
     * half-written); without, the first and the last only (Kafka's check, for segments that were
     * flushed).
     */
    public abstract void sanityCheck(long logSize, long nextBaseOffset, boolean everyEntry);

    /** Slot of the last entry whose key is at most {@code target}, or -1. Call with the lock held. */
    protected int largestSlotAtMost(long target, IntToLongFunction keyAt) {
        int low = 0;
        int high = entries - 1;
        int found = -1;
        while (low <= high) {
            int mid = (low + high) >>> 1;
            if (keyAt.applyAsLong(mid) <= target) {
                found = mid;
                low = mid + 1;
            } else {
                high = mid - 1;
            }
        }
        return found;
    }

    /** Keeps only the entries before the first whose key is at least {@code target}. */
    protected void truncateToKey(long target, IntToLongFunction keyAt) {
        lock.lock();
        try {
            int slot = largestSlotAtMost(target - 1, keyAt);
            entries = slot + 1;
        } finally {
            lock.unlock();
        }
    }

    protected int relativeOffset(long offset) {
        long relative = offset - baseOffset;
        if (relative < 0 || relative > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("Offset " + offset + " does not fit index " + file
                + " with base offset " + baseOffset);
        }
        return (int) relative;
    }

    protected void ensureRoom() {
        if (entries >= maxEntries) {
            throw new IllegalStateException("Index " + file + " is full with " + entries + " entries");
        }
    }

    /** Entries the mapped file has room for. Call with the lock held. */
    protected int maxEntries() {
        return maxEntries;
    }
}
