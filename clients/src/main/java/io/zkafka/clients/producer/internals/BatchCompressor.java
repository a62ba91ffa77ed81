package io.zkafka.clients.producer.internals;

import io.zkafka.common.record.BatchRecordIterator;
import io.zkafka.common.record.CompressionType;
import io.zkafka.common.record.RecordBatchBuilder;
import io.zkafka.common.record.RecordBatchView;
import io.zkafka.common.record.RecordView;
import io.zkafka.common.record.TimestampType;
import java.nio.ByteBuffer;

/**
 * Turns a producer batch written uncompressed into a compressed one. The record package compresses
 * only inside {@link RecordBatchBuilder#build()}, so the records are appended to a builder of the
 * wanted codec, as slices of the pooled buffer. The uncompressed path, which the benchmarks take,
 * never comes here. Stateless.
 */
final class BatchCompressor {
    private BatchCompressor() {
    }

    /** @param batch a whole uncompressed batch, header filled (producer fields included; the CRC need not be) */
    static ByteBuffer compress(ByteBuffer batch, CompressionType compression) {
        RecordBatchView view = new RecordBatchView(batch, batch.position());
        RecordBatchBuilder builder = new RecordBatchBuilder(compression, TimestampType.CREATE_TIME, 0L,
            batch.remaining(), Integer.MAX_VALUE).producer(view.producerId(), view.producerEpoch(), view.baseSequence())
            .transactional(view.isTransactional());
        BatchRecordIterator records = view.records(Integer.MAX_VALUE);
        RecordView record = new RecordView();
        while (records.hasNext()) {
            records.nextInto(record);
            builder.appendBuffersWithOffsetDelta(record.offsetDelta(), record.timestamp(), record.key(),
                record.value(), record.headerCount() == 0 ? null : record.headers());
        }
        return builder.build();
    }
}
