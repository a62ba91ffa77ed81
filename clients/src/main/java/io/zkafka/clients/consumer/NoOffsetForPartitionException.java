package io.zkafka.clients.consumer;

import io.zkafka.common.TopicPartition;
import io.zkafka.common.protocol.Errors;
import java.util.Collection;
import java.util.Set;

/** Partitions have no position and {@code auto.offset.reset} is none: seek before polling. */
public class NoOffsetForPartitionException extends InvalidOffsetException {
    private static final long serialVersionUID = 1L;

    private final transient Set<TopicPartition> partitions;

    public NoOffsetForPartitionException(Collection<TopicPartition> partitions) {
        super(Errors.OFFSET_OUT_OF_RANGE, "Undefined offset with no reset policy for partitions: " + partitions);
        this.partitions = Set.copyOf(partitions);
    }

    @Override
    public Set<TopicPartition> partitions() {
        return partitions;
    }
}
