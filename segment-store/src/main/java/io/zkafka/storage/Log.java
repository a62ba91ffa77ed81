package io.zkafka.storage;

import io.zkafka.common.TopicPartition;
import io.zkafka.common.record.RecordBatchView;
import io.zkafka.storage.internals.BatchSetValidator;
import io.zkafka.storage.internals.LeaderEpochCache;
import io.zkafka.storage.internals.LogFileNames;
import io.zkafka.storage.internals.LogLoader;
import io.zkafka.storage.internals.LogSegment;
import io.zkafka.storage.internals.TransactionIndex;
import io.zkafka.storage.producer.AppendOrigin;
import io.zkafka.storage.producer.CompletedTxn;
import io.zkafka.storage.producer.LeaderAppendPlan;
import io.zkafka.storage.producer.ProducerStateEntry;
import io.zkafka.storage.producer.ProducerStateLoader;
import io.zkafka.storage.producer.ProducerStateManager;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.LongSupplier;

/**
 * The log of one partition: a folder {@code <topic>-<partition>} of segments, appended at the end,
 * read anywhere, truncated for replication, trimmed at the start by retention.
 *
 * <p>This class keeps the offsets (log start, log end, high watermark, recovery point), the leader
 * epochs and the config, and decides; its parts carry out: {@link LogSegments} (the segment files:
 * roll, cut, start over, swap, delayed deletion), {@link LogReader} (reads),
 * {@link RetentionPolicy} (which old segments go). Opening and crash recovery are
 * {@link LogLoader}'s.
 *
 * <p>Threads and locks. Writers (appends, roll, truncation, retention, config changes, close) hold the
 * private {@code lock}, so appends to one partition are serialized; they change the segments only
 * through {@link LogSegments}, with the lock held. Readers ({@link #read},
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
 * segments. Transactions: an append whose marker ends a transaction completes it there, writing an
 * aborted one to the active segment's {@link TransactionIndex}; the first offset of the oldest open
 * transaction is published (volatile) after every change, and bounds the {@link #lastStableOffset()}.
 *
 * <p>Never interrupt a thread that is inside a log call: Java closes a {@code FileChannel} when a
 * thread blocked in it is interrupted, which would close the segment for every thread.
 */
public final class Log implements AutoCloseable {
    private final Object lock = new Object();
    private final Path dir;
    private final TopicPartition topicPartition;
    private final LongSupplier clock;
    private final LogSegments segments;
    private final LogReader reader;
    private final LeaderEpochCache epochCache;
    private final int validatedBatchesOnLoad;
    private final int rebuiltIndexesOnLoad;
    private final int batchesReadOnLoad;
    private final ProducerStateManager producerState;
    private final ProducerStateLoader.LoadResult producerStateLoad;
    private volatile LogConfig config;
    private volatile long logEndOffset;
    /** Where {@link #logEndOffset} lies, published before it by appends; null after any other change. */
    private volatile LogReader.EndPosition endPosition;
    private volatile long logStartOffset;
    private volatile long recoveryPoint;
    private volatile long highWatermark;
    /** The first offset of the oldest transaction open or ended above the high watermark, {@link Long#MAX_VALUE} when none. */
    private volatile long firstUnstableOffset = Long.MAX_VALUE;
    private long unflushedOffsets;
    private volatile long lastFlushTime;
    private long lowestTruncation = Long.MAX_VALUE;
    /** Written under the lock; volatile so that a failed lock-free read can tell a closed log from a failed disk. */
    private volatile boolean closed;
    private final LogDirFailureChannel failureChannel;
    /** Set once an I/O error took this log's folder offline; the log then refuses all work. */
    private volatile boolean offline;

    private Log(Path dir, LogConfig config, LongSupplier clock, LeaderEpochCache epochCache,
                LogLoader.LoadResult loaded, ProducerStateManager producerState,
                ProducerStateLoader.LoadResult producerStateLoad, LogDirFailureChannel failureChannel) {
        this.dir = dir;
        this.failureChannel = failureChannel;
        this.topicPartition = LogFileNames.topicPartitionOf(dir.getFileName().toString());
        this.config = config;
        this.clock = clock;
        this.epochCache = epochCache;
        this.segments = new LogSegments(dir, loaded.segments());
        this.reader = new LogReader(topicPartition, segments);
        this.logEndOffset = loaded.logEndOffset();
        this.logStartOffset = loaded.logStartOffset();
        this.recoveryPoint = loaded.recoveryPoint();
        this.unflushedOffsets = loaded.logEndOffset() - loaded.recoveryPoint();
        this.highWatermark = loaded.logStartOffset();
        this.validatedBatchesOnLoad = loaded.validatedBatches();
        this.rebuiltIndexesOnLoad = loaded.rebuiltIndexes();
        this.batchesReadOnLoad = loaded.batchesRead();
        this.lastFlushTime = clock.getAsLong();
        this.producerState = producerState;
        this.producerStateLoad = producerStateLoad;
        publishFirstUnstableOffset();
    }

