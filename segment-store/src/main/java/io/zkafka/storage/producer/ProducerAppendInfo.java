package io.zkafka.storage.producer;

import io.zkafka.common.TopicPartition;
import io.zkafka.common.errors.InvalidProducerEpochException;
import io.zkafka.common.errors.InvalidTxnStateException;
import io.zkafka.common.errors.OutOfOrderSequenceException;
import io.zkafka.common.errors.TransactionCoordinatorFencedException;
import io.zkafka.common.errors.UnknownProducerIdException;
import io.zkafka.common.record.ControlRecordType;
import io.zkafka.common.record.EndTransactionMarker;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One producer's part of one append: starts from a copy of its entry, checks each of its batches in
 * order against the state the batches before it left (Kafka 3.x's rules, by {@link AppendOrigin}) and
 * records them. Nothing is visible to the {@link ProducerStateManager} until
 * {@link ProducerStateManager#update} takes the result, after the batches are written.
 *
 * <p>Rules for a data batch of epoch {@code e} starting at sequence {@code s}:
 * <ul>
 *   <li>{@code e} older than the producer's epoch: {@link InvalidProducerEpochException} (fenced), for
 *       a client's and a coordinator's append;</li>
 *   <li>for a client's append only, the sequence: a producer this partition has no state for must
 *       start at 0, else {@link UnknownProducerIdException} (the state expired, or the producer never
 *       wrote here); a newer epoch (a bump) must start at 0, else {@link OutOfOrderSequenceException};
 *       the same epoch must follow the last sequence (wrapping after 2^31 - 1), else
 *       {@link OutOfOrderSequenceException}. Duplicates are found before, by {@link #findDuplicate};</li>
 *   <li>transactions: a transactional batch while the producer has no open transaction opens one at
 *       its first offset; a client's non-transactional batch while one is open is
 *       {@link InvalidTxnStateException}.</li>
 * </ul>
 * A commit or abort marker ({@link #appendEndTxnMarker}) ends the open transaction, if any. For a
 * coordinator's append its epoch may not be older than the producer's ({@link InvalidProducerEpochException})
 * and its coordinator epoch not older than the last marker's ({@link TransactionCoordinatorFencedException}).
 * Batches replicated from the leader or replayed from the log are recorded without any check.
 *
 * <p>Not thread-safe: lives within one append, under the log's lock.
 */
public final class ProducerAppendInfo {
    private final TopicPartition topicPartition;
    private final AppendOrigin origin;
    private final ProducerStateEntry updatedEntry;
    private final List<Long> startedTxns = new ArrayList<>(1);

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

    /** First offsets of the transactions this append opened, in order. */
    List<Long> startedTxns() {
        return startedTxns;
    }

    /** The recent batch (this append's earlier ones included) that this one repeats, if any. */
    public Optional<BatchMetadata> findDuplicate(short epoch, int firstSeq, int lastSeq) {
        return updatedEntry.findDuplicate(epoch, firstSeq, lastSeq);
    }

    /**
     * Checks and records one data batch written at {@code firstOffset..lastOffset}; a transactional one
     * opens the producer's transaction if none is open.
     *
     * @throws InvalidProducerEpochException if the epoch is older than the producer's
     * @throws UnknownProducerIdException if the producer is unknown here and the batch does not start at sequence 0
     * @throws OutOfOrderSequenceException if the sequence does not follow on
     * @throws InvalidTxnStateException if a client writes a non-transactional batch inside its transaction
     */
    public void append(short epoch, int firstSeq, int lastSeq, long firstOffset, long lastOffset, long maxTimestamp,
                       boolean transactional) {
        if (origin == AppendOrigin.CLIENT || origin == AppendOrigin.COORDINATOR) {
            checkProducerEpoch(epoch, firstOffset);
        }
        if (origin == AppendOrigin.CLIENT) {
            checkSequence(epoch, firstSeq, firstOffset);
        }
        boolean txnOpen = updatedEntry.currentTxnFirstOffset() != ProducerStateEntry.NO_TXN;
        if (txnOpen && !transactional && origin == AppendOrigin.CLIENT) {
            throw new InvalidTxnStateException("Producer " + producerId() + " wrote a non-transactional batch at offset "
                + firstOffset + " of " + topicPartition + " while its transaction from offset "
                + updatedEntry.currentTxnFirstOffset() + " is open");
        }
        updatedEntry.addBatch(epoch, new BatchMetadata(firstSeq, lastSeq, firstOffset, lastOffset, maxTimestamp));
        if (transactional && !txnOpen) {
            updatedEntry.beginTxn(firstOffset);
            startedTxns.add(firstOffset);
        }
    }

    /**
     * Records a commit or abort marker written at {@code offset} with the producer's {@code epoch}.
     *
     * @return the transaction it ended, or null if the producer had none open (a marker for an empty
     *     transaction, or one written again by a retrying coordinator), which changes neither the last
     *     stable offset nor the aborted-transaction index
     * @throws InvalidProducerEpochException if a coordinator writes it at an epoch older than the producer's
     * @throws TransactionCoordinatorFencedException if a coordinator writes it at an older coordinator epoch
     *     than the producer's last marker
     */
    public CompletedTxn appendEndTxnMarker(EndTransactionMarker marker, short epoch, long offset, long timestamp) {
        if (origin == AppendOrigin.CLIENT || origin == AppendOrigin.COORDINATOR) {
            checkProducerEpoch(epoch, offset);
            if (updatedEntry.coordinatorEpoch() > marker.coordinatorEpoch()) {
                throw new TransactionCoordinatorFencedException("The " + marker.type() + " marker for producer "
                    + producerId() + " at offset " + offset + " of " + topicPartition + " comes from coordinator epoch "
                    + marker.coordinatorEpoch() + ", older than " + updatedEntry.coordinatorEpoch() + " seen before");
            }
        }
        long firstOffset = updatedEntry.currentTxnFirstOffset();
        CompletedTxn completed = firstOffset == ProducerStateEntry.NO_TXN ? null
            : new CompletedTxn(producerId(), firstOffset, offset, marker.type() == ControlRecordType.ABORT);
        updatedEntry.endTxn(epoch, marker.coordinatorEpoch(), timestamp);
        return completed;
    }

    private void checkProducerEpoch(short epoch, long offset) {
        if (updatedEntry.hasEpoch() && epoch < updatedEntry.producerEpoch()) {
            throw new InvalidProducerEpochException("Epoch " + epoch + " of producer " + producerId() + " at offset "
                + offset + " of " + topicPartition + " is older than its epoch " + updatedEntry.producerEpoch()
                + " here: a newer instance of the producer has written since");
        }
    }

    private void checkSequence(short epoch, int firstSeq, long offset) {
        if (updatedEntry.isEmpty()) {
            if (firstSeq != 0 && !updatedEntry.hasEpoch()) {
                throw new UnknownProducerIdException(topicPartition + " has no state for producer " + producerId()
                    + " (epoch " + epoch + "), whose batch at offset " + offset + " starts at sequence " + firstSeq
                    + ", not 0: the state expired or was never here");
            }
            if (firstSeq != 0) {
                throw new OutOfOrderSequenceException("The first batch of epoch " + epoch + " of producer "
                    + producerId() + " at offset " + offset + " of " + topicPartition + " starts at sequence " + firstSeq
                    + "; the producer has no batch of its epoch " + updatedEntry.producerEpoch() + " here, so it starts at 0");
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
