package io.zkafka.storage.producer;

import static io.zkafka.common.record.RecordBatchDescriptor.NO_PRODUCER_EPOCH;
import static io.zkafka.common.record.RecordBatchDescriptor.NO_SEQUENCE;

import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * One producer's state in one partition: its current epoch, the metadata of its last
 * {@value #NUM_BATCHES_TO_RETAIN} batches (oldest first), the time of its last batch or marker, and,
 * for transactions, the coordinator epoch of its last marker and the first offset of its ongoing
 * transaction (-1 when none).
 *
 * <p>Mutable, not thread-safe: owned by its {@link ProducerStateManager} (under the log's lock); an
 * append works on a {@link #copy()} and hands it back only once its batches are written.
 */
public final class ProducerStateEntry {
    /** Kafka's number of batches kept per producer, which bounds the requests in flight to five. */
    public static final int NUM_BATCHES_TO_RETAIN = 5;
    public static final long NO_TXN = -1L;
    public static final int NO_COORDINATOR_EPOCH = -1;

    private final long producerId;
    private final Deque<BatchMetadata> batches = new ArrayDeque<>(NUM_BATCHES_TO_RETAIN);
    private short producerEpoch;
    private int coordinatorEpoch;
    private long currentTxnFirstOffset;
    private long lastTimestamp;

    public ProducerStateEntry(long producerId, short producerEpoch, int coordinatorEpoch, long currentTxnFirstOffset,
                              long lastTimestamp, Collection<BatchMetadata> batches) {
        this.producerId = producerId;
        this.producerEpoch = producerEpoch;
        this.coordinatorEpoch = coordinatorEpoch;
        this.currentTxnFirstOffset = currentTxnFirstOffset;
        this.lastTimestamp = lastTimestamp;
        for (BatchMetadata batch : batches) {
            addBatchMetadata(batch);
        }
    }

    /** A producer not seen before: no epoch, no batches. */
    public static ProducerStateEntry empty(long producerId) {
        return new ProducerStateEntry(producerId, NO_PRODUCER_EPOCH, NO_COORDINATOR_EPOCH, NO_TXN, -1L, List.of());
    }

    /** A copy to change; made on every append of this producer, so the batches are copied straight across. */
    public ProducerStateEntry copy() {
        return new ProducerStateEntry(producerId, producerEpoch, coordinatorEpoch, currentTxnFirstOffset, lastTimestamp,
            batches);
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

    public long currentTxnFirstOffset() {
        return currentTxnFirstOffset;
    }

    public long lastTimestamp() {
        return lastTimestamp;
    }

    /** The retained batches, oldest first. */
    public List<BatchMetadata> batches() {
        return List.copyOf(batches);
    }

    /** Whether no batch of this producer's current epoch is retained (a new producer, or one bumped by a marker). */
    public boolean isEmpty() {
        return batches.isEmpty();
    }

    /** Whether the producer has an epoch here: a batch or a marker of it was recorded. */
    public boolean hasEpoch() {
        return producerEpoch != NO_PRODUCER_EPOCH;
    }

    /** A transactional batch at {@code firstOffset} opened the producer's transaction. */
    void beginTxn(long firstOffset) {
        currentTxnFirstOffset = firstOffset;
    }

    /**
     * A marker written at {@code epoch} by the coordinator at {@code markerCoordinatorEpoch} ended the
     * producer's transaction. A newer epoch (the coordinator bumped it when it aborted) starts the
     * producer's history afresh, as a batch of a new epoch does.
     */
    void endTxn(short epoch, int markerCoordinatorEpoch, long timestamp) {
        if (epoch != producerEpoch) {
            batches.clear();
            producerEpoch = epoch;
        }
        currentTxnFirstOffset = NO_TXN;
        coordinatorEpoch = markerCoordinatorEpoch;
        lastTimestamp = timestamp;
    }

    public int firstSeq() {
        return batches.isEmpty() ? NO_SEQUENCE : batches.peekFirst().firstSeq();
    }

    public int lastSeq() {
        return batches.isEmpty() ? NO_SEQUENCE : batches.peekLast().lastSeq();
    }

    /** The last offset of the producer's last batch, or -1. */
    public long lastDataOffset() {
        return batches.isEmpty() ? -1L : batches.peekLast().lastOffset();
    }

    /**
     * Records a batch written in {@code epoch}. A new epoch starts the producer's history afresh:
     * batches of older epochs can no longer be duplicates.
     */
    public void addBatch(short epoch, BatchMetadata batch) {
        if (epoch != producerEpoch) {
            batches.clear();
            producerEpoch = epoch;
        }
        addBatchMetadata(batch);
        lastTimestamp = batch.timestamp();
    }

    private void addBatchMetadata(BatchMetadata batch) {
        if (batches.size() == NUM_BATCHES_TO_RETAIN) {
            batches.pollFirst();
        }
        batches.addLast(batch);
    }

    /** A retained batch of the same epoch with exactly this sequence range: the batch was written before. */
    public Optional<BatchMetadata> findDuplicate(short epoch, int firstSeq, int lastSeq) {
        if (epoch != producerEpoch) {
            return Optional.empty();
        }
        for (BatchMetadata batch : batches) {
            if (batch.firstSeq() == firstSeq && batch.lastSeq() == lastSeq) {
                return Optional.of(batch);
            }
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return "ProducerStateEntry(id=" + producerId + ", epoch=" + producerEpoch + ", batches=" + batches
            + ", coordinatorEpoch=" + coordinatorEpoch + ", txnFirstOffset=" + currentTxnFirstOffset
            + ", lastTimestamp=" + lastTimestamp + ")";
    }
}