    /**
     * Opens (creating if needed) the log in {@code dir}, recovering it from {@code recoveryPoint} if the
     * previous shutdown was not clean.
     *
     * @param clock milliseconds since the epoch; tests inject their own
     */
    public static Log open(Path dir, LogConfig config, long recoveryPoint, long logStartOffset,
                           boolean hadCleanShutdown, LongSupplier clock) throws IOException {
        return open(dir, config, recoveryPoint, logStartOffset, hadCleanShutdown, false, clock, new LogDirFailureChannel());
    }

    /**
     * As {@link #open(Path, LogConfig, long, long, boolean, LongSupplier)}; {@code recoveryPointIsLogEnd}
     * says the recovery point comes from a checkpoint written after a clean shutdown closed the log,
     * so it is the log end: then opening reads no batch at all. I/O errors met later are reported to
     * {@code failureChannel}: from the first one on, the log refuses all work with
     * {@link KafkaStorageException} (its folder is offline).
     */
    public static Log open(Path dir, LogConfig config, long recoveryPoint, long logStartOffset,
                           boolean hadCleanShutdown, boolean recoveryPointIsLogEnd, LongSupplier clock,
                           LogDirFailureChannel failureChannel)
        throws IOException {
        Files.createDirectories(dir);
        LeaderEpochCache epochCache = new LeaderEpochCache(dir);
        LogLoader loader = new LogLoader(dir, config.indexIntervalBytes(), config.segmentIndexBytes(), epochCache);
        LogLoader.LoadResult loaded = loader.load(recoveryPoint, logStartOffset, hadCleanShutdown,
            hadCleanShutdown && recoveryPointIsLogEnd, clock.getAsLong());
        TopicPartition topicPartition = LogFileNames.topicPartitionOf(dir.getFileName().toString());
        ProducerStateManager producerState = new ProducerStateManager(topicPartition, dir, loaded.listedFileNames());
        ProducerStateLoader.LoadResult producerStateLoad = ProducerStateLoader.rebuild(producerState, loaded.segments(),
            loaded.logStartOffset(), loaded.logEndOffset());
        return new Log(dir, config, clock, epochCache, loaded, producerState, producerStateLoad, failureChannel);
    }

    private interface IoCall<T> {
        T call() throws IOException;
    }

    /**
     * Runs {@code call}; an I/O error takes the log's folder offline (reported to the failure channel)
     * and comes out as {@link KafkaStorageException}. Whatever the call had not published yet (a log end
     * offset, a segment size) stays unpublished, so a write torn by the error is never read or
     * acknowledged; recovery cuts it at the next start.
     */
    private <T> T guarded(String what, IoCall<T> call) {
        ensureOnline();
        try {
            return call.call();
        } catch (IOException e) {
            if (closed) {
                // closed meanwhile (deleted, moved, shut down): its channels are gone, the disk is fine
                throw new KafkaStorageException("Cannot " + what + " " + topicPartition + ": the log was closed", e);
            }
            throw goOffline(what, e);
        } catch (InternalError e) {
            // the JVM's answer to SIGBUS on a memory-mapped index page the full file system could not back
            throw goOffline(what, new IOException("Memory-mapped index write failed (file system full?): "
                + e.getMessage(), e));
        }
    }

    private KafkaStorageException goOffline(String what, IOException e) {
        offline = true;
        failureChannel.markOffline(dir.getParent(), "cannot " + what + " " + topicPartition, e);
        return new KafkaStorageException("Cannot " + what + " " + topicPartition + " in " + dir.getParent() + ": "
            + e.getMessage(), e);
    }

    private void ensureOnline() {
        if (offline) {
            throw new KafkaStorageException("The log dir " + dir.getParent() + " of " + topicPartition + " is offline");
        }
    }

    /** Whether an I/O error took this log's folder offline. */
    public boolean isOffline() {
        return offline;
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
        return append(batches, leaderEpoch, AppendOrigin.CLIENT);
    }

