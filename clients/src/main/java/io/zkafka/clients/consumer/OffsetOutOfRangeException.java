package io.zkafka.clients.consumer;

import io.zkafka.common.TopicPartition;
import io.zkafka.common.protocol.Errors;
import java.util.Map;
import java.util.Set;

/** A fetch position is outside the partition's log and {@code auto.offset.reset} is none. */
public class OffsetOutOfRangeException extends InvalidOffsetException {
    private static final long serialVersionUID = 1L;

    private final transient Map<TopicPartition, Long> offsetOutOfRangePartitions;

    public OffsetOutOfRangeException(String message, Map<TopicPartition, Long> offsetOutOfRangePartitions) {
        super(Errors.OFFSET_OUT_OF_RANGE, message);
        this.offsetOutOfRangePartitions = Map.copyOf(offsetOutOfRangePartitions);
    }

    public OffsetOutOfRangeException(Map<TopicPartition, Long> offsetOutOfRangePartitions) {
        this("Offsets out of range with no configured reset policy for partitions: " + offsetOutOfRangePartitions,
            offsetOutOfRangePartitions);
    }

    /** Each partition with the position that was out of range. */
    public Map<TopicPartition, Long> offsetOutOfRangePartitions() {
        return offsetOutOfRangePartitions;
    }

    @Override
    public Set<TopicPartition> partitions() {
        return offsetOutOfRangePartitions.keySet();
    }
}
