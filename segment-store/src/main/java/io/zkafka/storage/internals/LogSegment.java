package io.zkafka.storage.internals;

import static io.zkafka.common.record.RecordBatchDescriptor.HEADER_SIZE;
import static io.zkafka.common.record.RecordBatchDescriptor.LOG_OVERHEAD;
import static io.zkafka.common.record.RecordBatchDescriptor.NO_TIMESTAMP;

import io.zkafka.common.errors.CorruptRecordException;
import io.zkafka.common.record.BatchRecordIterator;
import io.zkafka.common.record.RecordBatchView;
import io.zkafka.common.record.RecordView;
import io.zkafka.common.record.TimestampType;
import io.zkafka.storage.FileSlice;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.function.Consumer;

/**
 * One segment: a {@code .log} file of whole record batches whose offsets start at {@link #baseOffset()},
 * with its offset and time index, and the index of the transactions whose abort markers it holds
 * ({@link TransactionIndex}, kept by the log's producer state). Batches are written as given; the
 * segment reads only their headers (and the one record of a control batch, for the producer state).
 *
 * <p>Threads: appends, truncation, recovery, roll and close come from the owning {@code Log}'s lock
 * holder only. Reads ({@link #read}, {@link #findOffsetByTimestamp}) may run on any thread at the same
 * time: the file is written before {@code size} (volatile) grows, and index entries only after, so a
 * reader bounded by {@code size} never sees a partly written batch.
 */
public final class LogSegment {
    private final long baseOffset;
    private final int indexIntervalBytes;
    private final FileChannel channel;
    private final OffsetIndex offsetIndex;
    private final TimeIndex timeIndex;
    private final TransactionIndex txnIndex;
    private volatile Path logFile;
    private volatile int size;
    private volatile long maxTimestampSoFar = NO_TIMESTAMP;
    private volatile long offsetOfMaxTimestampSoFar;
    private int bytesSinceLastIndexEntry;
    /** Batch headers read by the walks over this segment (loading counts them; confined to its thread). */
    private int headersRead;
    private long rollingBaseTimestamp = NO_TIMESTAMP;

    private LogSegment(Path logFile, long baseOffset, int indexIntervalBytes, FileChannel channel,
                       OffsetIndex offsetIndex, TimeIndex timeIndex, TransactionIndex txnIndex) throws IOException {
        this.logFile = logFile;
        this.baseOffset = baseOffset;
        this.indexIntervalBytes = indexIntervalBytes;
        this.channel = channel;
        this.offsetIndex = offsetIndex;
        this.timeIndex = timeIndex;
        this.txnIndex = txnIndex;
        this.size = (int) Math.min(channel.size(), Integer.MAX_VALUE);
        this.offsetOfMaxTimestampSoFar = baseOffset;
        TimeIndex.TimestampOffset last = timeIndex.lastEntry();
        if (last.timestamp() != NO_TIMESTAMP) {
            maxTimestampSoFar = last.timestamp();
            offsetOfMaxTimestampSoFar = last.offset();
        }
    }

