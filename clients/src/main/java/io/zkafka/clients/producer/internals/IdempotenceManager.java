package io.zkafka.clients.producer.internals;

import io.zkafka.common.TopicPartition;
import io.zkafka.common.errors.OutOfOrderSequenceException;
import io.zkafka.common.errors.UnknownProducerIdException;
import io.zkafka.common.protocol.Errors;
import io.zkafka.common.record.RecordBatchDescriptor;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The idempotent producer's state, Kafka 3.x's design: the producer id and epoch (from
 * InitProducerId, bumped locally when a partition's sequences must start again), and per partition
 * the next sequence, the last acknowledged one and the batches in flight in sequence order
 * ({@link PartitionSequences}).
 *
 * <ul>
 *   <li>A batch gets its sequence when it is first drained ({@link #assignSequence}); a partition
 *       still finishing batches of an older epoch drains no new batch until they are done, then
 *       starts again at 0.</li>
 *   <li>A retried batch keeps its sequence and is queued in sequence order ahead of newer ones; only
 *       the partition's first batch in flight may be sent while others wait for a retry
 *       ({@link #shouldStopDrain}), so up to five requests in flight never reorder a partition.</li>
 *   <li>{@code OUT_OF_ORDER_SEQUENCE_NUMBER} on a batch that is not the next one after the last
 *       acknowledged (an earlier batch is unresolved) is retried as it is; on the next one (a real gap)
 *       the partition's sequences start again under a bumped epoch. {@code UNKNOWN_PRODUCER_ID} (the
 *       broker lost the producer, KIP-360) bumps the epoch too. Only the first batch in line decides.</li>
 *   <li>A batch that expired after being sent may or may not be written: the partition sends nothing
 *       new until its batches in flight are done, then bumps the epoch if the expired one was not
 *       followed by an acknowledged one ({@link #maybeResolveSequences}).</li>
 * </ul>
 *
 * A transactional producer ({@link #transactional}) builds on this: its id comes from the transaction
 * coordinator ({@link TransactionManager}), a partition must be in the transaction before a batch
 * of it is drained (the {@linkplain #setPartitionGate partition gate}, a further reason for
 * {@link #shouldStopDrain}), its batches carry the transactional flag, and it never bumps its epoch
 * locally: a gap in a partition's sequences fails the batch instead (the transaction must be
 * aborted), and the bump is asked of the coordinator after the abort ({@link #takeEpochBumpRequest}).
 *
 * <p>Confined to the sender thread.
 */
public final class IdempotenceManager {
    private static final Logger LOG = LoggerFactory.getLogger(IdempotenceManager.class);

    private final Map<TopicPartition, PartitionSequences> partitions = new HashMap<>();
    private final Set<TopicPartition> partitionsToRewriteSequences = new HashSet<>();
    /** Partitions with a batch that expired after it was sent, with that batch's last sequence. */
    private final Map<TopicPartition, Integer> unresolvedSequences = new HashMap<>();
    private final boolean transactional;
    private ProducerIdAndEpoch producerIdAndEpoch = ProducerIdAndEpoch.NONE;
    private boolean epochBumpRequired;
    private Predicate<TopicPartition> partitionGate = tp -> true;

    /** The idempotent producer's state. */
    public IdempotenceManager() {
        this(false);
    }

    /** @param transactional whether the producer is transactional (see the class comment) */
    public IdempotenceManager(boolean transactional) {
        this.transactional = transactional;
    }

    public boolean isTransactional() {
        return transactional;
    }

    /** Which partitions may be drained: the transaction manager's partitions in the transaction. */
    public void setPartitionGate(Predicate<TopicPartition> gate) {
        this.partitionGate = gate;
    }

    /**
     * For a transactional producer: whether a partition's sequences must start again under a new
     * epoch, which the coordinator is then asked for; clears the request.
     */
    public boolean takeEpochBumpRequest() {
        boolean required = epochBumpRequired || !unresolvedSequences.isEmpty();
        epochBumpRequired = false;
        partitionsToRewriteSequences.clear();
        unresolvedSequences.clear();
        return required;
    }

    /** The sequence {@code increment} after {@code sequence}, wrapping after {@link Integer#MAX_VALUE} to 0. */
    public static int incrementSequence(int sequence, int increment) {
        if (sequence > Integer.MAX_VALUE - increment) {
            return increment - (Integer.MAX_VALUE - sequence) - 1;
        }
        return sequence + increment;
    }

    public ProducerIdAndEpoch producerIdAndEpoch() {
        return producerIdAndEpoch;
    }

    public boolean hasProducerId() {
        return producerIdAndEpoch.isValid();
    }

    /**
     * Takes the id and epoch InitProducerId answered. Partitions with batches in flight under an
     * earlier id start their sequences again under the new one.
     */
    public void setProducerIdAndEpoch(ProducerIdAndEpoch newProducerIdAndEpoch) {
        producerIdAndEpoch = newProducerIdAndEpoch;
        for (PartitionSequences sequences : partitions.values()) {
            if (sequences.hasInFlight()) {
                sequences.startSequencesAtBeginning(newProducerIdAndEpoch);
            }
        }
        unresolvedSequences.clear();
        LOG.info("Producer id {}, epoch {}", newProducerIdAndEpoch.producerId(), newProducerIdAndEpoch.epoch());
    }

    /**
     * Bumps the epoch if a partition asked for it, starting that partition's sequences again at 0
     * (its batches in flight are re-sequenced). At the largest epoch the id is dropped instead, and a
     * new one must be asked for. Called by the sender before each round.
     */
    public void bumpEpochIfRequested() {
        if (!epochBumpRequired || transactional) {
            return;
        }
        epochBumpRequired = false;
        if (producerIdAndEpoch.epoch() == Short.MAX_VALUE) {
            LOG.info("Epoch of producer {} exhausted: asking for a new producer id", producerIdAndEpoch.producerId());
            producerIdAndEpoch = ProducerIdAndEpoch.NONE;
            partitionsToRewriteSequences.clear();
            return;
        }
        producerIdAndEpoch = new ProducerIdAndEpoch(producerIdAndEpoch.producerId(),
            (short) (producerIdAndEpoch.epoch() + 1));
        LOG.info("Bumped the epoch of producer {} to {} to restart the sequences of {}", producerIdAndEpoch.producerId(),
            producerIdAndEpoch.epoch(), partitionsToRewriteSequences);
        for (TopicPartition tp : partitionsToRewriteSequences) {
            sequences(tp).startSequencesAtBeginning(producerIdAndEpoch);
            unresolvedSequences.remove(tp);
        }
        partitionsToRewriteSequences.clear();
    }

    private void requestEpochBumpForPartition(TopicPartition tp) {
        epochBumpRequired = true;
        partitionsToRewriteSequences.add(tp);
    }

    private PartitionSequences sequences(TopicPartition tp) {
        return partitions.computeIfAbsent(tp, p -> new PartitionSequences(producerIdAndEpoch));
    }

    /** Whether the partition's next batch must wait (see the class comment). */
    public boolean shouldStopDrain(ProducerBatch first, TopicPartition tp) {
        if (!producerIdAndEpoch.isValid() || !partitionGate.test(tp)) {
            return true;
        }
        PartitionSequences sequences = partitions.get(tp);
        if (sequences == null) {
            return false;
        }
        if (!first.hasSequence()) {
            if (sequences.hasInFlight() && !sequences.producerIdAndEpoch.equals(producerIdAndEpoch)) {
                return true;
            }
            if (unresolvedSequences.containsKey(tp)) {
                return true;
            }
        }
        int firstInFlight = sequences.firstInFlightSequence();
        return firstInFlight != RecordBatchDescriptor.NO_SEQUENCE && first.hasSequence()
            && first.baseSequence() != firstInFlight;
    }

    /** Gives a batch drained for the first time the partition's next sequences and tracks it. */
    public void assignSequence(ProducerBatch batch) {
        PartitionSequences sequences = sequences(batch.topicPartition);
        if (!sequences.producerIdAndEpoch.equals(producerIdAndEpoch) && !sequences.hasInFlight()) {
            sequences.producerIdAndEpoch = producerIdAndEpoch;
            sequences.nextSequence = 0;
            sequences.lastAckedSequence = PartitionSequences.NO_LAST_ACKED_SEQUENCE;
        }
        batch.setProducerState(producerIdAndEpoch, sequences.nextSequence, transactional);
        sequences.nextSequence = incrementSequence(sequences.nextSequence, batch.recordCount());
        sequences.addInFlight(batch);
    }

    /** Tracks a batch that already has its sequence (a piece of a split batch). */
    public void addInFlightBatch(ProducerBatch batch) {
        sequences(batch.topicPartition).addInFlight(batch);
    }

    public void removeInFlightBatch(ProducerBatch batch) {
        PartitionSequences sequences = partitions.get(batch.topicPartition);
        if (sequences != null && batch.hasSequence()) {
            sequences.removeInFlight(batch);
        }
    }

    public boolean hasInFlightBatches(TopicPartition tp) {
        PartitionSequences sequences = partitions.get(tp);
        return sequences != null && sequences.hasInFlight();
    }

    public int firstInFlightSequence(TopicPartition tp) {
        PartitionSequences sequences = partitions.get(tp);
        return sequences == null ? RecordBatchDescriptor.NO_SEQUENCE : sequences.firstInFlightSequence();
    }

    /** The next sequence the partition will hand out. */
    public int nextSequence(TopicPartition tp) {
        PartitionSequences sequences = partitions.get(tp);
        return sequences == null ? 0 : sequences.nextSequence;
    }

    /** The last sequence the broker acknowledged for the partition, or -1. */
    public int lastAckedSequence(TopicPartition tp) {
        PartitionSequences sequences = partitions.get(tp);
        return sequences == null ? PartitionSequences.NO_LAST_ACKED_SEQUENCE : sequences.lastAckedSequence;
    }

    /** The broker wrote the batch at {@code baseOffset} (or had written it: a duplicate). */
    public void handleCompletedBatch(ProducerBatch batch, long baseOffset) {
        PartitionSequences sequences = partitions.get(batch.topicPartition);
        if (sequences == null) {
            return;
        }
        if (batch.producerIdAndEpoch().equals(sequences.producerIdAndEpoch)
                && (sequences.lastAckedSequence == PartitionSequences.NO_LAST_ACKED_SEQUENCE
                    || batch.lastSequence() > sequences.lastAckedSequence)) {
            sequences.lastAckedSequence = batch.lastSequence();
            if (baseOffset >= 0) {
                sequences.lastAckedOffset = Math.max(sequences.lastAckedOffset, baseOffset + batch.recordCount() - 1);
            }
        }
        sequences.removeInFlight(batch);
    }

    /**
     * Whether a batch the broker refused with {@code error} is retried (Kafka 3.x's rules, see the
     * class comment); may ask for an epoch bump. {@code logStartOffset} is the partition's, from the
     * answer, or -1.
     */
    public boolean canRetry(Errors error, long logStartOffset, ProducerBatch batch) {
        TopicPartition tp = batch.topicPartition;
        if (error == Errors.UNKNOWN_PRODUCER_ID) {
            if (logStartOffset == -1 || batch.sequenceHasBeenReset()) {
                // no log start to judge by, or this batch was already re-sequenced by an earlier bump
                return true;
            }
            requestEpochBumpForPartition(tp);
            return !transactional;
        }
        if (error == Errors.OUT_OF_ORDER_SEQUENCE_NUMBER) {
            boolean unresolved = unresolvedSequences.containsKey(tp);
            if (!unresolved && (batch.sequenceHasBeenReset() || !isNextSequence(tp, batch.baseSequence()))) {
                return true;
            }
            if (!unresolved || isNextAfterUnresolved(tp, batch.baseSequence())) {
                requestEpochBumpForPartition(tp);
                return !transactional;
            }
            return true;
        }
        return error.isRetriable();
    }

    private boolean isNextSequence(TopicPartition tp, int sequence) {
        int lastAcked = lastAckedSequence(tp);
        return lastAcked == PartitionSequences.NO_LAST_ACKED_SEQUENCE ? sequence == 0
            : sequence == incrementSequence(lastAcked, 1);
    }

    private boolean isNextAfterUnresolved(TopicPartition tp, int sequence) {
        Integer unresolved = unresolvedSequences.get(tp);
        return unresolved != null && sequence == incrementSequence(unresolved, 1);
    }

    /**
     * The batch failed for good. A gap it may leave behind (its error was about sequences, or it
     * failed with retries left, so the broker never took it) makes the partition start again under a
     * bumped epoch.
     */
    public void handleFailedBatch(ProducerBatch batch, RuntimeException error, boolean adjustSequences) {
        removeInFlightBatch(batch);
        if (!batch.hasSequence()) {
            return;
        }
        if (error instanceof OutOfOrderSequenceException || error instanceof UnknownProducerIdException
                || adjustSequences) {
            requestEpochBumpForPartition(batch.topicPartition);
        }
    }

    /** A batch that was sent expired: whether it was written is unknown until later batches tell. */
    public void markSequenceUnresolved(ProducerBatch batch) {
        if (batch.hasSequence()) {
            unresolvedSequences.merge(batch.topicPartition, batch.lastSequence(), Math::max);
        }
    }

    /**
     * For partitions with an expired batch and nothing in flight any more: if the last acknowledged
     * sequence is the last one handed out, everything was written; otherwise the partition starts
     * again under a bumped epoch.
     */
    public void maybeResolveSequences() {
        for (Iterator<TopicPartition> it = unresolvedSequences.keySet().iterator(); it.hasNext(); ) {
            TopicPartition tp = it.next();
            if (hasInFlightBatches(tp)) {
                continue;
            }
            if (!isNextSequence(tp, nextSequence(tp))) {
                requestEpochBumpForPartition(tp);
            }
            it.remove();
        }
    }
}
