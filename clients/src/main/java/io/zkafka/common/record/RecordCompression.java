package io.zkafka.common.record;

import java.nio.ByteBuffer;

/** Compresses and decompresses the records section of a batch. */
final class RecordCompression {
    private RecordCompression() {
    }

    /**
     * Compresses the records written at {@code RECORDS_OFFSET .. position} of {@code batch} and
     * returns a buffer holding the same header space followed by the compressed records, its
     * position at the end of them.
     */
    static ByteBuffer compressRecords(ByteBuffer batch, CompressionType type) {
        throw new UnsupportedOperationException("Compression " + type.configName() + " is not implemented yet");
    }
}
