package io.zkafka.tools.internals;

import io.zkafka.common.TopicPartition;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;

/**
 * Computes the offsets {@code --reset-offsets} moves a group to, from what the cluster says about
 * each partition: every new offset lies within [log start, log end], as Kafka's tool clamps it.
 * Stateless.
 */
public final class OffsetResetPlanner {

    /** What the cluster says of the partitions to reset: bounds, committed offsets, offsets for a time. */
    public record PartitionOffsets(Map<TopicPartition, Long> earliest, Map<TopicPartition, Long> latest,
                                   Map<TopicPartition, Long> committed, Map<TopicPartition, Long> forTimestamp) {
    }

    private OffsetResetPlanner() {
    }

    /** The new offset of each partition, ordered by topic and partition. */
    public static Map<TopicPartition, Long> plan(OffsetResetSpec spec, Collection<TopicPartition> partitions,
                                                 PartitionOffsets offsets) {
        Map<TopicPartition, Long> planned = new TreeMap<>((a, b) -> a.topic().equals(b.topic())
            ? Integer.compare(a.partition(), b.partition()) : a.topic().compareTo(b.topic()));
        for (TopicPartition tp : partitions) {
            long earliest = required(offsets.earliest(), tp, "earliest");
            long latest = required(offsets.latest(), tp, "latest");
            Long committed = offsets.committed().get(tp);
            long target = switch (spec.kind()) {
                case EARLIEST -> earliest;
                case LATEST -> latest;
                case CURRENT -> committed != null ? committed : latest;
                case OFFSET -> spec.value();
                case SHIFT -> {
                    if (committed == null) {
                        throw new ToolException("Cannot shift offset for partition " + tp
                            + " since there is no current committed offset");
                    }
                    yield saturatedAdd(committed, spec.value());
                }
                case TIMESTAMP -> {
                    Long found = offsets.forTimestamp().get(tp);
                    yield found == null || found < 0 ? latest : found;
                }
            };
            planned.put(tp, Math.max(earliest, Math.min(latest, target)));
        }
        return planned;
    }

    private static long required(Map<TopicPartition, Long> offsets, TopicPartition tp, String what) {
        Long offset = offsets.get(tp);
        if (offset == null) {
            throw new ToolException("The " + what + " offset of " + tp + " is not known");
        }
        return offset;
    }

    private static long saturatedAdd(long a, long b) {
        long sum = a + b;
        if (((a ^ sum) & (b ^ sum)) < 0) {
            return b < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
        return sum;
    }
}
