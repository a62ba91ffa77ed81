package io.zkafka.storage.internals;

import io.zkafka.storage.AbortedTxn;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The aborted transactions whose abort markers lie in one segment, beside it as
 * {@code <base offset>.txnindex}: one entry per abort marker, in the order the markers were
 * appended (so by rising last offset). Kafka's layout, big-endian, {@value #ENTRY_SIZE} bytes an entry:
 *
 * <pre>
 *  0         2                    10                   18                   26                   34
 * +---------+--------------------+--------------------+--------------------+--------------------+
 * | version | producer id        | first offset       | last offset        | last stable offset |
 * | int16=0 | int64              | int64: the txn's   | int64: its abort   | int64: after the   |
 * |         |                    | first batch        | marker             | marker was written |
 * +---------+--------------------+--------------------+--------------------+--------------------+
 * </pre>
 *
 * The file exists only once an entry is written: segments without aborted transactions have none.
 * It is appended with plain writes (not memory-mapped; aborts are rare) and fsynced with its segment.
 * A file ending in a partial entry (a crash mid-write) is cut back to whole entries when opened; the
 * log's producer state replay then writes again every entry from its replay start on.
 *
 * <p>Threads: {@link #append}, {@link #truncateTo}, {@link #reset}, renames, {@link #flush},
 * {@link #close} and deletion come from the owning log's lock holder (or the cleaner, for a segment
 * not yet in the log). {@link #collectAbortedTxns} and {@link #allAbortedTxns} may run on any thread:
 * positional reads bounded by the volatile size, which grows only after an entry is written.
 */
public final class TransactionIndex {
    private static final Logger LOG = LoggerFactory.getLogger(TransactionIndex.class);

    static final short VERSION = 0;
    static final int VERSION_OFFSET = 0;
    static final int VERSION_LENGTH = 2;
    static final int PRODUCER_ID_OFFSET = VERSION_OFFSET + VERSION_LENGTH;
    static final int PRODUCER_ID_LENGTH = 8;
    static final int FIRST_OFFSET_OFFSET = PRODUCER_ID_OFFSET + PRODUCER_ID_LENGTH;
    static final int FIRST_OFFSET_LENGTH = 8;
    static final int LAST_OFFSET_OFFSET = FIRST_OFFSET_OFFSET + FIRST_OFFSET_LENGTH;
    static final int LAST_OFFSET_LENGTH = 8;
    static final int LAST_STABLE_OFFSET_OFFSET = LAST_OFFSET_OFFSET + LAST_OFFSET_LENGTH;
    static final int LAST_STABLE_OFFSET_LENGTH = 8;
    public static final int ENTRY_SIZE = LAST_STABLE_OFFSET_OFFSET + LAST_STABLE_OFFSET_LENGTH;

    /** What a search of one index found, and whether later segments' indexes may add to it. */
    public record SearchResult(List<AbortedTxn> abortedTxns, boolean isComplete) {
    }

    private final long baseOffset;
    private volatile Path file;
    private volatile FileChannel channel;
    private volatile long size;
    private long lastOffset = -1;

    /**
     * The index at {@code file}: opened if it exists (cut back to whole entries), created at the first
     * {@link #append} otherwise.
     */
    public TransactionIndex(Path file, long baseOffset) throws IOException {
        this.file = file;
        this.baseOffset = baseOffset;
        if (Files.exists(file)) {
            openChannel();
            long length = channel.size();
            long whole = length - length % ENTRY_SIZE;
            if (whole != length) {
                LOG.warn("Cutting {} bytes of a partial entry from the end of {}", length - whole, file);
                channel.truncate(whole);
            }
            size = whole;
            if (whole > 0) {
                lastOffset = readEntry(whole - ENTRY_SIZE).lastOffset();
            }
        }
    }

    private void openChannel() throws IOException {
        channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
    }

    public Path file() {
        return file;
    }

    public long baseOffset() {
        return baseOffset;
    }

    /** How many entries the index holds. */
    public int entries() {
        return (int) (size / ENTRY_SIZE);
    }

    /**
     * Appends the entry of a transaction whose abort marker was just written at {@code txn.lastOffset()}.
     *
     * @throws IllegalArgumentException if the marker is not after the last entry's
     */
    public void append(AbortedTxn txn) throws IOException {
        if (txn.lastOffset() <= lastOffset) {
            throw new IllegalArgumentException("Aborted transaction " + txn + " is not after the last entry of " + file
                + ", whose marker is at " + lastOffset);
        }
        if (channel == null) {
            openChannel();
        }
        ByteBuffer entry = ByteBuffer.allocate(ENTRY_SIZE);
        entry.putShort(VERSION).putLong(txn.producerId()).putLong(txn.firstOffset()).putLong(txn.lastOffset())
            .putLong(txn.lastStableOffset()).flip();
        long at = size;
        while (entry.hasRemaining()) {
            channel.write(entry, at + entry.position());
        }
        lastOffset = txn.lastOffset();
        size = at + ENTRY_SIZE;
    }

    /**
     * The entries of transactions that overlap [{@code fetchOffset}, {@code upperBoundOffset}): ended at
     * or after the fetch offset and started below the bound (Kafka's {@code collectAbortedTxns}). The
     * search is complete once an entry's last stable offset reaches the bound: every transaction that
     * started below it had ended by then, so no later index can add one.
     */
    public SearchResult collectAbortedTxns(long fetchOffset, long upperBoundOffset) throws IOException {
        List<AbortedTxn> found = new ArrayList<>();
        long end = size;
        FileChannel ch = channel;
        if (ch == null || end == 0) {
            return new SearchResult(found, false);
        }
        ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(end, 64L * ENTRY_SIZE));
        try {
            for (long position = 0; position < end; ) {
                int chunk = readChunk(ch, buffer, position, end);
                for (int at = 0; at < chunk; at += ENTRY_SIZE) {
                    AbortedTxn txn = entryAt(buffer, at);
                    if (txn.lastOffset() >= fetchOffset && txn.firstOffset() < upperBoundOffset) {
                        found.add(txn);
                    }
                    if (txn.lastStableOffset() >= upperBoundOffset) {
                        return new SearchResult(found, true);
                    }
                }
                position += chunk;
            }
        } catch (ClosedChannelException e) {
            // the segment was deleted while read: nothing of it is fetched any more
            return new SearchResult(found, false);
        }
        return new SearchResult(found, false);
    }

    /** Every entry, oldest first. */
    public List<AbortedTxn> allAbortedTxns() throws IOException {
        List<AbortedTxn> entries = new ArrayList<>();
        long end = size;
        if (channel == null) {
            return entries;
        }
        for (long position = 0; position < end; position += ENTRY_SIZE) {
            entries.add(readEntry(position));
        }
        return entries;
    }

    /** Removes every entry whose marker is at or above {@code offset} (the log was cut there). */
    public void truncateTo(long offset) throws IOException {
        long end = size;
        if (channel == null || end == 0) {
            return;
        }
        long keep = 0;
        long kept = -1;
        for (long position = 0; position < end; position += ENTRY_SIZE) {
            AbortedTxn txn = readEntry(position);
            if (txn.lastOffset() >= offset) {
                break;
            }
            keep = position + ENTRY_SIZE;
            kept = txn.lastOffset();
        }
        if (keep < end) {
            size = keep;
            channel.truncate(keep);
            lastOffset = kept;
        }
    }

    /** Removes every entry. */
    public void reset() throws IOException {
        truncateTo(Long.MIN_VALUE);
    }

    private AbortedTxn readEntry(long position) throws IOException {
        ByteBuffer entry = ByteBuffer.allocate(ENTRY_SIZE);
        while (entry.hasRemaining()) {
            if (channel.read(entry, position + entry.position()) < 0) {
                throw new CorruptIndexException(file + " ends inside the entry at " + position);
            }
        }
        return entryAt(entry.flip(), 0);
    }

    private static int readChunk(FileChannel ch, ByteBuffer buffer, long position, long end) throws IOException {
        buffer.clear();
        int chunk = (int) Math.min(buffer.capacity(), end - position);
        buffer.limit(chunk);
        while (buffer.hasRemaining()) {
            if (ch.read(buffer, position + buffer.position()) < 0) {
                return buffer.position() - buffer.position() % ENTRY_SIZE;
            }
        }
        return chunk;
    }

    private AbortedTxn entryAt(ByteBuffer buffer, int at) {
        short version = buffer.getShort(at + VERSION_OFFSET);
        if (version != VERSION) {
            throw new CorruptIndexException("Entry at byte " + at + " of " + file + " has version " + version
                + ", expected " + VERSION);
        }
        return new AbortedTxn(buffer.getLong(at + PRODUCER_ID_OFFSET), buffer.getLong(at + FIRST_OFFSET_OFFSET),
            buffer.getLong(at + LAST_OFFSET_OFFSET), buffer.getLong(at + LAST_STABLE_OFFSET_OFFSET));
    }

    public void flush() throws IOException {
        FileChannel ch = channel;
        if (ch != null) {
            ch.force(true);
        }
    }

    /** Renames the file (if it exists) to {@code target}; appends go there from now on. */
    public void renameTo(Path target) throws IOException {
        if (Files.exists(file)) {
            Files.move(file, target, StandardCopyOption.ATOMIC_MOVE);
        }
        file = target;
    }

    public void close() throws IOException {
        FileChannel ch = channel;
        if (ch != null) {
            ch.close();
        }
    }

    /** Closes and deletes the file. */
    public void deleteIfExists() throws IOException {
        close();
        Files.deleteIfExists(file);
    }

    @Override
    public String toString() {
        return "TransactionIndex(" + file + ", entries=" + entries() + ")";
    }
}
