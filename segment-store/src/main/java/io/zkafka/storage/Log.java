package io.zkafka.storage;

import io.zkafka.common.TopicPartition;
import io.zkafka.common.record.RecordBatchView;
import io.zkafka.storage.internals.BatchSetValidator;
import io.zkafka.storage.internals.CheckpointFile;
import io.zkafka.storage.internals.LeaderEpochCache;
import io.zkafka.storage.internals.LogFileNames;
import io.zkafka.storage.internals.LogLoader;
import io.zkafka.storage.internals.LogSegment;
import io.zkafka.storage.producer.LeaderAppendPlan;
import io.zkafka.storage.producer.ProducerStateEntry;
import io.zkafka.storage.producer.ProducerStateLoader;
import io.zkafka.storage.producer.ProducerStateManager;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ClosedChannelException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.LongSupplier;

/**
 * The log of one partition: a folder {@code <topic>-<partition>} of segments, appended at the end,
 * read anywhere, truncated for replication, trimmed at the start by retention.
 *
 * <p>Threads and locks. Writers (appends, roll, truncation, retention, config changes, close) hold the
 * private {@code lock}, so appends to one partition are serialized. Readers ({@link #read},
 * {@link #offsetForTimestamp}, the offset getters) take no log lock: segments live in a concurrent
 * map, the offsets are volatile and published after the bytes are written, and a segment leaving the
 * log is only renamed {@code .deleted} and closed {@code file.delete.delay.ms} later, so a reader that
 * still holds it keeps working. {@link #flush} fsyncs without the lock. Reads never block appends.
 *
 * <p>The compaction cleaner reads non-active segments without the lock and swaps its output in with
 * {@link #replaceSegments}, which holds it.
 *
 * <p>Producer state ({@link ProducerStateManager}, under the lock): a leader's append is checked
 * against it before anything is written, a follower's recorded after; a roll snapshots it; opening
 * and truncation rebuild it ({@link ProducerStateLoader}); retention deletes snapshots with their
 * segments.
 *
 * <p>Never interrupt a thread that is inside a log call: Java closes a {@code FileChannel} when a
 * thread blocked in it is interrupted, which would close the segment for every thread.
 */
public final class Log implements AutoCloseable {
    private final Object lock = new Object();
    private final Path dir;
    private final TopicPartition topicPartition;
    private final LongSupplier clock;
    private final ConcurrentSkipListMap<Long, LogSegment> segments;
    private final LeaderEpochCache epochCache;
    private final int validatedBatchesOnLoad;
    private final ProducerStateManager producerState;
    private final ProducerStateLoader.LoadResult producerStateLoad;
    private final Deque<PendingDelete> pendingDeletes = new ArrayDeque<>();
    private volatile LogConfig config;
    private volatile long logEndOffset;
    private volatile long logStartOffset;
    private volatile long recoveryPoint;
    private volatile long highWatermark;
    private long unflushedOffsets;
    private volatile long lastFlushTime;
    private long lowestTruncation = Long.MAX_VALUE;
    private boolean closed;

    private record PendingDelete(LogSegment segment, long dueTime) {
    }

    private Log(Path dir, LogConfig config, LongSupplier clock, LeaderEpochCache epochCache,
                LogLoader.LoadResult loaded, ProducerStateManager producerState,
                ProducerStateLoader.LoadResult producerStateLoad) {
        this.dir = dir;
        this.topicPartition = parseTopicPartition(dir.getFileName().toString());
        this.config = config;
        this.clock = clock;
        this.epochCache = epochCache;
        this.segments = loaded.segments();
        this.logEndOffset = loaded.logEndOffset();
        this.logStartOffset = loaded.logStartOffset();
        this.recoveryPoint = loaded.logEndOffset();
        this.highWatermark = loaded.logStartOffset();
        this.validatedBatchesOnLoad = loaded.validatedBatches();
        this.lastFlushTime = clock.getAsLong();
        this.producerState = producerState;
        this.producerStateLoad = producerStateLoad;
    }

