package io.zkafka.storage.internals;

import io.zkafka.common.errors.CorruptRecordException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
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
 *   <li>Open every segment and check its indexes (whole entries; the first and last entry within the
 *       segment's offsets and bytes and rising; after an unclean shutdown, for the segment holding the
 *       recovery point, every entry rising). An index file that is missing or fails is rebuilt from its
 *       segment (which validates that segment's batches); the others are kept as they are.</li>
 *   <li>After a clean shutdown trust the files: the log end offset comes from the active segment's last
 *       offset-index entry plus a walk of the batch headers after it. No batch is validated.</li>
 *   <li>After an unclean shutdown, find the recovery point in its segment by a walk of batch headers
 *       from the index entry below it. Nothing after it: done, no batch validated (the usual case of
 *       a log nobody wrote to since its last flush). Else validate every batch from there to the end,
 *       re-indexing them and re-learning leader epochs; at the first torn or corrupt batch cut that
 *       segment and delete all later ones. Nothing is fsynced: the recovery point stays where it was
 *       (or at the log end if that is lower), so a crash during or after recovery recovers again.</li>
 * </ol>
 *
 * Runs on the thread that opens the log, before anyone else can see it.
 */
public final class LogLoader {
    private static final Logger LOG = LoggerFactory.getLogger(LogLoader.class);

    /**
     * The loaded folder: its segments by base offset, the offsets found (the recovery point: below it
     * everything is on disk), the batches validated, the segments whose indexes were rebuilt, and the
     * folder's file names as listed before its segments were opened (true of every file but segment
     * and index files, which recovery may delete or rebuild).
     */
    public record LoadResult(ConcurrentSkipListMap<Long, LogSegment> segments, long logEndOffset,
                             long logStartOffset, long recoveryPoint, int validatedBatches, int rebuiltIndexes,
                             List<String> listedFileNames) {
        /** Batches read while loading: validated whole, or their headers walked (by this loader and since). */
        public int batchesRead() {
            int read = validatedBatches;
            for (LogSegment segment : segments.values()) {
                read += segment.headersRead();
            }
            return read;
        }
    }

    private final Path dir;
    private final int indexIntervalBytes;
    private final int maxIndexSize;
    private final LeaderEpochCache epochCache;
    private int validatedBatches;
    private int rebuiltIndexes;

    public LogLoader(Path dir, int indexIntervalBytes, int maxIndexSize, LeaderEpochCache epochCache) {
        this.dir = dir;
        this.indexIntervalBytes = indexIntervalBytes;
        this.maxIndexSize = maxIndexSize;
        this.epochCache = epochCache;
    }

    public LoadResult load(long recoveryPoint, long logStartOffset, boolean hadCleanShutdown, long now)
        throws IOException {
        return load(recoveryPoint, logStartOffset, hadCleanShutdown, false, now);
    }

    /**
     * As {@link #load(long, long, boolean, long)}; with {@code recoveryPointIsLogEnd} (a clean
     * shutdown whose recovery point checkpoint was written after the log's last flush, so it is the
     * log end) the log end offset is taken from it and no batch is read at all, unless it cannot be
     * the active segment's end.
     */
    public LoadResult load(long recoveryPoint, long logStartOffset, boolean hadCleanShutdown,
                           boolean recoveryPointIsLogEnd, long now) throws IOException {
        // loading deletes and rebuilds segment and index files only: other files' names (producer state
        // snapshots) hold as listed here
        List<String> fileNames = removeLeftovers();
        if (fileNames.stream().anyMatch(name -> name.endsWith(LogFileNames.LOG_SUFFIX + LogFileNames.SWAP_SUFFIX))) {
            completeSwaps();
            fileNames = listFileNames();
        }
        List<Long> bases = segmentBases(fileNames);
        ConcurrentSkipListMap<Long, LogSegment> segments = new ConcurrentSkipListMap<>();
        // after an unclean shutdown, the segment holding the recovery point and those after it are recovered
        int recoveredFrom = hadCleanShutdown ? bases.size() : Math.max(0, floorIndex(bases, recoveryPoint));
        Set<Long> unsoundIndexes = new HashSet<>();
        for (int i = 0; i < bases.size(); i++) {
            long base = bases.get(i);
            long nextBase = i + 1 < bases.size() ? bases.get(i + 1) : Long.MAX_VALUE;
            if (i > recoveredFrom) {
                segments.put(base, openOrDropIndexes(base).segment());
                continue; // wholly past the recovery point: validated and re-indexed below
            }
            Opened opened = openChecked(base, nextBase, i == recoveredFrom);
            segments.put(base, opened.segment());
            if (!opened.indexesSound()) {
                unsoundIndexes.add(base);
            }
        }
        if (segments.isEmpty()) {
            long base = Math.max(logStartOffset, 0);
            segments.put(base, LogSegment.open(dir, base, indexIntervalBytes, maxIndexSize, ""));
        }
        long logEndOffset = hadCleanShutdown ? openCleanly(segments, recoveryPointIsLogEnd ? recoveryPoint : -1)
            : recover(segments, recoveryPoint, unsoundIndexes);
        long newRecoveryPoint = hadCleanShutdown ? logEndOffset : Math.min(recoveryPoint, logEndOffset);
        LogSegment active = segments.lastEntry().getValue();
        active.makeActive();
        active.startAgeAt(now);
        long startOffset = Math.min(Math.max(logStartOffset, segments.firstKey()), logEndOffset);
        epochCache.truncateFromEndOnLoad(logEndOffset);
        epochCache.truncateFromStart(startOffset);
        return new LoadResult(segments, logEndOffset, startOffset, newRecoveryPoint, validatedBatches, rebuiltIndexes,
            fileNames);
    }

    /** The index of the last base offset at or below {@code offset}, or -1. */
    private static int floorIndex(List<Long> bases, long offset) {
        int found = -1;
        for (int i = 0; i < bases.size() && bases.get(i) <= offset; i++) {
            found = i;
        }
        return found;
    }

    /** Deletes what a crash or a finished job left behind and returns the names of the files kept. */
    private List<String> removeLeftovers() throws IOException {
        List<String> names = listFileNames();
        Set<String> present = new HashSet<>(names);
        List<String> kept = new ArrayList<>(names.size());
        for (String name : names) {
            boolean orphanIndex = (name.endsWith(LogFileNames.INDEX_SUFFIX) || name.endsWith(LogFileNames.TIME_INDEX_SUFFIX)
                || name.endsWith(LogFileNames.TXN_INDEX_SUFFIX))
                && LogFileNames.baseOffsetOf(name) >= 0
                && !present.contains(LogFileNames.prefix(LogFileNames.baseOffsetOf(name)) + LogFileNames.LOG_SUFFIX);
            if (name.endsWith(".tmp") || name.endsWith(LogFileNames.DELETED_SUFFIX)
                || name.endsWith(LogFileNames.CLEANED_SUFFIX) || orphanIndex) {
                Files.delete(dir.resolve(name));
            } else {
                kept.add(name);
            }
        }
        return kept;
    }

    private List<String> listFileNames() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(file -> file.getFileName().toString()).toList();
        }
    }

    /** The base offsets of the segments among {@code fileNames}, in order. */
    private static List<Long> segmentBases(List<String> fileNames) {
        TreeSet<Long> bases = new TreeSet<>();
        for (String name : fileNames) {
            if (isSegmentName(name, LogFileNames.LOG_SUFFIX)) {
                bases.add(LogFileNames.baseOffsetOf(name));
            }
        }
        return new ArrayList<>(bases);
    }

    private static boolean isSegmentName(String name, String suffix) {
        return name.endsWith(suffix) && LogFileNames.baseOffsetOf(name) >= 0 && name.length() == 20 + suffix.length();
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
                .filter(name -> isSegmentName(name, suffix))
                .forEach(name -> offsets.add(LogFileNames.baseOffsetOf(name)));
        }
        return offsets;
    }

    /** A segment just opened, and whether its indexes passed the sanity check (or, from {@link #openOrDropIndexes}, exist). */
    private record Opened(LogSegment segment, boolean indexesSound) {
    }

    /** Opens a segment; index files that are missing, or cannot be indexes at all, are (re)created empty. */
    private Opened openOrDropIndexes(long baseOffset) throws IOException {
        boolean indexesExist = Files.exists(LogFileNames.indexFile(dir, baseOffset, ""))
            && Files.exists(LogFileNames.timeIndexFile(dir, baseOffset, ""));
        try {
            return new Opened(LogSegment.open(dir, baseOffset, indexIntervalBytes, maxIndexSize, ""), indexesExist);
        } catch (CorruptIndexException e) {
            LOG.warn("Deleting unreadable index files of segment {} in {}: {}", baseOffset, dir, e.getMessage());
            Files.deleteIfExists(LogFileNames.indexFile(dir, baseOffset, ""));
            Files.deleteIfExists(LogFileNames.timeIndexFile(dir, baseOffset, ""));
            return new Opened(LogSegment.open(dir, baseOffset, indexIntervalBytes, maxIndexSize, ""), false);
        }
    }

    /**
     * Opens a segment and checks its indexes. A segment below the recovery point whose indexes fail
     * is rebuilt at once; the segment holding it ({@code holdsRecoveryPoint}, checked entry by
     * entry) is left for {@link #recover}, which then re-reads it whole.
     */
    private Opened openChecked(long baseOffset, long nextBaseOffset, boolean holdsRecoveryPoint) throws IOException {
        Opened opened = openOrDropIndexes(baseOffset);
        LogSegment segment = opened.segment();
        try {
            if (!opened.indexesSound() && segment.size() > 0) {
                throw new CorruptIndexException("Index files of segment " + baseOffset + " are missing");
            }
            segment.sanityCheck(nextBaseOffset, holdsRecoveryPoint);
            return new Opened(segment, true);
        } catch (CorruptIndexException e) {
            if (holdsRecoveryPoint) {
                LOG.warn("Recovering all of {}: {}", segment.logFile(), e.getMessage());
                return new Opened(segment, false);
            }
            LOG.warn("Rebuilding the indexes of {}: {}", segment.logFile(), e.getMessage());
            LogSegment.RecoveryResult result = segment.recover((epoch, start) -> { });
            validatedBatches += result.validatedBatches();
            rebuiltIndexes++;
            segment.onBecomeInactive();
            return new Opened(segment, true);
        }
    }

    /** The log end after a clean shutdown: {@code knownEnd} if it fits the active segment (-1: unknown), else a header walk. */
    private long openCleanly(NavigableMap<Long, LogSegment> segments, long knownEnd) throws IOException {
        LogSegment active = segments.lastEntry().getValue();
        if (knownEnd >= active.baseOffset() && active.assumeNextOffset(knownEnd)) {
            return knownEnd;
        }
        try {
            return active.readNextOffset();
        } catch (CorruptRecordException e) {
            LOG.warn("Recovering {} despite a clean shutdown: {}", active.logFile(), e.getMessage());
            return recover(segments, active.baseOffset(), Set.of());
        }
    }

    /** Re-learns epochs from recovered batches without disturbing the ones the checkpoint already has. */
    private void assignNewerEpoch(int epoch, long startOffset) {
        if (epoch > epochCache.latestEpoch()) {
            epochCache.assign(epoch, startOffset);
        }
    }

    /**
     * Validates what lies past the recovery point (see the class comment) and returns the log end
     * offset. {@code unsoundIndexes}: base offsets of segments whose indexes failed their check,
     * which are therefore read whole.
     */
    private long recover(NavigableMap<Long, LogSegment> segments, long recoveryPoint, Set<Long> unsoundIndexes)
        throws IOException {
        Map.Entry<Long, LogSegment> holding = segments.floorEntry(recoveryPoint);
        LogSegment first = holding == null ? segments.firstEntry().getValue() : holding.getValue();
        LogSegment.WalkEnd start = holding == null || unsoundIndexes.contains(first.baseOffset())
            ? new LogSegment.WalkEnd(0, first.baseOffset()) : first.walkTo(recoveryPoint);
        List<LogSegment> unflushed = new ArrayList<>(segments.tailMap(first.baseOffset(), true).values());
        if (unflushed.size() == 1 && start.position() == first.size() && !unsoundIndexes.contains(first.baseOffset())) {
            return first.readNextOffset(); // nothing past the recovery point: no batch to validate
        }
        long nextOffset = -1;
        for (int i = 0; i < unflushed.size(); i++) {
            LogSegment segment = unflushed.get(i);
            LogSegment.RecoveryResult result = i == 0
                ? segment.recoverFrom(start.position(), start.nextOffset(), this::assignNewerEpoch)
                : segment.recover(this::assignNewerEpoch);
            if (i == 0 && start.position() == 0 && unsoundIndexes.contains(segment.baseOffset())) {
                rebuiltIndexes++;
            }
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
        return nextOffset;
    }
}
