package io.zkafka.clients.consumer.internals;

import static io.zkafka.common.record.RecordBatchDescriptor.HEADER_SIZE;
import static io.zkafka.common.record.RecordBatchDescriptor.LENGTH_OFFSET;
import static io.zkafka.common.record.RecordBatchDescriptor.LOG_OVERHEAD;

import io.zkafka.clients.consumer.ConsumerRecord;
import io.zkafka.common.TopicPartition;
import io.zkafka.common.errors.CorruptRecordException;
import io.zkafka.common.errors.SerializationException;
import io.zkafka.common.message.FetchResponse;
import io.zkafka.common.record.BatchRecordIterator;
import io.zkafka.common.record.EndTransactionMarker;
import io.zkafka.common.record.RecordBatchView;
import io.zkafka.common.record.RecordView;
import io.zkafka.common.record.TimestampType;
import io.zkafka.common.serialization.Deserializer;
import java.nio.ByteBuffer;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * One partition's share of a fetch response, waiting in the {@link FetchBuffer}: the raw batches,
 * or an error to throw from {@code poll}. Records are decoded (decompressed, CRC-checked,
 * deserialized) only when {@code poll} takes them, on the application thread, and possibly over
 * several polls ({@code max.poll.records}). Records below the position (a batch may start before
 * the offset fetched) are skipped; control batches are skipped whole.
 *
 * <p>A read_committed fetch also carries the aborted transactions overlapping what was read (producer
 * id, first offset): walking the batches in offset order, a producer's transactional batches are
 * dropped from its aborted transaction's first offset up to its abort marker (Kafka's rule, so only
 * control batches' single record is ever decoded for it).
 *
 * <p>Created on the I/O thread; after it is handed over through the buffer's lock, only the
 * application thread touches it.
 */
public final class CompletedFetch {
    final TopicPartition partition;
    final int epoch;
    final long fetchOffset;
    final RuntimeException error;
    private final ByteBuffer records;
    private final boolean checkCrcs;
    private final RecordBatchView batch = new RecordBatchView();
    private final RecordView record = new RecordView();
    private int nextBatchPosition;
    private BatchRecordIterator batchRecords;
    private long batchNextOffset = -1L;
    private TimestampType batchTimestampType;
    private Optional<Integer> batchLeaderEpoch = Optional.empty();
    private long nextPosition;
    private boolean consumed;
    private int recordsTaken;
    /** Null for read_uncommitted; else the aborted transactions not yet reached, by first offset. */
    private final PriorityQueue<FetchResponse.AbortedTransaction> abortedTransactions;
    /** Producers inside an aborted transaction at the current batch. */
    private final Set<Long> abortedProducerIds = new HashSet<>();

    private CompletedFetch(TopicPartition partition, int epoch, long fetchOffset, ByteBuffer records, boolean checkCrcs,
                           List<FetchResponse.AbortedTransaction> aborted, RuntimeException error) {
        this.partition = partition;
        this.epoch = epoch;
        this.fetchOffset = fetchOffset;
        this.records = records;
        this.checkCrcs = checkCrcs;
        this.error = error;
        this.nextBatchPosition = records == null ? 0 : records.position();
        this.nextPosition = fetchOffset;
        if (aborted == null) {
            this.abortedTransactions = null;
        } else {
            this.abortedTransactions = new PriorityQueue<>(Math.max(1, aborted.size()),
                Comparator.comparingLong(FetchResponse.AbortedTransaction::firstOffset));
            this.abortedTransactions.addAll(aborted);
        }
    }

    /** A read_uncommitted fetch's data: every data batch is returned. */
    public static CompletedFetch of(TopicPartition partition, int epoch, long fetchOffset, ByteBuffer records,
                                    boolean checkCrcs) {
        return new CompletedFetch(partition, epoch, fetchOffset, records, checkCrcs, null, null);
    }

    /**
     * A fetch's data; with {@code aborted} non-null (read_committed, possibly empty) the batches of those
     * aborted transactions are dropped.
     */
    public static CompletedFetch of(TopicPartition partition, int epoch, long fetchOffset, ByteBuffer records,
                                    boolean checkCrcs, List<FetchResponse.AbortedTransaction> aborted) {
        return new CompletedFetch(partition, epoch, fetchOffset, records, checkCrcs, aborted, null);
    }

    public static CompletedFetch failed(TopicPartition partition, int epoch, long fetchOffset, RuntimeException error) {
        return new CompletedFetch(partition, epoch, fetchOffset, null, false, null, error);
    }

    /**
     * The offset after the last complete batch in {@code records}, or -1 when not even one batch
     * is complete (the first one is larger than what was fetched). Reads only batch lengths and
     * headers, so the I/O thread can call it to pipeline the next fetch.
     *
     * @throws CorruptRecordException when a batch length is impossible
     */
    public static long nextOffsetAfterCompleteBatches(ByteBuffer records) {
        RecordBatchView view = new RecordBatchView();
        long next = -1L;
        int position = records.position();
        int limit = records.limit();
        while (limit - position >= LOG_OVERHEAD) {
            int length = records.getInt(position + LENGTH_OFFSET);
            if (length < HEADER_SIZE - LOG_OVERHEAD) {
                throw new CorruptRecordException("Batch at byte " + position + " of a fetch has length " + length);
            }
            if ((long) length + LOG_OVERHEAD > limit - position) {
                break;
            }
            next = view.wrap(records, position).nextOffset();
            position += length + LOG_OVERHEAD;
        }
        return next;
    }

