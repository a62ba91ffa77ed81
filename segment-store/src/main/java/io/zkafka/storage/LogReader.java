package io.zkafka.storage;

import io.zkafka.common.TopicPartition;
import io.zkafka.storage.internals.LogSegment;
import java.io.IOException;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ClosedChannelException;
import java.util.Map;
import java.util.OptionalLong;

/**
 * The read side of a log: whole batches from an offset, and the offset for a timestamp. Takes no
 * lock and never blocks appends: the segment map is concurrent, the caller passes the log start and
 * end offsets it read (published after the bytes were written), and a segment bounded by its size
 * never shows a half-written batch. A segment deleted while it is read has only been renamed
 * {@code .deleted}, so the read still works; one already closed reads as out of range. Stateless
 * apart from its log's segments.
 */
final class LogReader {
    private final TopicPartition topicPartition;
    private final LogSegments segments;

    LogReader(TopicPartition topicPartition, LogSegments segments) {
        this.topicPartition = topicPartition;
        this.segments = segments;
    }

    /**
     * Where the log end offset lies: the segment holding it and its byte position there; and where
     * the last append began in that segment, at the log end offset before it. Published with the end
     * offset after an append, so a read up to the log end (a consumer caught up with the high
     * watermark, a follower) is bounded without a search for the end's batch, and one from where the
     * last append began (a reader that was caught up until then) needs no search at all.
     */
    record EndPosition(long offset, long segmentBaseOffset, int position, long appendStartOffset,
                       int appendStartPosition) {
    }

    /**
     * See {@link Log#read(long, int, long)}; {@code start} and {@code end} are the log's offsets now,
     * {@code endPosition} where {@code end} lies if known (else null).
     */
    FileSlice read(long start, long end, EndPosition endPosition, long startOffset, int maxBytes, long maxOffset)
        throws IOException {
        if (startOffset < start || startOffset > end) {
            throw new OffsetOutOfRangeException("Offset " + startOffset + " of " + topicPartition
                + " is outside the log's range [" + start + ", " + end + "]");
        }
        if (startOffset == end || maxOffset <= startOffset) {
            return FileSlice.empty(startOffset);
        }
        if (endPosition != null && startOffset == endPosition.appendStartOffset() && maxOffset >= end
            && endPosition.position() - endPosition.appendStartPosition() <= maxBytes) {
            LogSegment segment = segments.get(endPosition.segmentBaseOffset());
            if (segment != null) {
                // exactly the batches of the last append: the read a caught-up reader makes after it
                try {
                    return segment.slice(endPosition.appendStartPosition(),
                        endPosition.position() - endPosition.appendStartPosition(), startOffset, end);
                } catch (ClosedChannelException e) {
                    throw deletedWhileRead(startOffset);
                }
            }
        }
        Map.Entry<Long, LogSegment> entry = segments.floorEntry(startOffset);
        while (entry != null) {
            LogSegment segment = entry.getValue();
            if (segment.baseOffset() >= maxOffset) {
                break;
            }
            Long nextBase = segments.nextBaseOffset(segment.baseOffset());
            long maxPosition = Long.MAX_VALUE;
            long offsetAtMaxPosition = nextBase == null ? end : nextBase;
            if (endPosition != null && maxOffset >= end && segment.baseOffset() == endPosition.segmentBaseOffset()) {
                // every batch before the end's position is below the end, so below maxOffset
                maxPosition = endPosition.position();
                offsetAtMaxPosition = end;
            } else if (maxOffset != Long.MAX_VALUE && (nextBase == null || maxOffset < nextBase)) {
                // every batch below this size was found to end below maxOffset; bytes appended after it
                // may hold maxOffset, so the read stops there too
                long checkedSize = segment.size();
                LogSegment.BatchPosition bound = segment.translateOffset(maxOffset);
                if (bound != null) {
                    maxPosition = bound.position();
                    offsetAtMaxPosition = bound.baseOffset();
                } else {
                    maxPosition = checkedSize;
                    offsetAtMaxPosition = Math.min(maxOffset, offsetAtMaxPosition);
                }
            }
            try {
                FileSlice slice = segment.read(startOffset, maxBytes, maxPosition, offsetAtMaxPosition);
                if (slice != null) {
                    return slice;
                }
            } catch (AsynchronousCloseException e) {
                throw e;
            } catch (ClosedChannelException e) {
                throw deletedWhileRead(startOffset);
            }
            entry = segments.higherEntry(segment.baseOffset());
        }
        return FileSlice.empty(startOffset);
    }

    private OffsetOutOfRangeException deletedWhileRead(long startOffset) {
        return new OffsetOutOfRangeException("Offset " + startOffset + " of " + topicPartition
            + " was deleted while it was read");
    }

    /** See {@link Log#offsetForTimestamp}; {@code start} is the log start offset now. */
    OptionalLong offsetForTimestamp(long start, long timestamp) throws IOException {
        for (LogSegment segment : segments.values()) {
            Long nextBase = segments.nextBaseOffset(segment.baseOffset());
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
}
