package io.zkafka.common.record;

import static io.zkafka.common.record.RecordBatchDescriptor.ATTRIBUTES_OFFSET;
import static io.zkafka.common.record.RecordBatchDescriptor.COMPRESSION_CODEC_MASK;
import static io.zkafka.common.record.RecordBatchDescriptor.CRC_OFFSET;
import static io.zkafka.common.record.RecordBatchDescriptor.LENGTH_OFFSET;
import static io.zkafka.common.record.RecordBatchDescriptor.LOG_OVERHEAD;
import static io.zkafka.common.record.RecordBatchDescriptor.RECORDS_OFFSET;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/** Surgery on batch bytes for tests: copies, CRC repair, recompressing edited records. */
final class Batches {
    private Batches() {
    }

    static ByteBuffer copy(ByteBuffer batch) {
        ByteBuffer copy = ByteBuffer.allocate(batch.remaining());
        copy.put(batch.duplicate()).flip();
        return copy;
    }

    /** Rewrites the CRC of the batch at index 0 over whatever bytes the buffer holds after the attributes. */
    static ByteBuffer fixCrc(ByteBuffer batch) {
        if (batch.limit() > ATTRIBUTES_OFFSET) {
            CRC32C crc = new CRC32C();
            crc.update(batch.duplicate().position(ATTRIBUTES_OFFSET));
            batch.putInt(CRC_OFFSET, (int) crc.getValue());
        }
        return batch;
    }

    /**
     * Turns an uncompressed batch (whose records section may have been edited) into one of
     * {@code compression} holding the same header fields, with a correct length and CRC.
     */
    static ByteBuffer recompress(ByteBuffer uncompressed, CompressionType compression) {
        ByteBuffer source = copy(uncompressed);
        source.position(source.limit());
        ByteBuffer batch = RecordCompression.compressRecords(source, compression);
        int end = batch.position();
        batch.put(0, uncompressed.duplicate().limit(RECORDS_OFFSET), 0, RECORDS_OFFSET);
        batch.putInt(LENGTH_OFFSET, end - LOG_OVERHEAD);
        short attributes = batch.getShort(ATTRIBUTES_OFFSET);
        batch.putShort(ATTRIBUTES_OFFSET, (short) (attributes & ~COMPRESSION_CODEC_MASK | compression.id()));
        batch.limit(end).position(0);
        return fixCrc(copy(batch));
    }
}
