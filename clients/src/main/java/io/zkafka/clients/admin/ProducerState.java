package io.zkafka.clients.admin;

import java.util.Objects;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * One producer's state in one partition, as DescribeProducers reports it: id, epoch, last sequence
 * written (-1 for none), the last write's timestamp, the epoch of the transaction coordinator that
 * last wrote a marker for it, and the first offset of its open transaction. Immutable.
 */
public final class ProducerState {
    private final long producerId;
    private final int producerEpoch;
    private final int lastSequence;
    private final long lastTimestamp;
    private final OptionalInt coordinatorEpoch;
    private final OptionalLong currentTransactionStartOffset;

    public ProducerState(long producerId, int producerEpoch, int lastSequence, long lastTimestamp,
                         OptionalInt coordinatorEpoch, OptionalLong currentTransactionStartOffset) {
        this.producerId = producerId;
        this.producerEpoch = producerEpoch;
        this.lastSequence = lastSequence;
        this.lastTimestamp = lastTimestamp;
        this.coordinatorEpoch = Objects.requireNonNull(coordinatorEpoch);
        this.currentTransactionStartOffset = Objects.requireNonNull(currentTransactionStartOffset);
    }

    public long producerId() {
        return producerId;
    }

    public int producerEpoch() {
        return producerEpoch;
    }

    public int lastSequence() {
        return lastSequence;
    }

    public long lastTimestamp() {
        return lastTimestamp;
    }

    public OptionalInt coordinatorEpoch() {
        return coordinatorEpoch;
    }

    public OptionalLong currentTransactionStartOffset() {
        return currentTransactionStartOffset;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ProducerState that && producerId == that.producerId && producerEpoch == that.producerEpoch
            && lastSequence == that.lastSequence && lastTimestamp == that.lastTimestamp
            && coordinatorEpoch.equals(that.coordinatorEpoch)
            && currentTransactionStartOffset.equals(that.currentTransactionStartOffset);
    }

    @Override
    public int hashCode() {
        return Objects.hash(producerId, producerEpoch, lastSequence, lastTimestamp, coordinatorEpoch,
            currentTransactionStartOffset);
    }

    @Override
    public String toString() {
        return "ProducerState(producerId=" + producerId + ", producerEpoch=" + producerEpoch + ", lastSequence="
            + lastSequence + ", lastTimestamp=" + lastTimestamp + ", coordinatorEpoch=" + coordinatorEpoch
            + ", currentTransactionStartOffset=" + currentTransactionStartOffset + ")";
    }
}