    /**
     * Opens (creating if needed) the log in {@code dir}, recovering it from {@code recoveryPoint} if the
     * previous shutdown was not clean.
     *
     * @param clock milliseconds since the epoch; tests inject their own
     */
    public static Log open(Path dir, LogConfig config, long recoveryPoint, long logStartOffset,
                           boolean hadCleanShutdown, LongSupplier clock) throws IOException {
        Files.createDirectories(dir);
        LeaderEpochCache epochCache = new LeaderEpochCache(dir);
        LogLoader loader = new LogLoader(dir, config.indexIntervalBytes(), config.segmentIndexBytes(), epochCache);
        LogLoader.LoadResult loaded = loader.load(recoveryPoint, logStartOffset, hadCleanShutdown, clock.getAsLong());
        ProducerStateManager producerState = new ProducerStateManager(parseTopicPartition(dir.getFileName().toString()),
            dir);
        ProducerStateLoader.LoadResult producerStateLoad = ProducerStateLoader.rebuild(producerState, loaded.segments(),
            loaded.logStartOffset(), loaded.logEndOffset());
        return new Log(dir, config, clock, epochCache, loaded, producerState, producerStateLoad);
    }

    /** Parses a folder name {@code <topic>-<partition>} (the topic may contain '-'). */
    public static TopicPartition parseTopicPartition(String folderName) {
        int dash = folderName.lastIndexOf('-');
        if (dash <= 0 || dash == folderName.length() - 1) {
            throw new IllegalArgumentException("Folder name '" + folderName + "' is not <topic>-<partition>");
        }
        try {
            return new TopicPartition(folderName.substring(0, dash), Integer.parseInt(folderName.substring(dash + 1)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Folder name '" + folderName + "' does not end with a partition number");
        }
    }

    /**
     * Appends batches from a producer: validates them (idempotent ones against their producer's state,
     * see {@link LeaderAppendPlan}), stamps consecutive offsets from the log end and {@code leaderEpoch}
     * into their headers (in the caller's buffer), writes them. Leading batches already written are not
     * written again: the answer carries their original offsets.
     *
     * @throws io.zkafka.common.errors.ApiException subclasses for producer state violations
     *     (out of order, fenced epoch, unknown producer)
     */
    public LogAppendInfo append(ByteBuffer batches, int leaderEpoch) throws IOException {
        return append(batches, leaderEpoch, true);
    }

    /**
     * Appends batches copied from the leader, keeping their offsets and epochs. The first must start at
     * or after the log end offset and each above the one before.
     */
    public LogAppendInfo appendAsFollower(ByteBuffer batches) throws IOException {
        return append(batches, -1, false);
    }

    private LogAppendInfo append(ByteBuffer batches, int leaderEpoch, boolean assignOffsets) throws IOException {
        LogConfig cfg = config;
        BatchSetValidator.Summary summary = BatchSetValidator.validate(batches, cfg.maxMessageBytes(), !assignOffsets);
        long now = clock.getAsLong();
        boolean flushNeeded;
        long firstOffset;
        long lastOffset;
        long maxTimestamp;
        LeaderAppendPlan plan = null;
        long duplicatesFrom = -1;
        synchronized (lock) {
            ensureOpen();
            if (assignOffsets) {
                firstOffset = logEndOffset;
                plan = producerState.planLeaderAppend(batches, firstOffset, cfg.logAppendTime() ? now : -1);
                if (plan.duplicateBytes() > 0) {
                    if (plan.onlyDuplicates(batches)) {
                        return LogAppendInfo.duplicate(plan.firstDuplicate().firstOffset(),
                            plan.lastDuplicate().lastOffset(), plan.lastDuplicate().timestamp(), now);
                    }
                    duplicatesFrom = plan.firstDuplicate().firstOffset();
                    batches = batches.duplicate().position(batches.position() + plan.duplicateBytes());
                    summary = BatchSetValidator.validate(batches, cfg.maxMessageBytes(), false);
                }
                BatchSetValidator.assignOffsets(batches, firstOffset, leaderEpoch, cfg.logAppendTime() ? now : -1);
                lastOffset = firstOffset + summary.offsetCount() - 1;
                maxTimestamp = cfg.logAppendTime() ? now : summary.maxTimestamp();
            } else {
                firstOffset = summary.firstOffset();
                lastOffset = summary.lastOffset();
                maxTimestamp = summary.maxTimestamp();
                if (firstOffset < logEndOffset) {
                    throw new UnexpectedAppendOffsetException("Follower append for " + topicPartition + " starts at offset "
                        + firstOffset + ", below the log end offset " + logEndOffset);
                }
            }
            LogSegment active = segments.lastEntry().getValue();
            if (active.shouldRoll(summary.sizeInBytes(), lastOffset, now, cfg.segmentBytes(), cfg.segmentMs())
                || firstOffset - active.baseOffset() > Integer.MAX_VALUE) {
                active = roll(firstOffset);
            }
            active.append(batches, now);
            if (assignOffsets) {
                epochCache.assign(leaderEpoch, firstOffset);
            } else {
                assignFollowerEpochs(batches);
            }
            if (plan != null) {
                plan.commit();
            } else {
                producerState.recordReplicated(batches);
            }
            producerState.updateMapEndOffset(lastOffset + 1);
            logEndOffset = lastOffset + 1;
            unflushedOffsets += summary.offsetCount();
            flushNeeded = unflushedOffsets >= cfg.flushMessages();
        }
        if (flushNeeded) {
            flush();
        }
        return new LogAppendInfo(duplicatesFrom >= 0 ? duplicatesFrom : firstOffset, lastOffset, maxTimestamp, now,
            summary.batchCount(), summary.sizeInBytes());
    }

    private void assignFollowerEpochs(ByteBuffer batches) {
        RecordBatchView view = new RecordBatchView();
        for (int at = batches.position(); at < batches.limit(); at += view.sizeInBytes()) {
            view.wrap(batches, at);
            if (view.partitionLeaderEpoch() > epochCache.latestEpoch()) {
                epochCache.assign(view.partitionLeaderEpoch(), view.baseOffset());
            }
        }
    }

    /** Starts a new active segment at the log end offset (a no-op if the active one is empty). */
    public void roll() throws IOException {
        synchronized (lock) {
            ensureOpen();
            roll(logEndOffset);
        }
    }

    private LogSegment roll(long newBaseOffset) throws IOException {
        LogSegment active = segments.lastEntry().getValue();
        if (active.size() == 0 && active.baseOffset() == newBaseOffset) {
            return active;
        }
        if (active.size() == 0) {
            segments.remove(active.baseOffset());
            active.deleteFiles();
        } else {
            active.onBecomeInactive();
        }
        producerState.updateMapEndOffset(newBaseOffset);
        producerState.takeSnapshot();
        LogConfig cfg = config;
        LogSegment next = LogSegment.open(dir, newBaseOffset, cfg.indexIntervalBytes(), cfg.segmentIndexBytes(), "");
        next.makeActive();
        segments.put(newBaseOffset, next);
        return next;
    }

    /** {@link #read(long, int, long)} with no upper offset bound. */
    public FileSlice read(long startOffset, int maxBytes) throws IOException {
        return read(startOffset, maxBytes, Long.MAX_VALUE);
    }

    /**
     * Whole batches from the one holding {@code startOffset}: as many as fit in {@code maxBytes} but at
     * least the first, and none holding {@code maxOffset} or later (pass the high watermark for
     * consumers). Empty at the log end.
     *
     * @throws OffsetOutOfRangeException if {@code startOffset} is below the log start or above the log end
     */
    public FileSlice read(long startOffset, int maxBytes, long maxOffset) throws IOException {
        long end = logEndOffset;
        long start = logStartOffset;
        if (startOffset < start || startOffset > end) {
            throw new OffsetOutOfRangeException("Offset " + startOffset + " of " + topicPartition
                + " is outside the log's range [" + start + ", " + end + "]");
        }
        if (startOffset == end || maxOffset <= startOffset) {
            return FileSlice.empty(startOffset);
        }
        Map.Entry<Long, LogSegment> entry = segments.floorEntry(startOffset);
        while (entry != null) {
            LogSegment segment = entry.getValue();
            if (segment.baseOffset() >= maxOffset) {
                break;
            }
            Long nextBase = segments.higherKey(segment.baseOffset());
            long maxPosition = Long.MAX_VALUE;
            if (nextBase == null || maxOffset < nextBase) {
                LogSegment.BatchPosition bound = maxOffset == Long.MAX_VALUE ? null : segment.translateOffset(maxOffset);
                maxPosition = bound == null ? Long.MAX_VALUE : bound.position();
            }
            try {
                FileSlice slice = segment.read(startOffset, maxBytes, maxPosition);
                if (slice != null) {
                    return slice;
                }
            } catch (AsynchronousCloseException e) {
                throw e;
            } catch (ClosedChannelException e) {
                throw new OffsetOutOfRangeException("Offset " + startOffset + " of " + topicPartition
                    + " was deleted while it was read");
            }
            entry = segments.higherEntry(segment.baseOffset());
        }
        return FileSlice.empty(startOffset);
    }

    /**
     * The first offset, at or above the log start, of a batch whose largest timestamp is at least
     * {@code timestamp}: the base offset of that batch (the broker does not decode records, so the
     * answer is a batch boundary). Empty if no batch is that recent.
     */
    public OptionalLong offsetForTimestamp(long timestamp) throws IOException {
        long start = logStartOffset;
        for (LogSegment segment : segments.values()) {
            Long nextBase = segments.higherKey(segment.baseOffset());
            if ((nextBase != null && nextBase <= start) || segment.largestTimestamp() < timestamp) {
                continue;
            }
            long found = segment.findOffsetByTimestamp(timestamp, start);
            if (found >= 0) {
                return OptionalLong.of(Math.max(found, start));
            }
        }
        return OptionalLong.empty();
    }

    /**
     * Removes every offset at and above {@code offset} (a follower's divergent tail). A no-op at or
     * above the log end. Below the log start it empties the log and starts it at {@code offset}.
     *
     * @return whether anything was removed
     */
    public boolean truncateTo(long offset) throws IOException {
        if (offset < 0) {
            throw new OffsetOutOfRangeException("Cannot truncate " + topicPartition + " to negative offset " + offset);
        }
        synchronized (lock) {
            ensureOpen();
            if (offset >= logEndOffset) {
                return false;
            }
            if (offset < logStartOffset) {
                truncateFullyAndStartAt(offset);
                return true;
            }
            lowestTruncation = Math.min(lowestTruncation, offset);
            for (LogSegment later : new ArrayList<>(segments.tailMap(offset, false).values())) {
                if (segments.size() > 1) {
                    deleteSegmentLater(later);
                }
            }
            LogSegment active = segments.lastEntry().getValue();
            long cutBase = active.truncateTo(offset);
            active.makeActive();
            logEndOffset = Math.min(offset, cutBase);
            recoveryPoint = Math.min(recoveryPoint, logEndOffset);
            highWatermark = Math.min(highWatermark, logEndOffset);
            epochCache.truncateFromEnd(logEndOffset);
            ProducerStateLoader.rebuild(producerState, segments, logStartOffset, logEndOffset);
            return true;
        }
    }

    /** Deletes every segment and starts the log empty at {@code offset} (a follower far behind). */
    public void truncateFullyAndStartAt(long offset) throws IOException {
        synchronized (lock) {
            ensureOpen();
            for (LogSegment segment : new ArrayList<>(segments.values())) {
                deleteSegmentLater(segment);
            }
            LogConfig cfg = config;
            LogSegment fresh = LogSegment.open(dir, offset, cfg.indexIntervalBytes(), cfg.segmentIndexBytes(), "");
            fresh.makeActive();
            segments.put(offset, fresh);
            logEndOffset = offset;
            logStartOffset = offset;
            recoveryPoint = offset;
            highWatermark = offset;
            lowestTruncation = Long.MIN_VALUE;
            epochCache.clear();
            producerState.truncateFullyAndStartAt(offset);
        }
    }

    /**
     * Moves the log start offset up to {@code offset} (Kafka's DeleteRecords) and deletes the segments
     * wholly below it. The offset may not pass the high watermark.
     *
     * @return the log start offset after the call
     */
    public long deleteRecordsBefore(long offset) throws IOException {
        synchronized (lock) {
            ensureOpen();
            if (offset > highWatermark) {
                throw new OffsetOutOfRangeException("Cannot delete records of " + topicPartition + " before " + offset
                    + ": above the high watermark " + highWatermark);
            }
            if (offset > logStartOffset) {
                logStartOffset = offset;
                epochCache.truncateFromStart(offset);
                deleteSegmentsBelowLogStart();
                producerState.deleteSnapshotsBefore(segments.firstKey());
            }
            return logStartOffset;
        }
    }

    /**
     * Applies retention: deletes old segments by {@code retention.ms} (their largest timestamp) and
     * {@code retention.bytes} when the cleanup policy includes delete, and segments wholly below the log
     * start offset always. Never the active segment.
     *
     * @return how many segments were deleted
     */
    public int deleteOldSegments() throws IOException {
        synchronized (lock) {
            ensureOpen();
            LogConfig cfg = config;
            int deleted = 0;
            if (cfg.deleteEnabled() && cfg.retentionMs() >= 0) {
                long cutoff = clock.getAsLong() - cfg.retentionMs();
                while (segments.size() > 1 && segments.firstEntry().getValue().largestTimestamp() < cutoff) {
                    deleteSegmentLater(segments.firstEntry().getValue());
                    deleted++;
                }
            }
            if (cfg.deleteEnabled() && cfg.retentionBytes() >= 0) {
                long excess = size() - cfg.retentionBytes();
                while (segments.size() > 1 && excess >= segments.firstEntry().getValue().size()) {
                    LogSegment oldest = segments.firstEntry().getValue();
                    excess -= oldest.size();
                    deleteSegmentLater(oldest);
                    deleted++;
                }
            }
            deleted += deleteSegmentsBelowLogStart();
            if (segments.firstKey() > logStartOffset) {
                logStartOffset = segments.firstKey();
                epochCache.truncateFromStart(logStartOffset);
            }
            highWatermark = Math.max(highWatermark, logStartOffset);
            producerState.deleteSnapshotsBefore(segments.firstKey());
            return deleted;
        }
    }

    private int deleteSegmentsBelowLogStart() throws IOException {
        int deleted = 0;
        while (segments.size() > 1 && segments.higherKey(segments.firstKey()) <= logStartOffset) {
            deleteSegmentLater(segments.firstEntry().getValue());
            deleted++;
        }
        return deleted;
    }

    /** Takes the segment out of the log and renames it {@code .deleted}; its files go after the delay. */
    private void deleteSegmentLater(LogSegment segment) throws IOException {
        segments.remove(segment.baseOffset());
        segment.changeFileSuffix("", LogFileNames.DELETED_SUFFIX);
        pendingDeletes.add(new PendingDelete(segment, clock.getAsLong() + config.fileDeleteDelayMs()));
    }

    /**
     * The segments, oldest first; the last is the active one. For the cleaner, which reads the others
     * without the log lock and may hand a run of them back to {@link #replaceSegments}.
     */
    public List<LogSegment> segments() {
        return new ArrayList<>(segments.values());
    }

    /**
     * The cleaner's swap: puts {@code cleaned} in place of the run {@code replaced} it was made from.
     * Under the log lock: renames {@code cleaned} from {@code .cleaned} to {@code .swap} (the commit
     * point: from here a crash ends with the swap completed by the loader), puts it in the segment map
     * and takes the run out, renames the run {@code .deleted} (its files go after
     * {@code file.delete.delay.ms}, so readers holding a slice of it keep working), then drops the
     * {@code .swap} suffix. Readers see the old run or the cleaned segment for every offset, never a
     * gap: the cleaned segment takes the first old segment's key before the others leave.
     *
     * @param replaced consecutive non-active segments of this log, the first with {@code cleaned}'s base offset
     * @param cleaned an inactive segment whose files end in {@code .cleaned}, holding the same offset range
     * @param afterCommit run right after the rename to {@code .swap} (crash tests stop there)
     * @return false, with {@code cleaned}'s files deleted, if the log changed meanwhile (a segment of the
     *     run left the log or became active, or the log was closed)
     */
    public boolean replaceSegments(List<LogSegment> replaced, LogSegment cleaned, Runnable afterCommit)
        throws IOException {
        if (replaced.isEmpty() || replaced.get(0).baseOffset() != cleaned.baseOffset()) {
            throw new IllegalArgumentException("Cleaned segment " + cleaned.baseOffset() + " does not start the run "
                + replaced);
        }
        synchronized (lock) {
            LogSegment active = segments.lastEntry().getValue();
            boolean unchanged = !closed;
            for (LogSegment segment : replaced) {
                unchanged &= segments.get(segment.baseOffset()) == segment && segment != active;
            }
            if (!unchanged) {
                cleaned.deleteFiles();
                return false;
            }
            cleaned.changeFileSuffix(LogFileNames.CLEANED_SUFFIX, LogFileNames.SWAP_SUFFIX);
            CheckpointFile.fsyncDirectory(dir);
            afterCommit.run();
            segments.put(cleaned.baseOffset(), cleaned);
            for (LogSegment segment : replaced.subList(1, replaced.size())) {
                segments.remove(segment.baseOffset());
            }
            long dueTime = clock.getAsLong() + config.fileDeleteDelayMs();
            for (LogSegment segment : replaced) {
                segment.changeFileSuffix("", LogFileNames.DELETED_SUFFIX);
                pendingDeletes.add(new PendingDelete(segment, dueTime));
            }
            cleaned.changeFileSuffix(LogFileNames.SWAP_SUFFIX, "");
            CheckpointFile.fsyncDirectory(dir);
            return true;
        }
    }

    /**
     * The lowest offset the log was truncated to since the last call, or {@link Long#MAX_VALUE} if none
     * ({@link Long#MIN_VALUE} after {@link #truncateFullyAndStartAt}). The cleaner, its only caller,
     * moves its first dirty offset back there: records appended after a truncation are dirty again.
     */
    public long takeLowestTruncation() {
        synchronized (lock) {
            long lowest = lowestTruncation;
            lowestTruncation = Long.MAX_VALUE;
            return lowest;
        }
    }

    /** Closes and removes the files of segments deleted at least {@code file.delete.delay.ms} ago. */
    public int deleteExpiredFiles() throws IOException {
        List<LogSegment> due = new ArrayList<>();
        synchronized (lock) {
            long now = clock.getAsLong();
            while (!pendingDeletes.isEmpty() && pendingDeletes.peekFirst().dueTime() <= now) {
                due.add(pendingDeletes.pollFirst().segment());
            }
        }
        for (LogSegment segment : due) {
            segment.deleteFiles();
        }
        return due.size();
    }

    /** Fsyncs everything written so far and moves the recovery point to the log end offset. */
    public void flush() throws IOException {
        long target = logEndOffset;
        long from = recoveryPoint;
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
        synchronized (lock) {
            if (target > recoveryPoint) {
                recoveryPoint = Math.min(target, logEndOffset);
            }
            unflushedOffsets = Math.max(0, logEndOffset - target);
            lastFlushTime = clock.getAsLong();
        }
    }

    /** Flushes if {@code flush.ms} has passed since the last flush and something is unflushed. */
    public boolean flushIfDue() throws IOException {
        if (recoveryPoint < logEndOffset && clock.getAsLong() - lastFlushTime >= config.flushMs()) {
            flush();
            return true;
        }
        return false;
    }

    public void updateConfig(LogConfig newConfig) {
        synchronized (lock) {
            config = newConfig;
        }
    }

    /** Sets the high watermark, kept within [log start, log end]. Maintained by the replica layer. */
    public void updateHighWatermark(long offset) {
        synchronized (lock) {
            highWatermark = Math.max(logStartOffset, Math.min(offset, logEndOffset));
        }
    }

    public int latestEpoch() {
        return epochCache.latestEpoch();
    }

    /**
     * Records that {@code epoch} starts at the current log end offset: a new leader does this before
     * its first append, so followers can find where their logs diverge (KIP-279).
     */
    public void assignEpochStartOffset(int epoch) {
        synchronized (lock) {
            ensureOpen();
            if (epoch > epochCache.latestEpoch()) {
                epochCache.assign(epoch, logEndOffset);
            }
        }
    }

    /** Where {@code epoch} ends in this log (KIP-101/279); see {@link EpochEndOffset}. */
    public EpochEndOffset endOffsetForEpoch(int epoch) {
        return epochCache.endOffsetFor(epoch, logEndOffset);
    }

    /** The epoch cache's entries, oldest first. */
    public List<LeaderEpochCache.EpochEntry> epochEntries() {
        return epochCache.entries();
    }

    public LogConfig config() {
        return config;
    }

    public Path dir() {
        return dir;
    }

    public TopicPartition topicPartition() {
        return topicPartition;
    }

    public long logStartOffset() {
        return logStartOffset;
    }

    public long logEndOffset() {
        return logEndOffset;
    }

    public long highWatermark() {
        return highWatermark;
    }

    /** Every offset below this is on disk (fsynced); recovery after a crash starts here. */
    public long recoveryPoint() {
        return recoveryPoint;
    }

    public int segmentCount() {
        return segments.size();
    }

    /** Base offsets of the segments, oldest first. */
    public List<Long> segmentBaseOffsets() {
        return new ArrayList<>(segments.keySet());
    }

    /** Bytes of all segments. */
    public long size() {
        long total = 0;
        for (LogSegment segment : segments.values()) {
            total += segment.size();
        }
        return total;
    }

    /** Snapshots the producer state at the log end (a clean shutdown, so the next start replays nothing). */
    public void takeProducerSnapshot() throws IOException {
        synchronized (lock) {
            ensureOpen();
            producerState.takeSnapshot();
        }
    }

    /**
     * Forgets producers with no batch for {@code expirationMs} ({@code producer.id.expiration.ms}).
     *
     * @return how many were forgotten
     */
    public int removeExpiredProducers(long expirationMs) {
        synchronized (lock) {
            ensureOpen();
            return producerState.removeExpiredProducers(clock.getAsLong(), expirationMs);
        }
    }

    /** A copy of every producer's state in this partition, by producer id. */
    public Map<Long, ProducerStateEntry> activeProducers() {
        synchronized (lock) {
            Map<Long, ProducerStateEntry> copy = new LinkedHashMap<>();
            producerState.activeProducers().forEach((id, entry) -> copy.put(id, entry.copy()));
            return copy;
        }
    }

    /** The offsets of the producer state snapshots beside the segments, oldest first. */
    public List<Long> producerSnapshotOffsets() {
        synchronized (lock) {
            return producerState.snapshotOffsets();
        }
    }

    /** How opening rebuilt the producer state: from which snapshot, and how many batch headers it replayed. */
    public ProducerStateLoader.LoadResult producerStateLoad() {
        return producerStateLoad;
    }

    /** Batches validated while opening: zero after a clean shutdown with sound indexes. */
    public int validatedBatchesOnLoad() {
        return validatedBatchesOnLoad;
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("Log " + topicPartition + " is closed");
        }
    }

    /** Flushes, writes the final index entries, closes every file. Idempotent. */
    @Override
    public void close() throws IOException {
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
        }
        flush();
        synchronized (lock) {
            for (LogSegment segment : segments.values()) {
                segment.close();
            }
            for (PendingDelete pending : pendingDeletes) {
                pending.segment().deleteFiles();
            }
            pendingDeletes.clear();
        }
    }

    @Override
    public String toString() {
        return "Log(" + dir + ", start=" + logStartOffset + ", end=" + logEndOffset + ")";
    }
}
