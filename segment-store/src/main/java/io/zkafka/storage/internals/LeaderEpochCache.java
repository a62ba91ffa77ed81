package io.zkafka.storage.internals;

import io.zkafka.storage.EpochEndOffset;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Leader epoch to the first offset written in it, for one partition, kept in memory and mirrored to
 * {@code leader-epoch-checkpoint} (a {@link CheckpointFile} whose lines are {@code <epoch> <start offset>}).
 * Both columns rise. A follower asks a leader {@link #endOffsetFor} to find where its log diverges
 * (KIP-101/279).
 *
 * <p>Truncations are written (and fsynced) at once. A new epoch ({@link #assign}) only marks the
 * file stale: it is written by {@link #flushIfDirty}, which the log calls before it moves its
 * recovery point, and on close. An epoch that starts past the recovery point is in the batches
 * there, which recovery after a crash reads and re-learns, so nothing is lost by waiting; and a
 * leader taking over thousands of partitions does not fsync a file for each (as Kafka since 3.7,
 * KAFKA-15046). Thread-safe: all access holds the private lock.
 */
public final class LeaderEpochCache {
    public static final String FILE_NAME = "leader-epoch-checkpoint";

    /** One line of the checkpoint. */
    public record EpochEntry(int epoch, long startOffset) {
    }

    private final Object lock = new Object();
    private final TreeMap<Integer, Long> epochs = new TreeMap<>();
    private final CheckpointFile<EpochEntry> checkpoint;
    private boolean dirty;

    public LeaderEpochCache(Path partitionDir) throws IOException {
        this.checkpoint = new CheckpointFile<>(partitionDir.resolve(FILE_NAME), new CheckpointFile.Formatter<>() {
            @Override
            public String toLine(EpochEntry entry) {
                return entry.epoch() + " " + entry.startOffset();
            }

            @Override
            public EpochEntry fromLine(String[] fields) {
                if (fields.length != 2) {
                    throw new IllegalArgumentException("expected 'epoch start-offset'");
                }
                return new EpochEntry(Integer.parseInt(fields[0]), Long.parseLong(fields[1]));
            }
        });
        for (EpochEntry entry : checkpoint.read()) {
            epochs.put(entry.epoch(), entry.startOffset());
        }
    }

    /**
     * Records that {@code epoch} starts at {@code startOffset}. Entries this contradicts (an epoch at
     * least as large, or a start offset at least as large) are dropped first. Negative epochs are ignored.
     */
    public void assign(int epoch, long startOffset) {
        if (epoch < 0) {
            return;
        }
        synchronized (lock) {
            Map.Entry<Integer, Long> latest = epochs.lastEntry();
            if (latest != null && latest.getKey() == epoch && latest.getValue() <= startOffset) {
                return;
            }
            epochs.entrySet().removeIf(e -> e.getKey() >= epoch || e.getValue() >= startOffset);
            epochs.put(epoch, startOffset);
            dirty = true;
        }
    }

    /** Writes the checkpoint if an epoch was assigned since it was last written. */
    public void flushIfDirty() {
        synchronized (lock) {
            if (dirty) {
                flush();
            }
        }
    }

    /** The latest epoch, or {@link EpochEndOffset#UNDEFINED}. */
    public int latestEpoch() {
        synchronized (lock) {
            return epochs.isEmpty() ? EpochEndOffset.UNDEFINED : epochs.lastKey();
        }
    }

    /**
     * Where {@code requestedEpoch} ends: for the latest epoch the log end offset; for an older one the
     * start of the next epoch this log has, reported with the largest epoch at most the requested one
     * (or the requested one if the log starts after it); unknown for an epoch above the latest.
     */
    public EpochEndOffset endOffsetFor(int requestedEpoch, long logEndOffset) {
        synchronized (lock) {
            if (requestedEpoch < 0 || epochs.isEmpty()) {
                return EpochEndOffset.UNKNOWN;
            }
            if (requestedEpoch == epochs.lastKey()) {
                return new EpochEndOffset(requestedEpoch, logEndOffset);
            }
            Map.Entry<Integer, Long> higher = epochs.higherEntry(requestedEpoch);
            if (higher == null) {
                return EpochEndOffset.UNKNOWN;
            }
            Map.Entry<Integer, Long> floor = epochs.floorEntry(requestedEpoch);
            return new EpochEndOffset(floor == null ? requestedEpoch : floor.getKey(), higher.getValue());
        }
    }

    /**
     * Drops, while the log loads, epochs that start at or after its end, and marks the file stale
     * instead of writing it. Safe for the reason {@link #assign} is: until the recovery point moves
     * (which writes the file first) the log end stays at or past the recovery point, so after a crash
     * the next load drops the same epochs again, or recovery re-reads the batches from the recovery
     * point and each one drops the epochs that start after it. A clean restart of a broker leading
     * thousands of empty partitions (each with an epoch that starts at its end) then fsyncs nothing.
     */
    public void truncateFromEndOnLoad(long logEndOffset) {
        synchronized (lock) {
            if (epochs.values().removeIf(start -> start >= logEndOffset)) {
                dirty = true;
            }
        }
    }

    /** Drops epochs that start at or after {@code endOffset} (the log was truncated there). */
    public void truncateFromEnd(long endOffset) {
        synchronized (lock) {
            if (epochs.values().removeIf(start -> start >= endOffset)) {
                flush();
            }
        }
    }

    /** Moves the start of the log to {@code startOffset}: older epochs go, the one holding it starts there. */
    public void truncateFromStart(long startOffset) {
        synchronized (lock) {
            Map.Entry<Integer, Long> holding = epochs.floorEntry(Integer.MAX_VALUE);
            while (holding != null && holding.getValue() > startOffset) {
                holding = epochs.lowerEntry(holding.getKey());
            }
            if (holding == null) {
                return;
            }
            int epoch = holding.getKey();
            if (epochs.firstKey() == epoch && holding.getValue() == startOffset) {
                return;
            }
            epochs.headMap(epoch, true).clear();
            epochs.put(epoch, startOffset);
            flush();
        }
    }

    public void clear() {
        synchronized (lock) {
            epochs.clear();
            flush();
        }
    }

    public List<EpochEntry> entries() {
        synchronized (lock) {
            List<EpochEntry> list = new ArrayList<>();
            epochs.forEach((epoch, start) -> list.add(new EpochEntry(epoch, start)));
            return list;
        }
    }

    private void flush() {
        try {
            checkpoint.write(entries());
            dirty = false;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + checkpoint.file(), e);
        }
    }
}