    public int sizeInBytes() {
        return records == null ? 0 : records.remaining();
    }

    /** Whether every record has been taken. */
    public boolean isConsumed() {
        return consumed;
    }

    /** How many records {@code poll} took from this fetch so far. */
    public int recordsTaken() {
        return recordsTaken;
    }

    /** The position after the records taken so far. */
    public long nextPosition() {
        return nextPosition;
    }

    /**
     * Decodes up to {@code max} records at or after {@code position} into {@code out} and returns
     * how many it added.
     *
     * @throws CorruptRecordException if a batch or record is corrupt (the position stays before it)
     * @throws SerializationException if a key or value does not deserialize
     */
    public <K, V> int fetchRecords(Deserializer<K> keyDeserializer, Deserializer<V> valueDeserializer, int max,
                                   long position, List<ConsumerRecord<K, V>> out) {
        nextPosition = Math.max(nextPosition, position);
        int added = 0;
        while (added < max) {
            if (batchRecords == null || !batchRecords.hasNext()) {
                if (batchRecords != null) {
                    nextPosition = Math.max(nextPosition, batchNextOffset);
                    batchRecords = null;
                }
                if (!nextBatch()) {
                    consumed = true;
                    break;
                }
                continue;
            }
            try {
                batchRecords.nextInto(record);
            } catch (CorruptRecordException e) {
                throw corrupt(e);
            }
            long offset = record.offset();
            if (offset < nextPosition) {
                continue;
            }
            out.add(toConsumerRecord(keyDeserializer, valueDeserializer, offset));
            nextPosition = offset + 1;
            added++;
        }
        if (batchRecords != null && !batchRecords.hasNext()) {
            nextPosition = Math.max(nextPosition, batchNextOffset);
            batchRecords = null;
        }
        recordsTaken += added;
        return added;
    }

    /** Moves to the next complete data batch that has records at or after the position. */
    private boolean nextBatch() {
        while (records.limit() - nextBatchPosition >= LOG_OVERHEAD) {
            int length = records.getInt(nextBatchPosition + LENGTH_OFFSET);
            if ((long) length + LOG_OVERHEAD > records.limit() - nextBatchPosition) {
                return false; // the trailing partial batch a fetch may end with
            }
            batch.wrap(records, nextBatchPosition);
            try {
                if (checkCrcs) {
                    batch.validate(Integer.MAX_VALUE);
                }
                long nextOffset = batch.nextOffset();
                nextBatchPosition += batch.sizeInBytes();
                boolean skipWhole = isAborted(batch) || batch.isControlBatch(); // markers too go through isAborted
                if (skipWhole || nextOffset <= nextPosition) {
                    nextPosition = Math.max(nextPosition, skipWhole ? nextOffset : nextPosition);
                    continue;
                }
                batchNextOffset = nextOffset;
                batchTimestampType = batch.timestampType();
                int leaderEpoch = batch.partitionLeaderEpoch();
                batchLeaderEpoch = leaderEpoch < 0 ? Optional.empty() : Optional.of(leaderEpoch);
                batchRecords = batch.records();
                return true;
            } catch (CorruptRecordException e) {
                throw corrupt(e);
            }
        }
        return false;
    }

    /**
     * Whether the batch belongs to an aborted transaction (read_committed only); keeps the set of producers
     * inside one current: a producer enters at its aborted transaction's first offset and leaves at its
     * abort marker.
     */
    private boolean isAborted(RecordBatchView batch) {
        if (abortedTransactions == null || batch.producerId() < 0) {
            return false;
        }
        long lastOffset = batch.lastOffset();
        while (!abortedTransactions.isEmpty() && abortedTransactions.peek().firstOffset() <= lastOffset) {
            abortedProducerIds.add(abortedTransactions.poll().producerId());
        }
        if (batch.isControlBatch()) {
            EndTransactionMarker marker = EndTransactionMarker.read(batch);
            if (marker != null && !marker.isCommit()) {
                abortedProducerIds.remove(batch.producerId());
            }
            return false;
        }
        return batch.isTransactional() && abortedProducerIds.contains(batch.producerId());
    }

    private CorruptRecordException corrupt(CorruptRecordException e) {
        consumed = true;
        return new CorruptRecordException("Received a corrupt batch from " + partition + " at or after offset "
            + nextPosition + ": " + e.getMessage() + ". If needed, seek past the record to continue consumption.", e);
    }

    private <K, V> ConsumerRecord<K, V> toConsumerRecord(Deserializer<K> keyDeserializer,
                                                         Deserializer<V> valueDeserializer, long offset) {
        byte[] keyBytes = record.keyBytes();
        byte[] valueBytes = record.valueBytes();
        K key;
        V value;
        try {
            key = keyDeserializer.deserialize(partition.topic(), keyBytes);
            value = valueDeserializer.deserialize(partition.topic(), valueBytes);
        } catch (RuntimeException e) {
            consumed = true;
            throw new SerializationException("Error deserializing key/value for partition " + partition + " at offset "
                + offset + ". If needed, please seek past the record to continue consumption.", e);
        }
        return new ConsumerRecord<>(partition.topic(), partition.partition(), offset, record.timestamp(),
            batchTimestampType, keyBytes == null ? ConsumerRecord.NULL_SIZE : keyBytes.length,
            valueBytes == null ? ConsumerRecord.NULL_SIZE : valueBytes.length, key, value,
            record.headerCount() == 0 ? List.of() : List.of(record.headers()), batchLeaderEpoch);
    }
}
