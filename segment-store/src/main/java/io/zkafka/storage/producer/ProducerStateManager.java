package io.zkafka.storage.producer;

import static io.zkafka.common.record.RecordBatchDescriptor.NO_PRODUCER_ID;

import io.zkafka.common.TopicPartition;
import io.zkafka.common.record.EndTransactionMarker;
import io.zkafka.common.record.RecordBatchView;
import io.zkafka.storage.AbortedTxn;
import io.zkafka.storage.internals.TransactionIndex;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The producer state of one partition: for each producer id seen, its {@link ProducerStateEntry}
 * (epoch, last five batches, open transaction), as of {@link #mapEndOffset()}, the offset below which
 * every batch of the log has been taken into account. A leader validates client appends against it
 * ({@link LeaderAppendPlan}); followers record what they replicate; recovery and truncation rebuild
 * it from the newest {@link ProducerSnapshotFile} and the batch headers after it
 * ({@link ProducerStateLoader}). Producers stay after their batches leave the log (retention): only
 * {@link #removeExpiredProducers} forgets them (KIP-360), and never one with an open transaction.
 *
 * <p>Transactions: a producer's transactional batch opens its transaction at the batch's first offset
 * (kept in its entry and in the ongoing transactions by first offset); its commit or abort marker ends
 * it ({@link #completeTxn}), writing an aborted one to the segment's {@link TransactionIndex}. An ended
 * transaction stays unstable until the high watermark passes its marker
 * ({@link #onHighWatermarkUpdated}), so read_committed consumers never see a transaction whose outcome
 * a leader change could still lose. The first offset of the oldest ongoing or unreplicated transaction
 * is the {@link #firstUnstableOffset()}, which bounds the log's last stable offset (Kafka's rule).
 *
 * <p>Not thread-safe: confined to its log's lock.
 */
public final class ProducerStateManager {
    private static final Logger LOG = LoggerFactory.getLogger(ProducerStateManager.class);

    private final TopicPartition topicPartition;
    private final Path dir;
    private final Map<Long, ProducerStateEntry> producers = new HashMap<>();
    /** Ongoing transactions: first offset -> producer id. */
    private final NavigableMap<Long, Long> ongoingTxns = new TreeMap<>();
    /** Transactions whose marker is written but not yet below the high watermark: first offset -> marker offset. */
    private final NavigableMap<Long, Long> unreplicatedTxns = new TreeMap<>();
    private final NavigableMap<Long, Path> snapshots = new TreeMap<>();
    private long mapEndOffset;

    /** A manager for the partition folder {@code dir}, knowing its snapshot files but holding no state yet. */
    public ProducerStateManager(TopicPartition topicPartition, Path dir) throws IOException {
        this(topicPartition, dir, listFileNames(dir));
    }

    /** As {@link #ProducerStateManager(TopicPartition, Path)}, with the names of the folder's files already listed. */
    public ProducerStateManager(TopicPartition topicPartition, Path dir, List<String> fileNames) {
        this.topicPartition = topicPartition;
        this.dir = dir;
        for (String name : fileNames) {
            long offset = ProducerSnapshotFile.offsetOf(name);
            if (offset >= 0) {
                snapshots.put(offset, dir.resolve(name));
            }
        }
    }

    private static List<String> listFileNames(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(file -> file.getFileName().toString()).toList();
        }
    }

    public TopicPartition topicPartition() {
        return topicPartition;
    }

    /** Every batch below this offset is reflected in the state. */
    public long mapEndOffset() {
        return mapEndOffset;
    }

    public void updateMapEndOffset(long offset) {
        mapEndOffset = offset;
    }

    /** Starts one producer's part of an append from its current entry (or an empty one if it is unknown). */
    public ProducerAppendInfo prepareUpdate(long producerId, AppendOrigin origin) {
        ProducerStateEntry current = producers.get(producerId);
        return new ProducerAppendInfo(topicPartition, current == null ? ProducerStateEntry.empty(producerId) : current,
            origin);
    }

    /**
     * Makes an append's result the producer's state (its batches are written); the transactions it
     * opened become ongoing. The transactions it ended are completed by the caller ({@link #completeTxn}).
     */
    public void update(ProducerAppendInfo appendInfo) {
        producers.put(appendInfo.producerId(), appendInfo.updatedEntry());
        for (long firstOffset : appendInfo.startedTxns()) {
            ongoingTxns.put(firstOffset, appendInfo.producerId());
        }
    }

    public Optional<ProducerStateEntry> lastEntry(long producerId) {
        return Optional.ofNullable(producers.get(producerId));
    }

    /** Every producer's entry, by producer id (a read-only view: do not keep it past the lock). */
    public Map<Long, ProducerStateEntry> activeProducers() {
        return Collections.unmodifiableMap(producers);
    }

    /**
     * Checks a client's batches against the state (the leader's append, before anything is written);
     * see {@link LeaderAppendPlan}.
     *
     * @param firstOffset the offset the first batch that is not a duplicate will get
     * @param logAppendTime the broker time stamped into the batches, or -1 when they keep their own
     * @param origin a client's or a coordinator's append (see {@link AppendOrigin})
     */
    public LeaderAppendPlan planLeaderAppend(ByteBuffer batches, long firstOffset, long logAppendTime,
                                             AppendOrigin origin) {
        return LeaderAppendPlan.plan(this, batches, firstOffset, logAppendTime, origin);
    }

    /**
     * Records a follower's appended batches (the leader's offsets are in their headers), unchecked;
     * the transactions their markers end are completed, aborted ones indexed in {@code index} (the
     * active segment's, which the batches were written to).
     */
    public void recordReplicated(ByteBuffer batches, TransactionIndex index) throws IOException {
        RecordBatchView view = new RecordBatchView();
        for (int at = batches.position(); at < batches.limit(); at += view.sizeInBytes()) {
            CompletedTxn completed = record(view.wrap(batches, at), AppendOrigin.REPLICATION);
            if (completed != null) {
                completeTxn(completed, index);
            }
        }
    }

    /**
     * Records one batch read back from the log (recovery and truncation), unchecked: a header, or a
     * whole control batch (see {@code LogSegment.visitBatchHeaders}).
     *
     * @return the transaction a marker ended, for the caller to {@link #completeTxn}; else null
     */
    public CompletedTxn recordFromLog(RecordBatchView batch) {
        return record(batch, AppendOrigin.LOG);
    }

    private CompletedTxn record(RecordBatchView batch, AppendOrigin origin) {
        if (batch.producerId() == NO_PRODUCER_ID) {
            return null;
        }
        ProducerAppendInfo info = prepareUpdate(batch.producerId(), origin);
        CompletedTxn completed = null;
        if (batch.isControlBatch()) {
            EndTransactionMarker marker = EndTransactionMarker.read(batch);
            if (marker == null) {
                return null; // a control type this build does not know: no producer state in it
            }
            completed = info.appendEndTxnMarker(marker, batch.producerEpoch(), batch.baseOffset(), batch.maxTimestamp());
        } else {
            info.append(batch.producerEpoch(), batch.baseSequence(),
                BatchMetadata.incrementSequence(batch.baseSequence(), batch.lastOffsetDelta()), batch.baseOffset(),
                batch.lastOffset(), batch.maxTimestamp(), batch.isTransactional());
        }
        update(info);
        return completed;
    }

    /**
     * Forgets producers whose last batch is at least {@code expirationMs} older than {@code nowMs}
     * ({@code producer.id.expiration.ms}; the batch's timestamp, as Kafka), except those in a transaction.
     *
     * @return how many were forgotten
     */
    public int removeExpiredProducers(long nowMs, long expirationMs) {
        int removed = 0;
        for (Iterator<ProducerStateEntry> it = producers.values().iterator(); it.hasNext(); ) {
            ProducerStateEntry entry = it.next();
            if (entry.currentTxnFirstOffset() == ProducerStateEntry.NO_TXN
                    && nowMs - entry.lastTimestamp() >= expirationMs) {
                it.remove();
                removed++;
            }
        }
        return removed;
    }

    /**
     * The first offset of the oldest transaction that is ongoing, or ended by a marker the high watermark
     * has not passed yet: read_committed reads stop there. Empty if none.
     */
    public OptionalLong firstUnstableOffset() {
        long first = Long.MAX_VALUE;
        if (!ongoingTxns.isEmpty()) {
            first = ongoingTxns.firstKey();
        }
        if (!unreplicatedTxns.isEmpty()) {
            first = Math.min(first, unreplicatedTxns.firstKey());
        }
        return first == Long.MAX_VALUE ? OptionalLong.empty() : OptionalLong.of(first);
    }

    /** The high watermark moved to {@code highWatermark}: transactions whose marker is below it are stable. */
    public void onHighWatermarkUpdated(long highWatermark) {
        unreplicatedTxns.values().removeIf(markerOffset -> markerOffset < highWatermark);
    }

    /** The ongoing transactions: first offset -> producer id, oldest first (a copy). */
    public NavigableMap<Long, Long> ongoingTxns() {
        return new TreeMap<>(ongoingTxns);
    }

    /**
     * The last stable offset right after {@code txn} ends (Kafka's rule): the first offset of the oldest
     * other ongoing transaction, or the offset after its marker if there is none.
     */
    public long lastStableOffset(CompletedTxn txn) {
        for (Map.Entry<Long, Long> ongoing : ongoingTxns.entrySet()) {
            if (ongoing.getValue() != txn.producerId()) {
                return ongoing.getKey();
            }
        }
        return txn.lastOffset() + 1;
    }

    /**
     * A marker ended {@code txn}: if it was aborted its entry goes to {@code index} (the index of the
     * segment holding the marker) with the last stable offset after it; then it is no longer ongoing, and
     * holds back the last stable offset only until the high watermark passes its marker.
     */
    public void completeTxn(CompletedTxn txn, TransactionIndex index) throws IOException {
        if (txn.isAborted()) {
            index.append(new AbortedTxn(txn.producerId(), txn.firstOffset(), txn.lastOffset(), lastStableOffset(txn)));
        }
        ongoingTxns.remove(txn.firstOffset());
        unreplicatedTxns.put(txn.firstOffset(), txn.lastOffset());
    }

    // ---- snapshots ----

    /** Writes the state as {@code <mapEndOffset>.snapshot} (replacing one at that offset). */
    public void takeSnapshot() throws IOException {
        Path file = ProducerSnapshotFile.write(dir, mapEndOffset, producers.values());
        snapshots.put(mapEndOffset, file);
    }

    public List<Long> snapshotOffsets() {
        return new ArrayList<>(snapshots.keySet());
    }

    public OptionalLong latestSnapshotOffset() {
        return snapshots.isEmpty() ? OptionalLong.empty() : OptionalLong.of(snapshots.lastKey());
    }

    /**
     * Replaces the state with the newest readable snapshot at or below {@code offset}. A snapshot that
     * cannot be read is deleted (with a warning) and the next older one tried.
     *
     * @return the offset of the snapshot loaded (the state is then as of it), or -1 if none was: the
     *     state is then empty
     */
    public long loadLatestSnapshotAtOrBelow(long offset) throws IOException {
        producers.clear();
        ongoingTxns.clear();
        unreplicatedTxns.clear();
        Map.Entry<Long, Path> candidate = snapshots.floorEntry(offset);
        while (candidate != null) {
            try {
                for (ProducerStateEntry entry : ProducerSnapshotFile.read(candidate.getValue())) {
                    producers.put(entry.producerId(), entry);
                    if (entry.currentTxnFirstOffset() != ProducerStateEntry.NO_TXN) {
                        ongoingTxns.put(entry.currentTxnFirstOffset(), entry.producerId());
                    }
                }
                mapEndOffset = candidate.getKey();
                return candidate.getKey();
            } catch (IOException e) {
                LOG.warn("Ignoring the producer state snapshot {} of {}: {}", candidate.getValue(), topicPartition,
                    e.getMessage());
                producers.clear();
                ongoingTxns.clear();
                deleteSnapshot(candidate.getKey());
                candidate = snapshots.floorEntry(candidate.getKey() - 1);
            }
        }
        return -1;
    }

    /** Deletes the snapshots below {@code offset} (their segments left the log). */
    public void deleteSnapshotsBefore(long offset) throws IOException {
        for (Long old : new ArrayList<>(snapshots.headMap(offset, false).keySet())) {
            deleteSnapshot(old);
        }
    }

    /** Deletes the snapshots above {@code offset} (the log was cut there). */
    public void deleteSnapshotsAfter(long offset) throws IOException {
        for (Long newer : new ArrayList<>(snapshots.tailMap(offset, false).keySet())) {
            deleteSnapshot(newer);
        }
    }

    private void deleteSnapshot(long offset) throws IOException {
        Path file = snapshots.remove(offset);
        if (file != null) {
            Files.deleteIfExists(file);
        }
    }

    /** Forgets everything, snapshots included: the log starts empty at {@code offset}. */
    public void truncateFullyAndStartAt(long offset) throws IOException {
        producers.clear();
        ongoingTxns.clear();
        unreplicatedTxns.clear();
        deleteSnapshotsAfter(-1);
        mapEndOffset = offset;
    }

    @Override
    public String toString() {
        return "ProducerStateManager(" + topicPartition + ", producers=" + producers.size() + ", mapEndOffset="
            + mapEndOffset + ", snapshots=" + snapshots.keySet() + ")";
    }
}
