package io.zkafka.clients.admin;

import io.zkafka.common.TopicPartition;
import java.util.Objects;

/**
 * Which open transaction {@link Admin#abortTransaction} ends in one partition: the producer id and
 * epoch that wrote it and the coordinator epoch the abort marker is written at (as
 * {@link Admin#describeProducers} reports them). Immutable.
 */
public final class AbortTransactionSpec {
    private final TopicPartition topicPartition;
    private final long producerId;
    private final short producerEpoch;
    private final int coordinatorEpoch;

    public AbortTransactionSpec(TopicPartition topicPartition, long producerId, short producerEpoch,
                                int coordinatorEpoch) {
        this.topicPartition = Objects.requireNonNull(topicPartition);
        this.producerId = producerId;
        this.producerEpoch = producerEpoch;
        this.coordinatorEpoch = coordinatorEpoch;
    }

    public TopicPartition topicPartition() {
        return topicPartition;
    }

    public long producerId() {
        return producerId;
    }

    public short producerEpoch() {
        return producerEpoch;
    }

    public int coordinatorEpoch() {
        return coordinatorEpoch;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AbortTransactionSpec that && topicPartition.equals(that.topicPartition)
            && producerId == that.producerId && producerEpoch == that.producerEpoch
            && coordinatorEpoch == that.coordinatorEpoch;
    }

    @Override
    public int hashCode() {
        return Objects.hash(topicPartition, producerId, producerEpoch, coordinatorEpoch);
    }

    @Override
    public String toString() {
        return "AbortTransactionSpec(topicPartition=" + topicPartition + ", producerId=" + producerId
            + ", producerEpoch=" + producerEpoch + ", coordinatorEpoch=" + coordinatorEpoch + ")";
    }
}
