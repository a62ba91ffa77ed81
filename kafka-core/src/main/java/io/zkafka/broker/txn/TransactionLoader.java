package io.zkafka.broker.txn;

import io.zkafka.broker.replica.Partition;
import io.zkafka.common.errors.CorruptRecordException;
import io.zkafka.common.record.BatchRecordIterator;
import io.zkafka.common.record.RecordBatchIterator;
import io.zkafka.common.record.RecordBatchView;
import io.zkafka.common.record.RecordView;
import io.zkafka.storage.FileSlice;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replays a {@code __transaction_state} partition from its log start to its log end: the newest
 * record of each transactional id wins, a tombstone removes it. An unreadable record is logged and
 * skipped. Runs on the coordinator thread; reads take no lock on the partition.
 */
final class TransactionLoader {
    private static final Logger log = LoggerFactory.getLogger(TransactionLoader.class);
    private static final int READ_BYTES = 1 << 20;
    private static final int MAX_BATCH_BYTES = 64 << 20;

    private TransactionLoader() {
    }

    static Map<String, TransactionLogRecords.Value> load(Partition partition) throws IOException {
        Map<String, TransactionLogRecords.Value> loaded = new HashMap<>();
        long endOffset = partition.logEndOffset();
        long offset = partition.logStartOffset();
        int[] records = new int[1];
        while (offset < endOffset) {
            FileSlice slice = partition.read(offset, READ_BYTES, false);
            if (slice.isEmpty()) {
                break;
            }
            long next = replay(slice.readAll(), offset, loaded, records);
            if (next <= offset) {
                break; // a batch larger than the read: our own records are small
            }
            offset = next;
        }
        log.info("Loaded {} transactional id(s) from {} records of {}", loaded.size(), records[0],
            partition.topicPartition());
        return loaded;
    }

    /**
     * Applies the records at or after {@code fromOffset} of the batches in {@code bytes} to
     * {@code loaded}, counting them in {@code records[0]}; returns the offset after the last whole
     * batch (a trailing partial batch is left for the next read).
     */
    static long replay(ByteBuffer bytes, long fromOffset, Map<String, TransactionLogRecords.Value> loaded,
                       int[] records) {
        RecordBatchIterator batches = new RecordBatchIterator(bytes, MAX_BATCH_BYTES);
        long next = fromOffset;
        while (batches.hasNext()) {
            RecordBatchView batch = batches.next();
            next = batch.nextOffset();
            if (batch.isControlBatch()) {
                continue;
            }
            BatchRecordIterator it = new BatchRecordIterator(batch);
            while (it.hasNext()) {
                RecordView record = it.next();
                if (record.offset() >= fromOffset && apply(loaded, record)) {
                    records[0]++;
                }
            }
        }
        return next;
    }

    private static boolean apply(Map<String, TransactionLogRecords.Value> loaded, RecordView record) {
        if (!record.hasKey()) {
            return false;
        }
        try {
            String transactionalId = TransactionLogRecords.readKey(record.key());
            if (record.hasValue()) {
                loaded.put(transactionalId, TransactionLogRecords.readValue(record.value()));
            } else {
                loaded.remove(transactionalId);
            }
            return true;
        } catch (IllegalArgumentException | CorruptRecordException e) {
            log.warn("Skipping an unreadable record at offset {} of {}: {}", record.offset(), TransactionStateTopic.NAME,
                e.getMessage());
            return false;
        }
    }
}
