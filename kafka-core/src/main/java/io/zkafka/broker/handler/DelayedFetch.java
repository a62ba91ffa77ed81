package io.zkafka.broker.handler;

import io.zkafka.broker.purgatory.DelayedOperation;
import io.zkafka.broker.replica.OffsetPosition;
import io.zkafka.broker.replica.Partition;
import io.zkafka.common.TopicPartition;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * A fetch that found fewer than {@code minBytes} and waits for more. It remembers, per partition,
 * where the partition's end stood when the request was read (the high watermark for consumers, the
 * log end for followers, with its {@link OffsetPosition}) and how many bytes that read found; a
 * check compares the partition's current end with it and never reads the log. It completes when
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

    private final int minBytes;
    private final boolean fromFollower;
    private final List<PartitionStart> starts;
    private final Function<TopicPartition, Optional<Partition>> partitions;
    private final Runnable completion;

    DelayedFetch(long maxWaitMs, int minBytes, boolean fromFollower, List<PartitionStart> starts,
                 Function<TopicPartition, Optional<Partition>> partitions, Runnable completion) {
        super(maxWaitMs);
        this.minBytes = minBytes;
        this.fromFollower = fromFollower;
        this.starts = List.copyOf(starts);
        this.partitions = partitions;
        this.completion = completion;
    }

    @Override
    public boolean tryComplete() {
        long accumulated = 0;
        for (PartitionStart start : starts) {
            Partition partition = partitions.apply(start.tp()).orElse(null);
            if (partition != start.partition() || !partition.isLeader() || partition.leaderEpoch() != start.leaderEpoch()) {
                return forceComplete();
            }
            OffsetPosition end = fromFollower ? partition.endPosition() : partition.highWatermarkPosition();
            long available = start.bytesAvailable(end);
            if (available < 0) {
                return forceComplete();
            }
            accumulated += available;
        }
        return accumulated >= minBytes && forceComplete();
    }

    @Override
    protected void onComplete() {
        completion.run();
    }
}
