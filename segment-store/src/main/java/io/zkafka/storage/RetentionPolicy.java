package io.zkafka.storage;

import io.zkafka.storage.internals.LogSegment;
import java.io.IOException;
import java.util.List;

/**
 * Which of a log's oldest segments retention deletes. Segments always go from the front and the
 * active (last) one never goes, so the answer is a count. Stateless; the log calls it with its lock
 * held, on a snapshot of its segments.
 */
final class RetentionPolicy {
    private RetentionPolicy() {
    }

    /**
     * When the cleanup policy includes delete: the segments whose largest timestamp is older than
     * {@code retention.ms}, then, of the rest, as many as keep the log within {@code retention.bytes};
     * always: then the segments wholly below {@code logStartOffset}.
     *
     * @param oldestFirst every segment of the log, the active one last
     * @param now milliseconds since the epoch
     */
    static int segmentsToDelete(List<LogSegment> oldestFirst, LogConfig config, long now, long logStartOffset)
        throws IOException {
        int last = oldestFirst.size() - 1;
        int count = 0;
        if (config.deleteEnabled() && config.retentionMs() >= 0) {
            long cutoff = now - config.retentionMs();
            while (count < last && oldestFirst.get(count).largestTimestamp() < cutoff) {
                count++;
            }
        }
        if (config.deleteEnabled() && config.retentionBytes() >= 0) {
            long excess = -config.retentionBytes();
            for (LogSegment segment : oldestFirst.subList(count, oldestFirst.size())) {
                excess += segment.size();
            }
            while (count < last && excess >= oldestFirst.get(count).size()) {
                excess -= oldestFirst.get(count).size();
                count++;
            }
        }
        return segmentsBelowLogStart(oldestFirst, logStartOffset, count);
    }

    /**
     * {@code alreadyDeleted} plus the segments after them that lie wholly below {@code logStartOffset}
     * (the next segment starts at or below it).
     */
    static int segmentsBelowLogStart(List<LogSegment> oldestFirst, long logStartOffset, int alreadyDeleted) {
        int count = alreadyDeleted;
        while (count < oldestFirst.size() - 1 && oldestFirst.get(count + 1).baseOffset() <= logStartOffset) {
            count++;
        }
        return count;
    }
}
