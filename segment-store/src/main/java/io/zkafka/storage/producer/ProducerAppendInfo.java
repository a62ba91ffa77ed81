package io.zkafka.storage.producer;

import io.zkafka.common.TopicPartition;
import io.zkafka.common.errors.InvalidProducerEpochException;
import io.zkafka.common.errors.OutOfOrderSequenceException;
import io.zkafka.common.errors.UnknownProducerIdException;
import java.util.Optional;

/**
 * One producer's part of one append: starts from a copy of its entry, checks each of its batches in
 * order against the state the batches before it left (Kafka 3.x's rules, for {@link AppendOrigin#CLIENT}
 * only) and records them. Nothing is visible to the {@link ProducerStateManager} until
 * {@link ProducerStateManager#update} takes the result, after the batches are written.
 *
 * <p>Rules for a client's batch of epoch {@code e} starting at sequence {@code s}:
 * <ul>
 *   <li>{@code e} older than the producer's epoch: {@link InvalidProducerEpochException} (fenced);</li>
 *   <li>a producer this partition has no state for: {@code s} must be 0, else
 *       {@link UnknownProducerIdException} (the state expired, or the producer never wrote here);</li>
 *   <li>{@code e} newer than the producer's epoch (an epoch bump): {@code s} must be 0, else
 *       {@link OutOfOrderSequenceException};</li>
 *   <li>the same epoch: {@code s} must follow the last sequence (wrapping after 2^31 - 1), else
 *       {@link OutOfOrderSequenceException}. Duplicates are found before, by {@link #findDuplicate}.</li>
 * </ul>
 *
 * <p>Not thread-safe: lives within one append, under the log's lock.
 */
public final class ProducerAppendInfo {
    private final TopicPartition topicPartition;
    private final AppendOrigin origin;
    private final ProducerStateEntry updatedEntry;

    ProducerAppendInfo(TopicPartition topicPartition, ProducerStateEntry current, AppendOrigin origin) {
        this.topicPartition = topicPartition;
        this.origin = origin;
        this.updatedEntry = current.copy();
    }

    public long producerId() {
        return updatedEntry.producerId();
    }

    /** The entry as it stands after the batches appended so far. */
    ProducerStateEntry updatedEntry() {
        return updatedEntry;
    }

    /** The recent batch (this append's earlier ones included) that this one repeats, if any. */
    public Optional<BatchMetadata> findDuplicate(short epoch, int firstSeq, int lastSeq) {
        return updatedEntry.findDuplicate(epoch, firstSeq, lastSeq);
    }

    /**
     * Checks (for a client's append) and records one batch written at {@code firstOffset..lastOffset}.
     * Its transactional flag is not looked at yet: the transactions seam is here, where a
     * transactional batch would start the producer's transaction and a control batch end it.
     *
     * @throws InvalidProducerEpochException if the epoch is older than the producer's
     * @throws UnknownProducerIdException if the producer is unknown here and the batch does not start at sequence 0
     * @throws OutOfOrderSequenceException if the sequence does not follow on
     */
    public void append(short epoch, int firstSeq, int lastSeq, long firstOffset, long lastOffset, long maxTimestamp) {
        if (origin == AppendOrigin.CLIENT) {
            checkProducerEpoch(epoch, firstOffset);
            checkSequence(epoch, firstSeq, firstOffset);
        }
        updatedEntry.addBatch(epoch, new BatchMetadata(firstSeq, lastSeq, firstOffset, lastOffset, maxTimestamp));
    }

    private void checkProducerEpoch(short epoch, long offset) {
        if (!updatedEntry.isEmpty() && epoch < updatedEntry.producerEpoch()) {
            throw new InvalidProducerEpochException("Epoch " + epoch + " of producer " + producerId() + " at offset "
                + offset + " of " + topicPartition + " is older than its epoch " + updatedEntry.producerEpoch()
                + " here: a newer instance of the producer has written since");
        }
    }

    private void checkSequence(short epoch, int firstSeq, long offset) {
        if (updatedEntry.isEmpty()) {
            if (firstSeq != 0) {
                throw new UnknownProducerIdException(topicPartition + " has no state for producer " + producerId()
                    + " (epoch " + epoch + "), whose batch at offset " + offset + " starts at sequence " + firstSeq
                    + ", not 0: the state expired or was never here");
            }
        } else if (epoch != updatedEntry.producerEpoch()) {
            if (firstSeq != 0) {
                throw new OutOfOrderSequenceException("The first batch of epoch " + epoch + " of producer "
                    + producerId() + " at offset " + offset + " of " + topicPartition + " starts at sequence " + firstSeq
                    + "; a new epoch starts at 0 (the last epoch was " + updatedEntry.producerEpoch() + ")");
            }
        } else if (firstSeq != BatchMetadata.incrementSequence(updatedEntry.lastSeq(), 1)) {
            throw new OutOfOrderSequenceException("Out of order sequence number for producer " + producerId()
                + " at offset " + offset + " of " + topicPartition + ": " + firstSeq + " (incoming), "
                + updatedEntry.lastSeq() + " (the last written)");
        }
    }
}