    /**
     * {@link #append(ByteBuffer, int)} for a producer's batches ({@link AppendOrigin#CLIENT}) or for a
     * coordinator writing as the leader ({@link AppendOrigin#COORDINATOR}: transaction markers,
     * transactional offset commits; epochs are checked, sequences not). A marker that ends a transaction
     * completes it: an aborted one is written to the aborted-transaction index, and the first unstable
     * offset moves on.
     *
     * @throws io.zkafka.common.errors.ApiException subclasses for producer state violations (as above,
     *     and a fenced coordinator epoch or an invalid transaction state)
     */
    public LogAppendInfo append(ByteBuffer batches, int leaderEpoch, AppendOrigin origin) throws IOException {
        if (origin != AppendOrigin.CLIENT && origin != AppendOrigin.COORDINATOR) {
            throw new IllegalArgumentException("A leader appends a client's or a coordinator's batches, not " + origin);
        }
        return guarded("append to", () -> append(batches, leaderEpoch, origin, true));
    }

    /**
     * Appends batches copied from the leader, keeping their offsets and epochs. The first must start at
     * or after the log end offset and each above the one before.
     */
    public LogAppendInfo appendAsFollower(ByteBuffer batches) throws IOException {
        return guarded("append to", () -> append(batches, -1, AppendOrigin.REPLICATION, false));
    }

    private LogAppendInfo append(ByteBuffer batches, int leaderEpoch, AppendOrigin origin, boolean assignOffsets)
        throws IOException {
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
                plan = producerState.planLeaderAppend(batches, firstOffset, cfg.logAppendTime() ? now : -1, origin);
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
            LogSegment active = segments.active();
            if (active.shouldRoll(summary.sizeInBytes(), lastOffset, now, cfg.segmentBytes(), cfg.segmentMs())
                || firstOffset - active.baseOffset() > Integer.MAX_VALUE) {
                active = rollTo(firstOffset, cfg);
            }
            int appendStartPosition = active.size();
            active.append(batches, now);
            if (assignOffsets) {
                epochCache.assign(leaderEpoch, firstOffset);
            } else {
                assignFollowerEpochs(batches);
            }
            if (plan != null) {
                for (CompletedTxn txn : plan.commit()) {
                    producerState.completeTxn(txn, active.txnIndex());
                }
            } else {
                producerState.recordReplicated(batches, active.txnIndex());
            }
            producerState.updateMapEndOffset(lastOffset + 1);
            publishFirstUnstableOffset();
            endPosition = new LogReader.EndPosition(lastOffset + 1, active.baseOffset(), active.size(), logEndOffset,
                appendStartPosition);
            logEndOffset = lastOffset + 1;
            unflushedOffsets += summary.offsetCount();
            flushNeeded = unflushedOffsets >= cfg.flushMessages();
        }
        if (flushNeeded) {
            flushSegments();
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
        guarded("roll", () -> {
            synchronized (lock) {
                ensureOpen();
                return rollTo(logEndOffset, config);
            }
        });
    }

    /** Rolls to a new active segment at {@code newBaseOffset}, snapshotting the producer state there first. */
    private LogSegment rollTo(long newBaseOffset, LogConfig cfg) throws IOException {
        LogSegment active = segments.active();
        if (active.size() > 0) {
            producerState.updateMapEndOffset(newBaseOffset);
            producerState.takeSnapshot();
        }
        return segments.roll(newBaseOffset, cfg);
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
        LogReader.EndPosition at = endPosition;
        LogReader.EndPosition endAt = at != null && at.offset() == end ? at : null;
        long start = logStartOffset;
        return guarded("read", () -> reader.read(start, end, endAt, startOffset, maxBytes, maxOffset));
    }

    /**
     * The first offset, at or above the log start, of a record whose timestamp is at least
     * {@code timestamp} (Kafka's ListOffsets by time). Batch headers and the time index find the batch;
     * only that batch is read record by record, and only when its first record is too old. Empty if no
     * record is that recent.
     */
    public OptionalLong offsetForTimestamp(long timestamp) throws IOException {
        return guarded("search by timestamp", () -> reader.offsetForTimestamp(logStartOffset, timestamp));
    }

    /**
     * The last stable offset: read_committed consumers read below it. The first offset of the oldest
     * transaction that is open or whose marker the high watermark has not passed yet, but at most the
     * high watermark and at least the log start offset (Kafka's rule). It moves on when the high
     * watermark passes the marker of the oldest transaction. Takes no lock.
     */
    public long lastStableOffset() {
        long start = logStartOffset;
        return Math.max(start, Math.min(firstUnstableOffset, highWatermark));
    }

