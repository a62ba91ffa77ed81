package io.zkafka.storage;

import io.zkafka.storage.internals.CheckpointFile;
import io.zkafka.storage.internals.LogFileNames;
import io.zkafka.storage.internals.LogSegment;
import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Collection;
import java.util.Deque;
import java.util.List;
import java.util.NavigableMap;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The segment files of one log, by base offset, the last one active: rolling, cutting the tail,
 * starting over, the cleaner's swap, and segments on their way out (renamed {@code .deleted}, their
 * files removed once due, so a reader still holding one keeps working until then).
 *
 * <p>Owned by its {@link Log}: every method that changes the segments or the pending deletes is
 * called with the log's lock held. The segment map is concurrent, so readers ({@link LogReader},
 * {@link #flushFrom}, the size and offset queries) use it without that lock.
 */
final class LogSegments {
    private final Path dir;
    private final ConcurrentSkipListMap<Long, LogSegment> segments;
    private final Deque<PendingDelete> pendingDeletes = new ArrayDeque<>();

    private record PendingDelete(LogSegment segment, long dueTime) {
    }

    LogSegments(Path dir, ConcurrentSkipListMap<Long, LogSegment> loaded) {
        this.dir = dir;
        this.segments = loaded;
    }

    LogSegment active() {
        return segments.lastEntry().getValue();
    }

    /**
     * Makes a new active segment at {@code newBaseOffset} (the current one if it is empty and already
     * starts there; an empty active segment at another offset is deleted at once).
     */
    LogSegment roll(long newBaseOffset, LogConfig config) throws IOException {
        LogSegment active = active();
        if (active.size() == 0 && active.baseOffset() == newBaseOffset) {
            return active;
        }
        if (active.size() == 0) {
            segments.remove(active.baseOffset());
            active.deleteFiles();
        } else {
            active.onBecomeInactive();
        }
        return openActive(newBaseOffset, config);
    }

    private LogSegment openActive(long baseOffset, LogConfig config) throws IOException {
        LogSegment next = LogSegment.open(dir, baseOffset, config.indexIntervalBytes(), config.segmentIndexBytes(), "");
        next.makeActive();
        segments.put(baseOffset, next);
        return next;
    }

    /**
     * Removes every offset at and above {@code offset}: the segments starting above it go (one always
     * stays), the new last one is cut and made active again.
     *
     * @return what the active segment's {@link LogSegment#truncateTo} returned
     */
    long truncateTail(long offset, long deleteDueTime) throws IOException {
        for (LogSegment later : new ArrayList<>(segments.tailMap(offset, false).values())) {
            if (segments.size() > 1) {
                deleteLater(later, deleteDueTime);
            }
        }
        LogSegment active = active();
        long cutBase = active.truncateTo(offset);
        active.makeActive();
        return cutBase;
    }

    /** Deletes every segment and starts again with one empty active segment at {@code offset}. */
    void startOverAt(long offset, LogConfig config, long deleteDueTime) throws IOException {
        for (LogSegment segment : new ArrayList<>(segments.values())) {
            deleteLater(segment, deleteDueTime);
        }
        openActive(offset, config);
    }

    /** Deletes the {@code count} oldest segments. */
    void deleteOldest(int count, long deleteDueTime) throws IOException {
        for (int i = 0; i < count; i++) {
            deleteLater(segments.firstEntry().getValue(), deleteDueTime);
        }
    }

    /** Takes the segment out of the log and renames it {@code .deleted}; its files go once due. */
    private void deleteLater(LogSegment segment, long dueTime) throws IOException {
        segments.remove(segment.baseOffset());
        segment.changeFileSuffix("", LogFileNames.DELETED_SUFFIX);
        pendingDeletes.add(new PendingDelete(segment, dueTime));
    }

    /** Whether every segment of {@code run} is still in the log and not the active one. */
    boolean holdsInactive(List<LogSegment> run) {
        LogSegment active = active();
        boolean held = true;
        for (LogSegment segment : run) {
            held &= segments.get(segment.baseOffset()) == segment && segment != active;
        }
        return held;
    }

    /** The swap of {@link Log#replaceSegments}, once the log has checked that the run is still there. */
    void swapIn(List<LogSegment> replaced, LogSegment cleaned, Runnable afterCommit, long deleteDueTime)
        throws IOException {
        cleaned.changeFileSuffix(LogFileNames.CLEANED_SUFFIX, LogFileNames.SWAP_SUFFIX);
        CheckpointFile.fsyncDirectory(dir);
        afterCommit.run();
        segments.put(cleaned.baseOffset(), cleaned);
        for (LogSegment segment : replaced.subList(1, replaced.size())) {
            segments.remove(segment.baseOffset());
        }
        for (LogSegment segment : replaced) {
            segment.changeFileSuffix("", LogFileNames.DELETED_SUFFIX);
            pendingDeletes.add(new PendingDelete(segment, deleteDueTime));
        }
        cleaned.changeFileSuffix(LogFileNames.SWAP_SUFFIX, "");
        CheckpointFile.fsyncDirectory(dir);
    }

    /** Takes the deleted segments due at {@code now}; the caller removes their files, outside the lock. */
    List<LogSegment> takeDueDeletes(long now) {
        List<LogSegment> due = new ArrayList<>();
        while (!pendingDeletes.isEmpty() && pendingDeletes.peekFirst().dueTime() <= now) {
            due.add(pendingDeletes.pollFirst().segment());
        }
        return due;
    }

    /**
     * Fsyncs the segments from the one holding {@code from} on, skipping empty ones at or above
     * {@code target}. Takes no lock: a segment deleted meanwhile needs no durability.
     */
    void flushFrom(long from, long target) throws IOException {
        Long first = segments.floorKey(from);
        for (LogSegment segment : segments.tailMap(first == null ? Long.MIN_VALUE : first, true).values()) {
            if (segment.baseOffset() >= target && segment.size() == 0) {
                continue;
            }
            try {
                segment.flush();
            } catch (ClosedChannelException e) {
                // deleted meanwhile by retention or truncation: nothing of it needs to be durable
            }
        }
    }

    /** Closes every segment and removes the files of those waiting to be deleted. */
    void closeAll() throws IOException {
        for (LogSegment segment : segments.values()) {
            segment.close();
        }
        for (PendingDelete pending : pendingDeletes) {
            pending.segment().deleteFiles();
        }
        pendingDeletes.clear();
    }

    /** The segment at {@code baseOffset}, or null if there is none (any more). */
    LogSegment get(long baseOffset) {
        return segments.get(baseOffset);
    }

    Map.Entry<Long, LogSegment> floorEntry(long offset) {
        return segments.floorEntry(offset);
    }

    Map.Entry<Long, LogSegment> higherEntry(long baseOffset) {
        return segments.higherEntry(baseOffset);
    }

    /** The base offset of the segment after the one at {@code baseOffset}, or null for the last. */
    Long nextBaseOffset(long baseOffset) {
        return segments.higherKey(baseOffset);
    }

    /** A live, weakly consistent view, oldest first. */
    Collection<LogSegment> values() {
        return segments.values();
    }

    /** A snapshot, oldest first. */
    List<LogSegment> list() {
        return new ArrayList<>(segments.values());
    }

    List<Long> baseOffsets() {
        return new ArrayList<>(segments.keySet());
    }

    long firstBaseOffset() {
        return segments.firstKey();
    }

    /** A read-only view of the segments by base offset, for header walks such as the producer state's replay. */
    NavigableMap<Long, LogSegment> view() {
        return Collections.unmodifiableNavigableMap(segments);
    }

    int count() {
        return segments.size();
    }

    long sizeInBytes() {
        long total = 0;
        for (LogSegment segment : segments.values()) {
            total += segment.size();
        }
        return total;
    }
}
