package io.zkafka.broker.handler;

import io.zkafka.broker.purgatory.DelayedOperation;
import io.zkafka.broker.replica.OffsetPosition;
import io.zkafka.broker.replica.Partition;
import io.zkafka.common.IsolationLevel;
import io.zkafka.common.TopicPartition;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * A fetch that found fewer than {@code minBytes} and waits for more. It remembers, per partition,
 * where the partition's end stood when the request was read (its {@link ReadBound}: the high
 * watermark for read_uncommitted consumers, the last stable offset for read_committed ones, the log
 * end for followers, with its {@link OffsetPosition}) and how many bytes that read found; a check
 * compares the partition's current end with it and never reads the log. It completes when
 * <ul>
 *   <li>the bytes now available add up to {@code minBytes} (each partition counting at most its own
 *       limit);</li>
 *   <li>a partition's leadership changed: gone from this broker, no longer led here, or led at
 *       another epoch (the answer is then its error);</li>
 *   <li>the bytes cannot be counted: a new leader term, an end that moved back, or an end that passed
 *       an offset this leader cannot place; the read will tell;</li>
 *   <li>or its wait passes.</li>
 * </ul>
 * Then {@code completion} reads every partition once and answers.
 *
 * <p>Thread-safe: immutable but for the completion flag; checks run on request handler threads
 * and the purgatory timer concurrently.
 */
final class DelayedFetch extends DelayedOperation {

    /**
     * One partition as the first read found it: the partition object and leader epoch it was read
     * under, the offset asked for, the end it was read up to, the bytes found, and the partition's
     * byte limit.
     */
    record PartitionStart(TopicPartition tp, Partition partition, int leaderEpoch, long fetchOffset,
                          OffsetPosition end, long bytesRead, int maxBytes) {

        /** Bytes readable now at {@code current} (at most {@code maxBytes}); -1 when they cannot be counted. */
        long bytesAvailable(OffsetPosition current) {
            if (current.term() != end.term() || current.offset() < end.offset()) {
                return -1;
            }
            if (current.offset() == end.offset()) {
                return Math.min(bytesRead, maxBytes);
            }
            if (fetchOffset >= current.offset()) {
                return 0; // asked beyond the end (a consumer ahead of a new leader's watermark): still nothing
            }
            if (fetchOffset > end.offset() || !current.comparableWith(end)) {
                return -1;
            }
            return Math.min(bytesRead + current.bytes() - end.bytes(), maxBytes);
        }
    }

    /** Where a fetch's reads end, by who fetches. */
    enum ReadBound {
        LOG_END, HIGH_WATERMARK, LAST_STABLE_OFFSET;

        /** The bound of a follower's fetch, or a consumer's of the isolation level. */
        static ReadBound of(boolean fromFollower, IsolationLevel isolationLevel) {
            return fromFollower ? LOG_END
                : isolationLevel == IsolationLevel.READ_COMMITTED ? LAST_STABLE_OFFSET : HIGH_WATERMARK;
        }

        OffsetPosition position(Partition partition) {
            return switch (this) {
                case LOG_END -> partition.endPosition();
                case HIGH_WATERMARK -> partition.highWatermarkPosition();
                case LAST_STABLE_OFFSET -> partition.lastStablePosition();
            };
        }
    }

    private final int minBytes;
    private final ReadBound bound;
    private final List<PartitionStart> starts;
    private final Map<TopicPartition, PartitionStart> byPartition;
    private final Function<TopicPartition, Optional<Partition>> partitions;
    private final Runnable completion;

    DelayedFetch(long maxWaitMs, int minBytes, ReadBound bound, List<PartitionStart> starts,
                 Function<TopicPartition, Optional<Partition>> partitions, Runnable completion) {
        super(maxWaitMs);
        this.minBytes = minBytes;
        this.bound = bound;
        this.starts = List.copyOf(starts);
        this.byPartition = minBytes <= 1 ? index(this.starts) : Map.of(); // only a fetch any byte completes uses it
        this.partitions = partitions;
        this.completion = completion;
    }

    @Override
    public boolean tryComplete() {
        long accumulated = 0;
        for (PartitionStart start : starts) {
            long available = available(start);
            if (available < 0) {
                return forceComplete();
            }
            accumulated += available;
            if (accumulated >= minBytes) {
                return forceComplete();
            }
        }
        return false;
    }

    /**
     * A change of one partition (an append, a moved watermark, a leader change) is looked at in that
     * partition alone when any byte completes this fetch: the others have not changed since their own
     * checks, so a consumer of a thousand partitions costs one look per append, not a thousand.
     */
    @Override
    public boolean tryComplete(Object changedKey) {
        PartitionStart changed = changedKey instanceof TopicPartition tp ? byPartition.get(tp) : null;
        if (changed == null || minBytes > 1) {
            return tryComplete();
        }
        return available(changed) != 0 && forceComplete();
    }

    private static Map<TopicPartition, PartitionStart> index(List<PartitionStart> starts) {
        Map<TopicPartition, PartitionStart> index = new HashMap<>();
        for (PartitionStart start : starts) {
            index.putIfAbsent(start.tp(), start);
        }
        return index;
    }

    /** Bytes readable now in the partition, at most its limit; -1 when its leadership changed or they cannot be counted. */
    private long available(PartitionStart start) {
        Partition partition = partitions.apply(start.tp()).orElse(null);
        if (partition != start.partition() || !partition.isLeader() || partition.leaderEpoch() != start.leaderEpoch()) {
            return -1;
        }
        return start.bytesAvailable(bound.position(partition));
    }

    @Override
    protected void onComplete() {
        completion.run();
    }
}
