package io.zkafka.broker.txn;

import io.zkafka.broker.replica.Partition;
import io.zkafka.common.TopicPartition;
import io.zkafka.common.record.BatchRecordIterator;
import io.zkafka.common.record.EndTransactionMarker;
import io.zkafka.common.record.RecordBatchIterator;
import io.zkafka.common.record.RecordBatchView;
import io.zkafka.common.record.RecordView;
import io.zkafka.server.KafkaServer;
import io.zkafka.storage.FileSlice;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * What one replica's log of a partition holds, batch by batch, read straight from the broker's
 * partition (up to its log end): data batches with their producer and transactional flag and
 * values, and control batches with their marker. For checking that a transaction ended whole on
 * every partition and replica without a read_committed consumer.
 */
record PartitionBatches(TopicPartition partition, List<Batch> batches) {

    /** One batch: a marker (commit or abort) or data (its values as UTF-8). */
    record Batch(long baseOffset, long producerId, short producerEpoch, boolean transactional, Boolean commitMarker,
                 List<String> values) {
        boolean isMarker() {
            return commitMarker != null;
        }
    }

    static PartitionBatches read(KafkaServer broker, TopicPartition tp) {
        Partition partition = broker.replicaManager().partition(tp).orElseThrow(() ->
            new AssertionError("broker " + broker.brokerId() + " has no replica of " + tp));
        List<Batch> batches = new ArrayList<>();
        try {
            long offset = partition.logStartOffset();
            while (offset < partition.logEndOffset()) {
                FileSlice slice = partition.read(offset, 4 << 20, false);
                if (slice.isEmpty()) {
                    break;
                }
                RecordBatchIterator it = new RecordBatchIterator(slice.readAll(), 64 << 20);
                long next = offset;
                while (it.hasNext()) {
                    RecordBatchView view = it.next();
                    next = view.nextOffset();
                    if (view.baseOffset() < offset) {
                        continue;
                    }
                    if (view.isControlBatch()) {
                        EndTransactionMarker marker = EndTransactionMarker.read(view);
                        batches.add(new Batch(view.baseOffset(), view.producerId(), view.producerEpoch(), true,
                            marker != null && marker.isCommit(), List.of()));
                        continue;
                    }
                    List<String> values = new ArrayList<>();
                    BatchRecordIterator records = new BatchRecordIterator(view);
                    while (records.hasNext()) {
                        RecordView record = records.next();
                        values.add(record.hasValue() ? StandardCharsets.UTF_8.decode(record.value()).toString() : null);
                    }
                    batches.add(new Batch(view.baseOffset(), view.producerId(), view.producerEpoch(),
                        view.isTransactional(), null, values));
                }
                if (next <= offset) {
                    break;
                }
                offset = next;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new PartitionBatches(tp, batches);
    }

    List<Batch> markers() {
        return batches.stream().filter(Batch::isMarker).toList();
    }

    /**
     * The values a read_committed reader would get: data outside transactions, and each producer's
     * transactional data once a commit marker of that producer follows it (an abort marker drops it;
     * data without a marker yet is not returned).
     */
    List<String> committedValues() {
        List<String> committed = new ArrayList<>();
        List<Batch> open = new ArrayList<>();
        for (Batch batch : batches) {
            if (batch.isMarker()) {
                List<Batch> ended = open.stream().filter(b -> b.producerId() == batch.producerId()).toList();
                if (batch.commitMarker()) {
                    ended.forEach(b -> committed.addAll(b.values()));
                }
                open.removeAll(ended);
            } else if (batch.transactional()) {
                open.add(batch);
            } else {
                committed.addAll(batch.values());
            }
        }
        return committed;
    }

    /** Whether every transactional data batch is followed by a marker of its producer (no transaction left open). */
    boolean allTransactionsEnded() {
        List<Long> open = new ArrayList<>();
        for (Batch batch : batches) {
            if (batch.isMarker()) {
                open.removeIf(p -> p == batch.producerId());
            } else if (batch.transactional()) {
                open.add(batch.producerId());
            }
        }
        return open.isEmpty();
    }
}
