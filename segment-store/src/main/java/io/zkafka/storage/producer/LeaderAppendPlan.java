package io.zkafka.storage.producer;

import static io.zkafka.common.record.RecordBatchDescriptor.NO_PRODUCER_ID;

import io.zkafka.common.errors.InvalidRecordException;
import io.zkafka.common.errors.OutOfOrderSequenceException;
import io.zkafka.common.record.EndTransactionMarker;
import io.zkafka.common.record.RecordBatchView;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A leader's check of an append against the producer state, batch by batch, before anything is
 * written; the bytes are never changed. For a client's append each idempotent batch is either
 * <ul>
 *   <li>a duplicate of one of its producer's last five batches (the earlier batches of this append
 *       included): it is not written again, and the append is answered with the offsets it was first
 *       written at. Duplicates may only lead the append (a resent request): one after a batch that is
 *       written is out of order;</li>
 *   <li>or checked by {@link ProducerAppendInfo#append} at the offset it will get, counting on from
 *       {@code firstOffset} over the batches before it that are written.</li>
 * </ul>
 * A client may not write control batches. A coordinator's append ({@link AppendOrigin#COORDINATOR}:
 * transaction markers, transactional offset commits) is checked without sequences or duplicates, and
 * its markers by {@link ProducerAppendInfo#appendEndTxnMarker}. Batches without a producer id are not
 * checked. The first failing batch fails the whole append (nothing is written). {@link #commit()}
 * publishes the result once the batches are written and returns the transactions the markers ended.
 *
 * <p>Not thread-safe: lives within one append, under the log's lock.
 */
public final class LeaderAppendPlan {
    private static final LeaderAppendPlan NOTHING_TO_CHECK = new LeaderAppendPlan(null, null, List.of(), 0, 0, null,
        null);

    private final ProducerStateManager manager;
    private final Map<Long, ProducerAppendInfo> appends;
    private final List<CompletedTxn> completedTxns;
    private final int duplicateBatches;
    private final int duplicateBytes;
    private final BatchMetadata firstDuplicate;
    private final BatchMetadata lastDuplicate;

    private LeaderAppendPlan(ProducerStateManager manager, Map<Long, ProducerAppendInfo> appends,
                             List<CompletedTxn> completedTxns, int duplicateBatches, int duplicateBytes,
                             BatchMetadata firstDuplicate, BatchMetadata lastDuplicate) {
        this.manager = manager;
        this.appends = appends;
        this.completedTxns = completedTxns;
        this.duplicateBatches = duplicateBatches;
        this.duplicateBytes = duplicateBytes;
        this.firstDuplicate = firstDuplicate;
        this.lastDuplicate = lastDuplicate;
    }

    static LeaderAppendPlan plan(ProducerStateManager manager, ByteBuffer batches, long firstOffset, long logAppendTime,
                                 AppendOrigin origin) {
        RecordBatchView view = new RecordBatchView();
        Map<Long, ProducerAppendInfo> appends = null;
        List<CompletedTxn> completed = List.of();
        boolean fromClient = origin == AppendOrigin.CLIENT;
        long nextOffset = firstOffset;
        int index = 0;
        int written = 0;
        int duplicateBytes = 0;
        BatchMetadata firstDuplicate = null;
        BatchMetadata lastDuplicate = null;
        for (int at = batches.position(); at < batches.limit(); at += view.sizeInBytes(), index++) {
            view.wrap(batches, at);
            if (fromClient && view.isControlBatch()) {
                throw new InvalidRecordException("Batch " + index + " of the append to " + manager.topicPartition()
                    + " is a control batch: only a transaction coordinator writes those");
            }
            long producerId = view.producerId();
            if (producerId == NO_PRODUCER_ID) {
                nextOffset += view.lastOffsetDelta() + 1L;
                written++;
                continue;
            }
            if (fromClient && view.baseSequence() < 0) {
                throw new InvalidRecordException("Batch " + index + " of the append to "
                    + manager.topicPartition() + " has producer id " + producerId + " but no sequence number");
            }
            if (appends == null) {
                appends = new HashMap<>(4);
            }
            ProducerAppendInfo append = appends.get(producerId);
            if (append == null) {   // not computeIfAbsent: a capturing lambda per batch, not inlined under C1
                append = manager.prepareUpdate(producerId, origin);
                appends.put(producerId, append);
            }
            short epoch = view.producerEpoch();
            long time = logAppendTime >= 0 ? logAppendTime : view.maxTimestamp();
            if (view.isControlBatch()) {
                EndTransactionMarker marker = EndTransactionMarker.read(view);
                if (marker != null) {
                    CompletedTxn txn = append.appendEndTxnMarker(marker, epoch, nextOffset, time);
                    if (txn != null) {
                        completed = completed.isEmpty() ? new ArrayList<>(1) : completed;
                        completed.add(txn);
                    }
                }
                nextOffset += view.lastOffsetDelta() + 1L;
                written++;
                continue;
            }
            int firstSeq = view.baseSequence();
            int lastSeq = BatchMetadata.incrementSequence(firstSeq, view.lastOffsetDelta());
            BatchMetadata duplicate = fromClient ? append.findDuplicate(epoch, firstSeq, lastSeq).orElse(null) : null;
            if (duplicate != null) {
                if (written > 0) {
                    throw new OutOfOrderSequenceException("Batch " + index + " of the append to "
                        + manager.topicPartition() + " repeats sequences " + firstSeq + ".." + lastSeq + " of producer "
                        + producerId + " after batches that are new: a resent request repeats only its first batches");
                }
                firstDuplicate = firstDuplicate == null ? duplicate : firstDuplicate;
                lastDuplicate = duplicate;
                duplicateBytes += view.sizeInBytes();
                continue;
            }
            long lastOffset = nextOffset + view.lastOffsetDelta();
            append.append(epoch, firstSeq, lastSeq, nextOffset, lastOffset, time, view.isTransactional());
            nextOffset = lastOffset + 1;
            written++;
        }
        if (appends == null) {
            return NOTHING_TO_CHECK;
        }
        return new LeaderAppendPlan(manager, appends, completed, index - written, duplicateBytes, firstDuplicate,
            lastDuplicate);
    }

    /** Whether every batch repeats one already written: nothing is to be written. */
    public boolean onlyDuplicates(ByteBuffer batches) {
        return duplicateBytes > 0 && duplicateBytes == batches.remaining();
    }

    /** How many leading batches are duplicates, and so are not written. */
    public int duplicateBatches() {
        return duplicateBatches;
    }

    /** The bytes of the leading duplicate batches, which the append skips. */
    public int duplicateBytes() {
        return duplicateBytes;
    }

    /** Where the first leading duplicate was written, or null when there is none. */
    public BatchMetadata firstDuplicate() {
        return firstDuplicate;
    }

    /** Where the last leading duplicate was written, or null when there is none. */
    public BatchMetadata lastDuplicate() {
        return lastDuplicate;
    }

    /**
     * The batches are written: their producers' state becomes what this plan checked.
     *
     * @return the transactions the append's markers ended, in order, for the log to complete
     *     ({@link ProducerStateManager#completeTxn})
     */
    public List<CompletedTxn> commit() {
        if (appends != null) {
            appends.values().forEach(manager::update);
        }
        return completedTxns;
    }
}
