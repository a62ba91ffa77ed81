package io.zkafka.clients.producer.internals;

import io.zkafka.common.record.RecordBatchDescriptor;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;

/**
 * The idempotent producer's sequence bookkeeping for one partition: the producer id and epoch its
 * batches carry, the next sequence to hand out, the last sequence and offset the broker
 * acknowledged, and the batches that got a sequence and are not finished yet ("in flight": sent or
 * waiting for a retry), ordered by sequence.
 *
 * <p>Confined to the sender thread (through {@link IdempotenceManager}).
 */
final class PartitionSequences {
    static final int NO_LAST_ACKED_SEQUENCE = -1;

    ProducerIdAndEpoch producerIdAndEpoch;
    int nextSequence;
    int lastAckedSequence = NO_LAST_ACKED_SEQUENCE;
    long lastAckedOffset = -1L;
    private final TreeSet<ProducerBatch> inFlight =
        new TreeSet<>(Comparator.comparingInt(ProducerBatch::baseSequence));

    PartitionSequences(ProducerIdAndEpoch producerIdAndEpoch) {
        this.producerIdAndEpoch = producerIdAndEpoch;
    }

    void addInFlight(ProducerBatch batch) {
        inFlight.add(batch);
    }

    /** Removes the batch if it is the one tracked at its sequence. */
    void removeInFlight(ProducerBatch batch) {
        ProducerBatch tracked = inFlight.isEmpty() ? null : inFlight.ceiling(batch);
        if (tracked == batch) {
            inFlight.remove(batch);
        }
    }

    boolean hasInFlight() {
        return !inFlight.isEmpty();
    }

    int firstInFlightSequence() {
        return inFlight.isEmpty() ? RecordBatchDescriptor.NO_SEQUENCE : inFlight.first().baseSequence();
    }

    /**
     * Starts the partition's sequences again from 0 under {@code newProducerIdAndEpoch}: each batch
     * in flight, in its old order, gets the next sequences (its header is rewritten when it is sent again).
     */
    void startSequencesAtBeginning(ProducerIdAndEpoch newProducerIdAndEpoch) {
        List<ProducerBatch> batches = new ArrayList<>(inFlight);
        inFlight.clear();
        int sequence = 0;
        for (ProducerBatch batch : batches) {
            batch.resetProducerState(newProducerIdAndEpoch, sequence);
            sequence = IdempotenceManager.incrementSequence(sequence, batch.recordCount());
            inFlight.add(batch);
        }
        producerIdAndEpoch = newProducerIdAndEpoch;
        nextSequence = sequence;
        lastAckedSequence = NO_LAST_ACKED_SEQUENCE;
    }
}
