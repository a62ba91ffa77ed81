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
import java.nio.file.StandardOpenOption;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.IntToLongFunction;

/**
 * A memory-mapped file of fixed-size entries sorted by key, shared by the offset and time index.
 * The active segment's index is preallocated to {@code segment.index.bytes} and trimmed to its
 * entries on roll and close, so a trimmed file's length says how many entries it has.
 *
 * <p>The file is mapped lazily (as Kafka's {@code LazyIndex}): opening learns the entries from the
 * file's length, and the mapping (with the growth to the preallocated size that
 * {@link #makeWritable} asks for) is made by the first write of an entry, or the first read of one
 * in a file longer than {@value #READ_WITHOUT_MAPPING_BYTES} bytes. A smaller file is read once
 * into memory instead (every write maps the file first, so the copy stays what the file holds). A
 * broker opening thousands of idle logs, whose loading reads their indexes' first and last entries,
 * maps none of their indexes and grows none to the preallocated size (about 25 system calls per log,
 * and as many again when it closes them); an index that was never mapped is trimmed on disk only if
 * its file is longer than its entries.
 *
 * <p>Thread-safe: every access goes through the private {@code lock}, held only for in-memory work
 * (no file I/O but the remap in {@link #resize}), so lookups from reader threads and appends from
 * the log's append thread never wait long on each other. No mapping is unmapped explicitly; the
 * garbage collector does it once no reader can hold it, which is why a reader never faults.
 */
public abstract class AbstractIndex {
    /** Up to this length an index file not mapped yet is read into memory for reads, not mapped. */
    static final int READ_WITHOUT_MAPPING_BYTES = 8 << 10;

    protected final ReentrantLock lock = new ReentrantLock();
    protected final long baseOffset;
    private final int entrySize;
    private final int maxIndexSize;
    private volatile Path file;
    /** The mapping, null until an entry is first written, or read from a large file (see {@link #readable()}). */
    private ByteBuffer mmap;
    /** While not mapped: a small file's bytes, read by the first read of an entry (see {@link #readable()}). */
    private ByteBuffer unmappedCopy;
    /** The bytes the index spans: the mapping's size once mapped, the size it will be mapped at until then. */
    private int span;
    /** The file's length on disk while not mapped (mapping sets it to {@code span}). */
    private long fileLength;
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
        long length = 0;
        if (existed) {
            length = Files.size(file);
            if (length % entrySize != 0) {
                throw new CorruptIndexException("Index file " + file + " has length " + length
                    + ", not a multiple of the entry size " + entrySize);
            }
            if (length > Integer.MAX_VALUE) {
                throw new CorruptIndexException("Index file " + file + " has length " + length + ", too long for an index");
            }
        } else {
            Files.createFile(file);
        }
        this.fileLength = length;
        this.span = (int) length;
        this.maxEntries = span / entrySize;
        if (existed && length == maxIndexSize - maxIndexSize % entrySize) {
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
                this.entries = filledSlots(channel, Math.min(maxEntries, Math.max(0, maxEntriesOfLog)));
            }
        } else {
            this.entries = maxEntries;
        }
    }

    /** The mapping, made now if this is the first access that needs it; for writes. Call with the lock held. */
    protected ByteBuffer mapped() {
        if (mmap == null) {
            try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
                mmap = map(raf, span);
                fileLength = span;
                unmappedCopy = null;
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot map index " + file, e);
            }
        }
        return mmap;
    }

    /**
     * What entries are read from: the mapping; or, while the file is not mapped and at most
     * {@value #READ_WITHOUT_MAPPING_BYTES} bytes long, its bytes read once into memory. Call with the lock held.
     */
    protected ByteBuffer readable() {
        if (mmap != null) {
            return mmap;
        }
        if (fileLength > READ_WITHOUT_MAPPING_BYTES) {
            return mapped();
        }
        if (unmappedCopy == null) {
            try {
                unmappedCopy = ByteBuffer.wrap(Files.readAllBytes(file));
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read index " + file, e);
            }
        }
        return unmappedCopy;
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
            if (rounded == span) {
                return;
            }
            if (mmap == null) {
                // not mapped: a growth waits for the mapping; a trim below the file's length is made on disk now
                if (rounded < fileLength) {
                    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
                        raf.setLength(rounded);
                    }
                    fileLength = rounded;
                }
            } else {
                try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
                    mmap = map(raf, rounded);
                    fileLength = rounded;
                }
            }
            span = rounded;
            maxEntries = rounded / entrySize;
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
            if (mmap instanceof MappedByteBuffer mapping) {
                mapping.force();
            }
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

    /**
     * Deletes the file. A mapping stays readable; an index never mapped is left empty rather than
     * mapped from a file re-created by the mapping (a reader then scans its segment from the start).
     */
    public void deleteIfExists() throws IOException {
        lock.lock();
        try {
            if (mmap == null) {
                mmap = ByteBuffer.allocate(0);
                entries = 0;
                span = 0;
                maxEntries = 0;
            }
        } finally {
            lock.unlock();
        }
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
