package io.zkafka.storage.internals;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The sparse map from offset to file position of one segment ({@code <base offset>.index}): an
 * entry every {@code index.interval.bytes} of log, each pointing at the start of a batch.
 *
 * <pre>
 * entry (8 bytes, big-endian), sorted by offset:
 * +--------------------------------+--------------------------------+
 * | offset - base offset (int32)   | position in the .log (int32)   |
 * +--------------------------------+--------------------------------+
 * </pre>
 *
 * Thread-safe (see {@link AbstractIndex}).
 */
public final class OffsetIndex extends AbstractIndex {
    private static final int ENTRY_SIZE = 8;

    /** An offset and the file position of the batch that starts there. */
    public record OffsetPosition(long offset, int position) {
    }

    public OffsetIndex(Path file, long baseOffset, int maxIndexSize) throws IOException {
        this(file, baseOffset, maxIndexSize, Integer.MAX_VALUE);
    }

    /** An index of a segment that could hold at most {@code maxEntriesOfLog} entries (see {@link AbstractIndex}). */
    public OffsetIndex(Path file, long baseOffset, int maxIndexSize, int maxEntriesOfLog) throws IOException {
        super(file, baseOffset, maxIndexSize, ENTRY_SIZE, maxEntriesOfLog);
    }

    private long offsetAt(int slot) {
        return baseOffset + readable().getInt(slot * ENTRY_SIZE);
    }

    private int positionAt(int slot) {
        return readable().getInt(slot * ENTRY_SIZE + 4);
    }

    /** Adds an entry; {@code offset} must be larger than the last entry's. */
    public void append(long offset, int position) {
        lock.lock();
        try {
            ensureRoom();
            if (entries > 0 && offset <= offsetAt(entries - 1)) {
                throw new IllegalArgumentException("Offset index entry " + offset + " is not above the last, "
                    + offsetAt(entries - 1) + ", in " + file());
            }
            int slot = entries;
            mapped().putInt(slot * ENTRY_SIZE, relativeOffset(offset));
            mapped().putInt(slot * ENTRY_SIZE + 4, position);
            entries++;
        } finally {
            lock.unlock();
        }
    }

    /** The last entry at or below {@code targetOffset}, or (base offset, 0) when there is none. */
    public OffsetPosition lookup(long targetOffset) {
        lock.lock();
        try {
            int slot = largestSlotAtMost(targetOffset, this::offsetAt);
            return slot < 0 ? new OffsetPosition(baseOffset, 0) : new OffsetPosition(offsetAt(slot), positionAt(slot));
        } finally {
            lock.unlock();
        }
    }

    /**
     * The file position of the last entry at or below {@code maxPosition}, or -1 when there is none.
     * Entries point at batch starts, so every batch before that position is whole.
     */
    public long positionAtMost(long maxPosition) {
        lock.lock();
        try {
            int slot = largestSlotAtMost(maxPosition, this::positionAt);
            return slot < 0 ? -1 : positionAt(slot);
        } finally {
            lock.unlock();
        }
    }

    /** The last entry, or (base offset, 0) when empty. */
    public OffsetPosition lastEntry() {
        lock.lock();
        try {
            return entries == 0 ? new OffsetPosition(baseOffset, 0)
                : new OffsetPosition(offsetAt(entries - 1), positionAt(entries - 1));
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
            int firstPosition = positionAt(0);
            int lastPosition = positionAt(entries - 1);
            if (firstOffset < baseOffset || lastOffset >= nextBaseOffset) {
                throw new CorruptIndexException("Offset index " + file() + " has entries " + firstOffset + ".."
                    + lastOffset + " outside its segment's offsets " + baseOffset + ".." + (nextBaseOffset - 1));
            }
            if (firstPosition < 0 || lastPosition >= logSize) {
                throw new CorruptIndexException("Offset index " + file() + " points at positions " + firstPosition
                    + ".." + lastPosition + " of a log of " + logSize + " bytes");
            }
            int from = everyEntry ? 1 : entries - 1;
            for (int slot = Math.max(1, from); slot < entries; slot++) {
                int previous = everyEntry ? slot - 1 : 0;
                if (offsetAt(slot) <= offsetAt(previous) || positionAt(slot) <= positionAt(previous)) {
                    throw new CorruptIndexException("Offset index " + file() + " entry " + slot + " ("
                        + offsetAt(slot) + " at " + positionAt(slot) + ") does not rise above entry " + previous + " ("
                        + offsetAt(previous) + " at " + positionAt(previous) + ")");
                }
            }
        } finally {
            lock.unlock();
        }
    }
}