    /**
     * Opens (creating if missing) the segment at {@code baseOffset} in {@code dir}.
     *
     * @throws CorruptIndexException if an index file cannot be an index (the caller rebuilds it)
     */
    public static LogSegment open(Path dir, long baseOffset, int indexIntervalBytes, int maxIndexSize,
                                  String suffix) throws IOException {
        Path log = LogFileNames.logFile(dir, baseOffset, suffix);
        FileChannel channel = FileChannel.open(log, StandardOpenOption.CREATE, StandardOpenOption.READ,
            StandardOpenOption.WRITE);
        try {
            // every entry but the final time index one points past the segment's first batch
            int maxEntries = (int) Math.min(Integer.MAX_VALUE - 1, channel.size() / HEADER_SIZE) + 1;
            OffsetIndex offsetIndex = new OffsetIndex(LogFileNames.indexFile(dir, baseOffset, suffix), baseOffset,
                maxIndexSize, maxEntries);
            TimeIndex timeIndex = new TimeIndex(LogFileNames.timeIndexFile(dir, baseOffset, suffix), baseOffset,
                maxIndexSize, maxEntries);
            TransactionIndex txnIndex = new TransactionIndex(LogFileNames.txnIndexFile(dir, baseOffset, suffix), baseOffset);
            return new LogSegment(log, baseOffset, indexIntervalBytes, channel, offsetIndex, timeIndex, txnIndex);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    public long baseOffset() {
        return baseOffset;
    }

    public int size() {
        return size;
    }

    public Path logFile() {
        return logFile;
    }

    public OffsetIndex offsetIndex() {
        return offsetIndex;
    }

    public TimeIndex timeIndex() {
        return timeIndex;
    }

    /** The aborted transactions whose markers are in this segment. */
    public TransactionIndex txnIndex() {
        return txnIndex;
    }

    /** The largest batch timestamp in the segment, or the file's modification time if it has none. */
    public long largestTimestamp() throws IOException {
        long max = maxTimestampSoFar;
        return max != NO_TIMESTAMP ? max : Files.getLastModifiedTime(logFile).toMillis();
    }

    /**
     * Checks both index files against this segment, whose offsets end below {@code nextBaseOffset};
     * throws {@link CorruptIndexException} if one is wrong. {@code everyEntry}: see
     * {@link AbstractIndex#sanityCheck}.
     */
    public void sanityCheck(long nextBaseOffset, boolean everyEntry) {
        offsetIndex.sanityCheck(size, nextBaseOffset, everyEntry);
        timeIndex.sanityCheck(size, nextBaseOffset, everyEntry);
    }

    /** Lets the segment take appends again (it is the active one). */
    public void makeActive() {
        offsetIndex.makeWritable();
        timeIndex.makeWritable();
    }

    /**
     * Whether an append of {@code bytes} whose last offset is {@code lastOffset} must go to a new
     * segment: it would not fit, the segment is old, an index is full or the offset would overflow.
     */
    public boolean shouldRoll(int bytes, long lastOffset, long now, int segmentBytes, long segmentMs) {
        boolean tooOld = size > 0 && rollingBaseTimestamp != NO_TIMESTAMP && now - rollingBaseTimestamp > segmentMs;
        return (long) size + bytes > segmentBytes && size > 0
            || tooOld
            || offsetIndex.isFull()
            || timeIndex.isFull()
            || lastOffset - baseOffset > Integer.MAX_VALUE;
    }

    /** Counts the age of a reopened non-empty segment, for {@code segment.ms}, from {@code now}. */
    public void startAgeAt(long now) {
        if (size > 0 && rollingBaseTimestamp == NO_TIMESTAMP) {
            rollingBaseTimestamp = now;
        }
    }

    /**
     * Writes already validated and stamped batches at the end of the file and indexes them.
     *
     * @param now the broker's time, where the segment's age starts when it is empty
     */
    public void append(ByteBuffer batches, long now) throws IOException {
        int start = size;
        int length = batches.remaining();
        DiskFaults.write(channel, logFile, batches, start);
        if (start == 0) {
            rollingBaseTimestamp = now;
        }
        size = start + length;
        RecordBatchView view = new RecordBatchView();
        for (int at = batches.position(); at < batches.limit(); at += view.sizeInBytes()) {
            view.wrap(batches, at);
            indexBatch(view.baseOffset(), view.maxTimestamp(), start + at - batches.position(), view.sizeInBytes());
        }
    }

    private void indexBatch(long batchBaseOffset, long batchMaxTimestamp, int position, int batchSize) {
        if (batchMaxTimestamp > maxTimestampSoFar) {
            maxTimestampSoFar = batchMaxTimestamp;
            offsetOfMaxTimestampSoFar = batchBaseOffset;
        }
        if (bytesSinceLastIndexEntry > indexIntervalBytes) {
            offsetIndex.append(batchBaseOffset, position);
            timeIndex.maybeAppend(maxTimestampSoFar, offsetOfMaxTimestampSoFar, false);
            bytesSinceLastIndexEntry = 0;
        }
        bytesSinceLastIndexEntry += batchSize;
    }

    /** Position and size of the first batch whose last offset is at least {@code offset}, or null. */
    public record BatchPosition(int position, int sizeInBytes, long baseOffset) {
    }

    public BatchPosition translateOffset(long offset) throws IOException {
        return translateOffset(offset, new BatchHeaderReader(channel));
    }

    private BatchPosition translateOffset(long offset, BatchHeaderReader reader) throws IOException {
        int end = size;
        long position = offsetIndex.lookup(offset).position();
        while (reader.readAt(position, end)) {
            headersRead++;
            RecordBatchView header = reader.view();
            if (header.lastOffset() >= offset) {
                return new BatchPosition((int) position, header.sizeInBytes(), header.baseOffset());
            }
            position += header.sizeInBytes();
        }
        return null;
    }

    /**
     * Reads the headers of the batches holding offsets from {@code startOffset} on, stopping before
     * the first batch at or above {@code endOffset}, and hands each to {@code visitor} (the view is
     * valid only during the call). Records are not read, except that a control batch is handed over
     * whole: its one record is a transaction marker, which the producer state needs (a few dozen bytes).
     *
     * @return how many headers were visited
     */
    public int visitBatchHeaders(long startOffset, long endOffset, Consumer<RecordBatchView> visitor)
        throws IOException {
        int end = size;
        long position = offsetIndex.lookup(startOffset).position();
        BatchHeaderReader reader = new BatchHeaderReader(channel);
        int visited = 0;
        while (reader.readAt(position, end)) {
            headersRead++;
            RecordBatchView header = reader.view();
            if (header.baseOffset() >= endOffset) {
                break;
            }
            if (header.lastOffset() >= startOffset) {
                visitor.accept(header.isControlBatch() ? wholeBatch(position, header.sizeInBytes()) : header);
                visited++;
            }
            position += header.sizeInBytes();
        }
        return visited;
    }

    private RecordBatchView wholeBatch(long position, int sizeInBytes) throws IOException {
        ByteBuffer batch = ByteBuffer.allocate(sizeInBytes);
        while (batch.hasRemaining()) {
            if (channel.read(batch, position + batch.position()) < 0) {
                throw new CorruptRecordException("Segment " + baseOffset + " ends inside the batch at " + position);
            }
        }
        return new RecordBatchView(batch, 0);
    }

    /**
     * Whole batches from the one holding {@code startOffset}, at most {@code maxBytes} of them but
     * always the first one whole, and none at or past {@code maxPosition}; null if the offset is
     * beyond this segment.
     *
     * @param offsetAtMaxPosition the base offset of the batch at {@code maxPosition} (or, when that is
     *     beyond the file, where the log goes on after this segment), the slice's next offset if it
     *     ends there
     */
    public FileSlice read(long startOffset, int maxBytes, long maxPosition, long offsetAtMaxPosition)
        throws IOException {
        // one reader for the search and the walk: the window that held the first header often holds the rest
        BatchHeaderReader reader = new BatchHeaderReader(channel);
        BatchPosition first = translateOffset(startOffset, reader);
        if (first == null) {
            return null;
        }
        long end = Math.min(maxPosition, size);
        if (first.position() >= end) {
            return FileSlice.empty(startOffset);
        }
        long position = first.position() + first.sizeInBytes();
        // Jump over whole batches the index vouches for instead of reading each header: a 1 MiB read
        // of 16 KiB batches then costs two header reads, not sixty-five.
        long indexed = offsetIndex.positionAtMost(Math.min(end, (long) first.position() + maxBytes));
        if (indexed > position) {
            position = indexed;
        }
        long nextOffset = offsetAtMaxPosition;
        while (reader.readAt(position, end)) {
            int next = reader.view().sizeInBytes();
            if (position + next - first.position() > maxBytes) {
                nextOffset = reader.view().baseOffset();
                break;
            }
            position += next;
        }
        return new FileSlice(channel, first.position(), (int) (position - first.position()), startOffset, nextOffset);
    }

    /**
     * The {@code length} bytes at {@code position}, known to hold whole batches from {@code firstOffset}
     * up to {@code nextOffset}: a read whose bounds the log already knows, with no header read.
     *
     * @throws ClosedChannelException if the segment has been closed, as a read of its headers would
     */
    public FileSlice slice(int position, int length, long firstOffset, long nextOffset) throws ClosedChannelException {
        if (!channel.isOpen()) {
            throw new ClosedChannelException();
        }
        return new FileSlice(channel, position, length, firstOffset, nextOffset);
    }

    /**
     * The offset of the first record at or after {@code startingOffset} whose timestamp is at least
     * {@code timestamp}, or -1 if none (Kafka's ListOffsets by time). Batch headers find the batch; only
     * that one batch is read record by record, and only when its first record does not answer already.
     */
    public long findOffsetByTimestamp(long timestamp, long startingOffset) throws IOException {
        long indexedOffset = Math.max(timeIndex.lookup(timestamp).offset(), startingOffset);
        long position = offsetIndex.lookup(indexedOffset).position();
        int end = size;
        BatchHeaderReader reader = new BatchHeaderReader(channel);
        while (reader.readAt(position, end)) {
            RecordBatchView header = reader.view();
            if (header.maxTimestamp() >= timestamp && header.lastOffset() >= startingOffset) {
                boolean firstAnswers = header.baseOffset() >= startingOffset
                    && (header.baseTimestamp() >= timestamp || header.timestampType() == TimestampType.LOG_APPEND_TIME);
                if (firstAnswers) {
                    return header.baseOffset();
                }
                long found = firstRecordAtOrAfter(position, header.sizeInBytes(), timestamp, startingOffset);
                if (found >= 0) {
                    return found;
                }
            }
            position += header.sizeInBytes();
        }
        return -1;
    }

    private long firstRecordAtOrAfter(long position, int batchSize, long timestamp, long startingOffset)
        throws IOException {
        ByteBuffer batch = ByteBuffer.allocate(batchSize);
        while (batch.hasRemaining()) {
            if (channel.read(batch, position + batch.position()) < 0) {
                throw new CorruptRecordException("Segment " + baseOffset + " ends inside the batch at " + position);
            }
        }
        BatchRecordIterator records = new RecordBatchView(batch, 0).records();
        while (records.hasNext()) {
            RecordView record = records.next();
            if (record.offset() >= startingOffset && record.timestamp() >= timestamp) {
                return record.offset();
            }
        }
        return -1;
    }

    /**
     * Copies bytes of the file from {@code position} into {@code dst}, up to its remaining space or the
     * segment's size, whichever comes first (the cleaner's read path).
     *
     * @return how many bytes were copied
     */
    public int readInto(ByteBuffer dst, long position) throws IOException {
        long available = Math.max(0, size - position);
        ByteBuffer window = dst.duplicate();
        window.limit((int) Math.min(dst.limit(), dst.position() + available));
        int copied = 0;
        while (window.hasRemaining()) {
            int n = channel.read(window, position + copied);
            if (n < 0) {
                break;
            }
            copied += n;
        }
        dst.position(dst.position() + copied);
        return copied;
    }

    /**
     * Takes {@code nextOffset} as the offset after the last batch without reading any, if it can be:
     * it must lie past the last offset-index entry (or be the base offset of an empty segment).
     * For a log closed cleanly, whose recovery point checkpoint is its end.
     *
     * @return false if {@code nextOffset} cannot be this segment's end (use {@link #readNextOffset})
     */
    public boolean assumeNextOffset(long nextOffset) {
        if (size == 0) {
            return nextOffset == baseOffset;
        }
        OffsetIndex.OffsetPosition last = offsetIndex.lastEntry();
        long lastIndexed = last.position() == 0 ? baseOffset : last.offset();
        if (nextOffset <= lastIndexed) {
            return false;
        }
        bytesSinceLastIndexEntry = size - last.position();
        return true;
    }

    /** Batch headers read so far by this segment's walks (header walks at load, producer state replay). */
    public int headersRead() {
        return headersRead;
    }

    /** The offset after the last batch, found from the last index entry and a header walk of the tail. */
    public long readNextOffset() throws IOException {
        OffsetIndex.OffsetPosition last = offsetIndex.lastEntry();
        int end = size;
        WalkEnd walked = walkHeaders(last.position(), last.position() == 0 ? baseOffset : last.offset(), end);
        if (walked.position() != end) {
            throw new CorruptRecordException("Segment " + logFile + " has " + (end - walked.position())
                + " bytes after its last whole batch at position " + walked.position());
        }
        bytesSinceLastIndexEntry = (int) (end - last.position());
        return walked.nextOffset();
    }

    /**
     * Where a walk over batch headers stopped: at {@code position}, where a batch whose offsets start
     * at {@code nextOffset} comes (or would come) next.
     */
    public record WalkEnd(int position, long nextOffset) {
    }

    /**
     * Finds where the batches holding {@code offset} and later start, reading headers only (no
     * validation) from the offset-index entry at or below it: the position and base offset of the
     * first batch whose last offset is at least {@code offset}. When no such batch lies whole in the
     * file, it is where the walk stopped: the end of the file, or a header that does not parse, and
     * the offset after the last whole batch. Everything before the returned position is whole
     * batches below {@code offset}.
     */
    public WalkEnd walkTo(long offset) throws IOException {
        OffsetIndex.OffsetPosition entry = offsetIndex.lookup(offset);
        long position = entry.position();
        long next = position == 0 ? baseOffset : entry.offset();
        int end = size;
        BatchHeaderReader reader = new BatchHeaderReader(channel);
        while (reader.readAt(position, end)) {
            headersRead++;
            RecordBatchView header = reader.view();
            if (header.lastOffset() >= offset) {
                return new WalkEnd((int) position, header.baseOffset());
            }
            next = header.nextOffset();
            position += header.sizeInBytes();
        }
        return new WalkEnd((int) position, next);
    }

    /** Walks headers from {@code from} (where {@code next} is expected) towards {@code to}, noting the largest timestamp. */
    private WalkEnd walkHeaders(long from, long next, long to) throws IOException {
        long position = from;
        long nextOffset = next;
        BatchHeaderReader reader = new BatchHeaderReader(channel);
        while (position < to && reader.readAt(position, to)) {
            headersRead++;
            RecordBatchView header = reader.view();
            nextOffset = header.nextOffset();
            if (header.maxTimestamp() > maxTimestampSoFar) {
                maxTimestampSoFar = header.maxTimestamp();
                offsetOfMaxTimestampSoFar = header.baseOffset();
            }
            position += header.sizeInBytes();
        }
        return new WalkEnd((int) position, nextOffset);
    }

    /** What recovery found: batches checked and bytes cut from the end. */
    public record RecoveryResult(int validatedBatches, long truncatedBytes, long nextOffset) {
    }

    /**
     * Validates every batch from the start (CRC, length, magic, offsets rising within this segment),
     * rebuilds both indexes, and cuts the file at the first bad or torn batch.
     *
     * @param epochStart told (epoch, base offset) of every valid batch, to rebuild the leader epoch cache
     */
    public RecoveryResult recover(EpochStartConsumer epochStart) throws IOException {
        return recoverFrom(0, baseOffset, epochStart);
    }

    /**
     * As {@link #recover}, but trusting what lies before {@code from} (whole batches, with offsets
     * below {@code nextOffset}, as {@link #walkTo} found them): only the batches from there on are
     * validated and indexed again; the index entries before it stay.
     */
    public RecoveryResult recoverFrom(int from, long nextOffset, EpochStartConsumer epochStart) throws IOException {
        maxTimestampSoFar = NO_TIMESTAMP;
        offsetOfMaxTimestampSoFar = baseOffset;
        if (from == 0) {
            offsetIndex.reset();
            timeIndex.reset();
            bytesSinceLastIndexEntry = 0;
        } else {
            offsetIndex.truncateTo(nextOffset);
            timeIndex.truncateTo(nextOffset);
            TimeIndex.TimestampOffset lastTime = timeIndex.lastEntry();
            if (lastTime.timestamp() != NO_TIMESTAMP) {
                maxTimestampSoFar = lastTime.timestamp();
                offsetOfMaxTimestampSoFar = lastTime.offset();
            }
            OffsetIndex.OffsetPosition lastEntry = offsetIndex.lastEntry();
            walkHeaders(lastEntry.position(), nextOffset, from);
            bytesSinceLastIndexEntry = from - lastEntry.position();
        }
        makeActive();
        return validateFrom(from, nextOffset, epochStart);
    }

    private RecoveryResult validateFrom(long from, long expectedOffset, EpochStartConsumer epochStart) throws IOException {
        long fileSize = channel.size();
        long position = from;
        long nextOffset = expectedOffset;
        int validated = 0;
        ByteBuffer buffer = ByteBuffer.allocate(16 * 1024);
        RecordBatchView view = new RecordBatchView();
        while (fileSize - position >= LOG_OVERHEAD) {
            ByteBuffer overhead = readFully(ByteBuffer.allocate(LOG_OVERHEAD), position);
            long batchSize = (long) overhead.getInt(LOG_OVERHEAD - 4) + LOG_OVERHEAD;
            if (batchSize < LOG_OVERHEAD || batchSize > fileSize - position) {
                break;
            }
            if (buffer.capacity() < batchSize) {
                buffer = ByteBuffer.allocate((int) batchSize);
            }
            buffer.clear().limit((int) batchSize);
            readFully(buffer, position);
            view.wrap(buffer, 0);
            try {
                view.validate(Integer.MAX_VALUE);
            } catch (CorruptRecordException e) {
                break;
            }
            if (view.baseOffset() < nextOffset || view.lastOffset() - baseOffset > Integer.MAX_VALUE) {
                break;
            }
            validated++;
            if (view.partitionLeaderEpoch() >= 0) {
                epochStart.accept(view.partitionLeaderEpoch(), view.baseOffset());
            }
            indexBatch(view.baseOffset(), view.maxTimestamp(), (int) position, view.sizeInBytes());
            nextOffset = view.nextOffset();
            position += batchSize;
        }
        long truncated = fileSize - position;
        if (truncated > 0) {
            channel.truncate(position);
        }
        size = (int) position;
        rollingBaseTimestamp = NO_TIMESTAMP;
        return new RecoveryResult(validated, truncated, nextOffset);
    }

    /** Receives the leader epoch and base offset of each batch recovery validates. */
    public interface EpochStartConsumer {
        void accept(int epoch, long startOffset);
    }

    private ByteBuffer readFully(ByteBuffer buffer, long position) throws IOException {
        int start = buffer.position();
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, position + buffer.position() - start) < 0) {
                throw new IOException("Unexpected end of " + logFile + " at " + position);
            }
        }
        return buffer.flip();
    }

    /**
     * Removes the batch holding {@code offset} (or the first after it) and all later batches, from the
     * file and both indexes.
     *
     * @return the base offset of the first batch removed, or {@link Long#MAX_VALUE} if none was
     */
    public long truncateTo(long offset) throws IOException {
        BatchPosition cut = translateOffset(offset);
        if (cut == null) {
            return Long.MAX_VALUE;
        }
        offsetIndex.truncateTo(cut.baseOffset());
        timeIndex.truncateTo(cut.baseOffset());
        txnIndex.truncateTo(cut.baseOffset());
        size = cut.position();
        channel.truncate(cut.position());
        maxTimestampSoFar = NO_TIMESTAMP;
        offsetOfMaxTimestampSoFar = baseOffset;
        TimeIndex.TimestampOffset lastTime = timeIndex.lastEntry();
        if (lastTime.timestamp() != NO_TIMESTAMP) {
            maxTimestampSoFar = lastTime.timestamp();
            offsetOfMaxTimestampSoFar = lastTime.offset();
        }
        readNextOffset();
        if (size == 0) {
            rollingBaseTimestamp = NO_TIMESTAMP;
        }
        return cut.baseOffset();
    }

    /** Writes the final time index entry and trims both indexes: the segment takes no more appends. */
    public void onBecomeInactive() {
        timeIndex.maybeAppend(maxTimestampSoFar, offsetOfMaxTimestampSoFar, true);
        offsetIndex.trimToValidSize();
        timeIndex.trimToValidSize();
    }

    public void flush() throws IOException {
        channel.force(true);
        offsetIndex.flush();
        timeIndex.flush();
        txnIndex.flush();
    }

    /** Adds {@code suffix} to every file name (e.g. {@code .deleted}), or removes one with "". */
    public void changeFileSuffix(String oldSuffix, String newSuffix) throws IOException {
        Path target = renamed(logFile, oldSuffix, newSuffix);
        Files.move(logFile, target, StandardCopyOption.ATOMIC_MOVE);
        logFile = target;
        offsetIndex.renameTo(renamed(offsetIndex.file(), oldSuffix, newSuffix));
        timeIndex.renameTo(renamed(timeIndex.file(), oldSuffix, newSuffix));
        txnIndex.renameTo(renamed(txnIndex.file(), oldSuffix, newSuffix));
    }

    private static Path renamed(Path file, String oldSuffix, String newSuffix) {
        String name = file.getFileName().toString();
        if (!name.endsWith(oldSuffix)) {
            throw new IllegalArgumentException(file + " does not end with '" + oldSuffix + "'");
        }
        return file.resolveSibling(name.substring(0, name.length() - oldSuffix.length()) + newSuffix);
    }

    public void close() throws IOException {
        timeIndex.maybeAppend(maxTimestampSoFar, offsetOfMaxTimestampSoFar, true);
        offsetIndex.close();
        timeIndex.close();
        txnIndex.close();
        channel.close();
    }

    /** Closes the file and deletes it with its indexes. */
    public void deleteFiles() throws IOException {
        channel.close();
        Files.deleteIfExists(logFile);
        offsetIndex.deleteIfExists();
        timeIndex.deleteIfExists();
        txnIndex.deleteIfExists();
    }

    @Override
    public String toString() {
        return "LogSegment(" + logFile + ", size=" + size + ")";
    }
}
