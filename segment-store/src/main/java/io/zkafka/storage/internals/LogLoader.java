package io.zkafka.storage.internals;

import io.zkafka.common.errors.CorruptRecordException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens a partition folder into its segments, recovering what a crash may have damaged.
 *
 * <ol>
 *   <li>Remove leftovers: {@code *.tmp} checkpoints, {@code .deleted} and {@code .cleaned} files, and
 *       index files whose {@code .log} is gone. Complete a cleaner's swap: a {@code .swap} segment
 *       replaces every segment whose base offset it covers, then loses its suffix.</li>
 *   <li>Open every segment. An index file that is missing or fails its sanity check is rebuilt from
 *       its segment (which validates that segment's batches).</li>
 *   <li>After a clean shutdown trust the files: the log end offset comes from the active segment's last
 *       offset-index entry plus a walk of the batch headers after it. No batch is validated.</li>
 *   <li>After an unclean shutdown, validate every batch of every segment from the one holding the
 *       recovery point, rebuilding indexes; at the first torn or corrupt batch cut that segment and
 *       delete all later ones.</li>
 * </ol>
 *
 * Runs on the thread that opens the log, before anyone else can see it.
 */
public final class LogLoader {
    private static final Logger LOG = LoggerFactory.getLogger(LogLoader.class);

    /** The loaded folder: its segments by base offset and the offsets found. */
    public record LoadResult(ConcurrentSkipListMap<Long, LogSegment> segments, long logEndOffset,
                             long logStartOffset, int validatedBatches) {
    }

    private final Path dir;
    private final int indexIntervalBytes;
    private final int maxIndexSize;
    private final LeaderEpochCache epochCache;
    private int validatedBatches;

    public LogLoader(Path dir, int indexIntervalBytes, int maxIndexSize, LeaderEpochCache epochCache) {
        this.dir = dir;
        this.indexIntervalBytes = indexIntervalBytes;
        this.maxIndexSize = maxIndexSize;
        this.epochCache = epochCache;
    }

    public LoadResult load(long recoveryPoint, long logStartOffset, boolean hadCleanShutdown, long now)
        throws IOException {
        removeLeftovers();
        completeSwaps();
        ConcurrentSkipListMap<Long, LogSegment> segments = new ConcurrentSkipListMap<>();
        for (long baseOffset : segmentBaseOffsets(LogFileNames.LOG_SUFFIX)) {
            segments.put(baseOffset, openChecked(baseOffset, ""));
        }
        if (segments.isEmpty()) {
            long base = Math.max(logStartOffset, 0);
            segments.put(base, LogSegment.open(dir, base, indexIntervalBytes, maxIndexSize, ""));
        }
        long logEndOffset = hadCleanShutdown ? openCleanly(segments) : recover(segments, recoveryPoint);
        LogSegment active = segments.lastEntry().getValue();
        active.makeActive();
        active.startAgeAt(now);
        long startOffset = Math.min(Math.max(logStartOffset, segments.firstKey()), logEndOffset);
        epochCache.truncateFromEnd(logEndOffset);
        epochCache.truncateFromStart(startOffset);
        return new LoadResult(segments, logEndOffset, startOffset, validatedBatches);
    }

    private void removeLeftovers() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                String name = file.getFileName().toString();
                boolean orphanIndex = (name.endsWith(LogFileNames.INDEX_SUFFIX) || name.endsWith(LogFileNames.TIME_INDEX_SUFFIX)
                    || name.endsWith(LogFileNames.TXN_INDEX_SUFFIX))
                    && LogFileNames.baseOffsetOf(name) >= 0
                    && !Files.exists(LogFileNames.logFile(dir, LogFileNames.baseOffsetOf(name), ""));
                if (name.endsWith(".tmp") || name.endsWith(LogFileNames.DELETED_SUFFIX)
                    || name.endsWith(LogFileNames.CLEANED_SUFFIX) || orphanIndex) {
                    Files.delete(file);
                }
            }
        }
    }

    private void completeSwaps() throws IOException {
        for (long baseOffset : segmentBaseOffsets(LogFileNames.LOG_SUFFIX + LogFileNames.SWAP_SUFFIX)) {
            Files.deleteIfExists(LogFileNames.indexFile(dir, baseOffset, LogFileNames.SWAP_SUFFIX));
            Files.deleteIfExists(LogFileNames.timeIndexFile(dir, baseOffset, LogFileNames.SWAP_SUFFIX));
            LogSegment swap = LogSegment.open(dir, baseOffset, indexIntervalBytes, maxIndexSize, LogFileNames.SWAP_SUFFIX);
            LogSegment.RecoveryResult result = swap.recover((epoch, start) -> { });
            validatedBatches += result.validatedBatches();
            swap.onBecomeInactive();
            for (long replaced : segmentBaseOffsets(LogFileNames.LOG_SUFFIX)) {
                if (replaced >= baseOffset && replaced < result.nextOffset()) {
                    deleteSegmentFiles(replaced);
                }
            }
            swap.changeFileSuffix(LogFileNames.SWAP_SUFFIX, "");
            swap.close();
            LOG.info("Completed the swap of cleaned segment {} in {}", baseOffset, dir);
        }
    }

    private void deleteSegmentFiles(long baseOffset) throws IOException {
        Files.deleteIfExists(LogFileNames.logFile(dir, baseOffset, ""));
        Files.deleteIfExists(LogFileNames.indexFile(dir, baseOffset, ""));
        Files.deleteIfExists(LogFileNames.timeIndexFile(dir, baseOffset, ""));
        Files.deleteIfExists(LogFileNames.txnIndexFile(dir, baseOffset, ""));
    }

    private TreeSet<Long> segmentBaseOffsets(String suffix) throws IOException {
        TreeSet<Long> offsets = new TreeSet<>();
        try (Stream<Path> files = Files.list(dir)) {
            files.map(f -> f.getFileName().toString())
                .filter(name -> name.endsWith(suffix) && LogFileNames.baseOffsetOf(name) >= 0
                    && name.length() == 20 + suffix.length())
                .forEach(name -> offsets.add(LogFileNames.baseOffsetOf(name)));
        }
        return offsets;
    }

    private LogSegment openChecked(long baseOffset, String suffix) throws IOException {
        boolean indexesExist = Files.exists(LogFileNames.indexFile(dir, baseOffset, suffix))
            && Files.exists(LogFileNames.timeIndexFile(dir, baseOffset, suffix));
        LogSegment segment;
        try {
            segment = LogSegment.open(dir, baseOffset, indexIntervalBytes, maxIndexSize, suffix);
        } catch (CorruptIndexException e) {
            LOG.warn("Deleting unreadable index files of segment {} in {}: {}", baseOffset, dir, e.getMessage());
            Files.deleteIfExists(LogFileNames.indexFile(dir, baseOffset, suffix));
            Files.deleteIfExists(LogFileNames.timeIndexFile(dir, baseOffset, suffix));
            segment = LogSegment.open(dir, baseOffset, indexIntervalBytes, maxIndexSize, suffix);
            indexesExist = false;
        }
        try {
            if (!indexesExist && segment.size() > 0) {
                throw new CorruptIndexException("Index files of segment " + baseOffset + " are missing");
            }
            segment.sanityCheck();
        } catch (CorruptIndexException e) {
            LOG.warn("Rebuilding the indexes of {}: {}", segment.logFile(), e.getMessage());
            LogSegment.RecoveryResult result = segment.recover((epoch, start) -> { });
            validatedBatches += result.validatedBatches();
            segment.onBecomeInactive();
        }
        return segment;
    }

    private long openCleanly(NavigableMap<Long, LogSegment> segments) throws IOException {
        LogSegment active = segments.lastEntry().getValue();
        try {
            return active.readNextOffset();
        } catch (CorruptRecordException e) {
            LOG.warn("Recovering {} despite a clean shutdown: {}", active.logFile(), e.getMessage());
            return recover(segments, active.baseOffset());
        }
    }

    /** Re-learns epochs from recovered batches without disturbing the ones the checkpoint already has. */
    private void assignNewerEpoch(int epoch, long startOffset) {
        if (epoch > epochCache.latestEpoch()) {
            epochCache.assign(epoch, startOffset);
        }
    }

    private long recover(NavigableMap<Long, LogSegment> segments, long recoveryPoint) throws IOException {
        Long from = segments.floorKey(recoveryPoint);
        List<LogSegment> unflushed = new ArrayList<>(segments.tailMap(from == null ? segments.firstKey() : from, true).values());
        long nextOffset = -1;
        for (int i = 0; i < unflushed.size(); i++) {
            LogSegment segment = unflushed.get(i);
            LogSegment.RecoveryResult result = segment.recover(this::assignNewerEpoch);
            validatedBatches += result.validatedBatches();
            nextOffset = result.nextOffset();
            if (i < unflushed.size() - 1) {
                segment.onBecomeInactive();
            }
            if (result.truncatedBytes() > 0) {
                LOG.warn("Cut {} bytes of torn or corrupt data from {}; deleting {} later segments",
                    result.truncatedBytes(), segment.logFile(), unflushed.size() - 1 - i);
                for (LogSegment later : unflushed.subList(i + 1, unflushed.size())) {
                    segments.remove(later.baseOffset());
                    later.deleteFiles();
                }
                break;
            }
        }
        for (Map.Entry<Long, LogSegment> entry : segments.tailMap(from == null ? segments.firstKey() : from, true).entrySet()) {
            entry.getValue().flush();
        }
        if (nextOffset < 0) {
            nextOffset = segments.lastEntry().getValue().readNextOffset();
        }
        return nextOffset;
    }
}