    /** The first offset of the oldest transaction open or ended above the high watermark, if any. */
    public OptionalLong firstUnstableOffset() {
        long first = firstUnstableOffset;
        return first == Long.MAX_VALUE ? OptionalLong.empty() : OptionalLong.of(first);
    }

    private void publishFirstUnstableOffset() {
        OptionalLong first = producerState.firstUnstableOffset();
        firstUnstableOffset = first.isPresent() ? first.getAsLong() : Long.MAX_VALUE;
    }

    /**
     * The aborted transactions overlapping [{@code startOffset}, {@code upperBoundOffset}): those whose
     * abort marker is at or after the start and whose first batch is below the bound, oldest marker
     * first (Kafka's {@code collectAbortedTransactions}). Reads the aborted-transaction indexes from
     * the segment holding {@code startOffset} on, until an entry shows that no later one can overlap.
     * Takes no lock.
     */
    public List<AbortedTxn> collectAbortedTransactions(long startOffset, long upperBoundOffset) throws IOException {
        return guarded("read the aborted transactions of", () -> {
            List<AbortedTxn> found = new ArrayList<>();
            Map.Entry<Long, LogSegment> entry = segments.floorEntry(startOffset);
            Iterable<LogSegment> from = entry == null ? segments.values()
                : segments.view().tailMap(entry.getKey(), true).values();
            for (LogSegment segment : from) {
                TransactionIndex.SearchResult result = segment.txnIndex().collectAbortedTxns(startOffset,
                    upperBoundOffset);
                found.addAll(result.abortedTxns());
                if (result.isComplete()) {
                    break;
                }
            }
            return found;
        });
    }

    /**
     * The aborted transactions a read_committed consumer needs to filter {@code slice}: those overlapping
     * [its first offset, its next offset). None for an empty slice.
     */
    public List<AbortedTxn> abortedTransactions(FileSlice slice) throws IOException {
        if (slice.isEmpty()) {
            return List.of();
        }
        return collectAbortedTransactions(slice.firstOffset(), slice.nextOffset());
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
        return guarded("truncate", () -> truncateTail(offset));
    }

