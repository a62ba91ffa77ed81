package io.zkafka.common.record;

import static io.zkafka.common.record.RecordBatchDescriptor.RECORDS_OFFSET;

import io.zkafka.common.errors.CorruptRecordException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;

/**
 * Compresses and decompresses the records section of a batch with the codec its attributes name.
 * The formats are drawn in {@link GzipCodec}, {@link SnappyCodec}, {@link Lz4FrameCodec} and
 * {@link ZstdCodec}. Stateless.
 */
final class RecordCompression {
    private static final int MAX_ARRAY = Integer.MAX_VALUE - 8;

    private RecordCompression() {
    }

    /**
     * Compresses the records written at {@code RECORDS_OFFSET .. position} of {@code batch} (an
     * array-backed buffer) and returns a buffer holding the same header space followed by the
     * compressed records, its position at the end of them.
     */
    static ByteBuffer compressRecords(ByteBuffer batch, CompressionType type) {
        byte[] src = batch.array();
        int offset = batch.arrayOffset() + RECORDS_OFFSET;
        int length = batch.position() - RECORDS_OFFSET;
        GrowableByteArray out = new GrowableByteArray(RECORDS_OFFSET + length / 2 + 64, MAX_ARRAY, "array limit");
        out.reserve(RECORDS_OFFSET);
        out.advance(RECORDS_OFFSET);
        try {
            switch (type) {
                case NONE -> out.write(src, offset, length);
                case GZIP -> GzipCodec.compress(src, offset, length, out);
                case SNAPPY -> SnappyCodec.compress(src, offset, length, out);
                case LZ4 -> Lz4FrameCodec.compress(src, offset, length, out);
                case ZSTD -> ZstdCodec.compress(src, offset, length, out);
                default -> throw new IllegalArgumentException("Unknown compression " + type);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Compressing records with " + type.configName() + " failed", e);
        }
        ByteBuffer compressed = out.toByteBuffer();
        compressed.position(out.size());
        compressed.limit(compressed.capacity());
        return compressed;
    }

    /**
     * Decompresses {@code compressed} (position to limit, left unchanged) into a new array-backed
     * buffer, position 0, limit the end of the records.
     *
     * @param maxBytes the most decompressed bytes accepted; more is a {@link CorruptRecordException}
     * @throws CorruptRecordException if the bytes are not valid for the codec or decompress past {@code maxBytes}
     */
    static ByteBuffer decompressRecords(ByteBuffer compressed, CompressionType type, int maxBytes) {
        byte[] src;
        int offset;
        int length = compressed.remaining();
        if (compressed.hasArray()) {
            src = compressed.array();
            offset = compressed.arrayOffset() + compressed.position();
        } else {
            src = new byte[length];
            compressed.duplicate().get(src);
            offset = 0;
        }
        long estimate = Math.min(4L * length + 64, maxBytes);
        GrowableByteArray out = new GrowableByteArray((int) estimate, maxBytes, "decompressed size limit");
        try {
            switch (type) {
                case NONE -> out.write(src, offset, length);
                case GZIP -> GzipCodec.decompress(src, offset, length, out);
                case SNAPPY -> SnappyCodec.decompress(src, offset, length, out);
                case LZ4 -> Lz4FrameCodec.decompress(src, offset, length, out);
                case ZSTD -> ZstdCodec.decompress(src, offset, length, out);
                default -> throw new IllegalArgumentException("Unknown compression " + type);
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof CorruptRecordException corrupt) {
                throw corrupt;
            }
            throw new CorruptRecordException("Records do not decompress as " + type.configName() + ": " + e, e);
        }
        return out.toByteBuffer();
    }
}
