package io.zkafka.storage.internals;

import static io.zkafka.common.record.RecordBatchDescriptor.NO_TIMESTAMP;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The sparse map from timestamp to offset of one segment ({@code <base offset>.timeindex}). Written
 * with each offset index entry when the segment's largest timestamp so far has grown, so both
 * columns rise; an entry says "no batch before this offset has a timestamp above this one".
 *
 * <pre>
 * entry (12 bytes, big-endian), sorted by timestamp and by offset:
 * +------------------------------------------+--------------------------------+
 * | largest timestamp so far (int64, ms)     | offset - base offset (int32)   |
 * +------------------------------------------+--------------------------------+
 * </pre>
 *
 * Thread-safe (see {@link AbstractIndex}).
 */
public final class TimeIndex extends AbstractIndex {
    private static final int ENTRY_SIZE = 12;

    /** A timestamp and the offset of the batch where the segment first reached it. */
    public record TimestampOffset(long timestamp, long offset) {
    }

    public TimeIndex(Path file, long baseOffset, int maxIndexSize) throws IOException {
        this(file, baseOffset, maxIndexSize, Integer.MAX_VALUE);
    }

    /** An index of a segment that could hold at most {@code maxEntriesOfLog} entries (see {@link AbstractIndex}). */
    public TimeIndex(Path file, long baseOffset, int maxIndexSize, int maxEntriesOfLog) throws IOException {
        super(file, baseOffset, maxIndexSize, ENTRY_SIZE, maxEntriesOfLog);
    }

    private long timestampAt(int slot) {
        return readable().getLong(slot * ENTRY_SIZE);
    }

    private long offsetAt(int slot) {
        return baseOffset + readable().getInt(slot * ENTRY_SIZE + 8);
    }

    /**
     * Adds an entry if {@code timestamp} is above the last one's. {@code skipFullCheck} lets the final
     * entry written on roll use the slot kept for it.
     */
    public void maybeAppend(long timestamp, long offset, boolean skipFullCheck) {
        lock.lock();
        try {
            if (entries > 0 && timestamp <= timestampAt(entries - 1)) {
                return;
            }
            if (entries > 0 && offset < offsetAt(entries - 1)) {
                throw new IllegalArgumentException("Time index entry for offset " + offset + " is below the last, "
                    + offsetAt(entries - 1) + ", in " + file());
            }
            if (!skipFullCheck && entries >= maxEntries() - 1) {
                throw new IllegalStateException("Time index " + file() + " is full with " + entries + " entries");
            }
            if (entries >= maxEntries()) {
                return;
            }
            int slot = entries;
            mapped().putLong(slot * ENTRY_SIZE, timestamp);
            mapped().putInt(slot * ENTRY_SIZE + 8, relativeOffset(offset));
            entries++;
        } finally {
            lock.unlock();
        }
    }

    /** Full one entry early: the last slot is kept for the entry written when the segment rolls. */
    @Override
    public boolean isFull() {
        lock.lock();
        try {
            return entries >= maxEntries() - 1;
        } finally {
            lock.unlock();
        }
    }

    /** The last entry whose timestamp is at most {@code target}, or (no timestamp, base offset). */
    public TimestampOffset lookup(long target) {
        lock.lock();
        try {
            int slot = largestSlotAtMost(target, this::timestampAt);
            return slot < 0 ? new TimestampOffset(NO_TIMESTAMP, baseOffset)
                : new TimestampOffset(timestampAt(slot), offsetAt(slot));
        } finally {
            lock.unlock();
        }
    }

    /** The last entry, or (no timestamp, base offset) when empty. */
    public TimestampOffset lastEntry() {
        lock.lock();
        try {
            return entries == 0 ? new TimestampOffset(NO_TIMESTAMP, baseOffset)
                : new TimestampOffset(timestampAt(entries - 1), offsetAt(entries - 1));
        } finally {
            lock.unlock();
        }
    }

    /** Drops entries at or above {@code offset}. */
    public void truncateTo(long offset) {
        truncateToKey(offset, this::offsetAt);
    }

    @Override
    public void sanityCheck(long logSize, long nextBaseOffset, boolean everyEntry) {
        lock.lock();
        try {
            if (entries == 0) {
                return;
            }
            long firstOffset = offsetAt(0);
            long lastOffset = offsetAt(entries - 1);
            if (firstOffset < baseOffset || lastOffset >= nextBaseOffset) {
                throw new CorruptIndexException("Time index " + file() + " has entries for offsets " + firstOffset
                    + ".." + lastOffset + " outside its segment's offsets " + baseOffset + ".." + (nextBaseOffset - 1));
            }
            int from = everyEntry ? 1 : entries - 1;
            for (int slot = Math.max(1, from); slot < entries; slot++) {
                int previous = everyEntry ? slot - 1 : 0;
                if (timestampAt(slot) <= timestampAt(previous) || offsetAt(slot) < offsetAt(previous)) {
                    throw new CorruptIndexException("Time index " + file() + " entry " + slot + " ("
                        + timestampAt(slot) + ", " + offsetAt(slot) + ") does not rise above entry " + previous + " ("
                        + timestampAt(previous) + ", " + offsetAt(previous) + ")");
                }
            }
        } finally {
            lock.unlock();
        }
    }
}