    private boolean truncateTail(long offset) throws IOException {
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
            long cutBase = segments.truncateTail(offset, deleteDueTime());
            endPosition = null;
            logEndOffset = Math.min(offset, cutBase);
            recoveryPoint = Math.min(recoveryPoint, logEndOffset);
            highWatermark = Math.min(highWatermark, logEndOffset);
            epochCache.truncateFromEnd(logEndOffset);
            ProducerStateLoader.rebuild(producerState, segments.view(), logStartOffset, logEndOffset);
            producerState.onHighWatermarkUpdated(highWatermark);
            publishFirstUnstableOffset();
            return true;
        }
    }

    /** Deletes every segment and starts the log empty at {@code offset} (a follower far behind). */
    public void truncateFullyAndStartAt(long offset) throws IOException {
        guarded("truncate", () -> {
            startOverAt(offset);
            return null;
        });
    }

    private void startOverAt(long offset) throws IOException {
        synchronized (lock) {
            ensureOpen();
            segments.startOverAt(offset, config, deleteDueTime());
            endPosition = null;
            logEndOffset = offset;
            logStartOffset = offset;
            recoveryPoint = offset;
            highWatermark = offset;
            lowestTruncation = Long.MIN_VALUE;
            epochCache.clear();
            producerState.truncateFullyAndStartAt(offset);
            publishFirstUnstableOffset();
        }
    }

    /**
     * Moves the log start offset up to {@code offset} (Kafka's DeleteRecords) and deletes the segments
     * wholly below it. The offset may not pass the high watermark.
     *
     * @return the log start offset after the call
     */
    public long deleteRecordsBefore(long offset) throws IOException {
        return guarded("delete records of", () -> moveLogStartTo(offset));
    }

    private long moveLogStartTo(long offset) throws IOException {
        synchronized (lock) {
            ensureOpen();
            if (offset > highWatermark) {
                throw new OffsetOutOfRangeException("Cannot delete records of " + topicPartition + " before " + offset
                    + ": above the high watermark " + highWatermark);
            }
            if (offset > logStartOffset) {
                logStartOffset = offset;
                epochCache.truncateFromStart(offset);
                segments.deleteOldest(RetentionPolicy.segmentsBelowLogStart(segments.list(), offset, 0),
                    deleteDueTime());
                producerState.deleteSnapshotsBefore(segments.firstBaseOffset());
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
        return guarded("apply retention to", this::applyRetention);
    }

    private int applyRetention() throws IOException {
        synchronized (lock) {
            ensureOpen();
            int deleted = RetentionPolicy.segmentsToDelete(segments.list(), config, clock.getAsLong(), logStartOffset);
            segments.deleteOldest(deleted, deleteDueTime());
            if (segments.firstBaseOffset() > logStartOffset) {
                logStartOffset = segments.firstBaseOffset();
                epochCache.truncateFromStart(logStartOffset);
            }
            highWatermark = Math.max(highWatermark, logStartOffset);
            producerState.deleteSnapshotsBefore(segments.firstBaseOffset());
            return deleted;
        }
    }

    /** When a segment deleted now may lose its files: {@code file.delete.delay.ms} from now. */
    private long deleteDueTime() {
        return clock.getAsLong() + config.fileDeleteDelayMs();
    }

    /**
     * The segments, oldest first; the last is the active one. For the cleaner, which reads the others
     * without the log lock and may hand a run of them back to {@link #replaceSegments}.
     */
    public List<LogSegment> segments() {
        return segments.list();
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
            if (closed || !segments.holdsInactive(replaced)) {
                cleaned.deleteFiles();
                return false;
            }
            segments.swapIn(replaced, cleaned, afterCommit, deleteDueTime());
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
        return guarded("delete old segment files of", this::deleteDueFiles);
    }

    private int deleteDueFiles() throws IOException {
        List<LogSegment> due;
        synchronized (lock) {
            due = segments.takeDueDeletes(clock.getAsLong());
        }
        for (LogSegment segment : due) {
            segment.deleteFiles();
        }
        return due.size();
    }

    /** Fsyncs everything written so far and moves the recovery point to the log end offset. */
    public void flush() throws IOException {
        guarded("flush", () -> {
            flushSegments();
            return null;
        });
    }

    private void flushSegments() throws IOException {
        long target = logEndOffset;
        if (target > recoveryPoint) { // else all is on disk already: a close of thousands of idle logs fsyncs nothing
            segments.flushFrom(recoveryPoint, target);
        }
        epochCache.flushIfDirty(); // the epochs of what the new recovery point covers must survive a crash
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
            producerState.onHighWatermarkUpdated(highWatermark);
            publishFirstUnstableOffset();
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
        return segments.count();
    }

    /** Base offsets of the segments, oldest first. */
    public List<Long> segmentBaseOffsets() {
        return segments.baseOffsets();
    }

    /** Bytes of all segments. */
    public long size() {
        return segments.sizeInBytes();
    }

    /** Snapshots the producer state at the log end (a clean shutdown, so the next start replays nothing). */
    public void takeProducerSnapshot() throws IOException {
        guarded("snapshot the producer state of", () -> {
            synchronized (lock) {
                ensureOpen();
                boolean current = producerState.latestSnapshotOffset().orElse(-1) == logEndOffset;
                boolean nothingToReplay = logEndOffset == logStartOffset && producerState.activeProducers().isEmpty();
                if (!current && !nothingToReplay) { // either way the next start replays no batch without it
                    producerState.takeSnapshot();
                }
            }
            return null;
        });
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

    /**
     * Batches read while opening, whole (validated) or their headers alone (to find the log end, the
     * recovery point's position or to replay producer state): zero after a clean shutdown.
     */
    public int batchesReadOnLoad() {
        return batchesReadOnLoad;
    }

    /** Segments whose index files were rebuilt while opening (they were missing or failed their sanity check). */
    public int rebuiltIndexesOnLoad() {
        return rebuiltIndexesOnLoad;
    }

    private void ensureOpen() {
        ensureOnline();
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
        if (offline) {
            releaseFiles();
            return;
        }
        flush();
        synchronized (lock) {
            segments.closeAll();
        }
    }

    /**
     * Its folder failed: marks the log offline (every later call fails with {@link KafkaStorageException})
     * and releases its files without flushing or writing anything more. Idempotent.
     */
    public void closeOffline() {
        offline = true;
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
        }
        releaseFiles();
    }

    private void releaseFiles() {
        synchronized (lock) {
            try {
                segments.closeAll();
            } catch (IOException | RuntimeException e) {
                // the folder already failed: what is left of it is recovery's business at the next start
            }
        }
    }

    @Override
    public String toString() {
        return "Log(" + dir + ", start=" + logStartOffset + ", end=" + logEndOffset + ")";
    }
}
