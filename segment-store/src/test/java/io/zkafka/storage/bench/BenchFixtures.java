package io.zkafka.storage.bench;

import io.zkafka.common.record.RecordBatchBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * What the storage benchmarks share: record batches of exactly {@link #BATCH_BYTES} bytes, so that
 * {@link #BATCHES_PER_MIB} of them make one MiB and a benchmark operation of one MiB reads as MiB/s,
 * and fresh temporary folders. Stateless.
 *
 * <p>Folders are made under the system property {@code zkafka.bench.dir}, else {@code java.io.tmpdir};
 * the Log and the raw-channel baselines of one benchmark always share that folder, hence one filesystem.
 */
final class BenchFixtures {
    static final int BATCH_BYTES = 16 * 1024;
    static final int BATCHES_PER_MIB = (1 << 20) / BATCH_BYTES;
    static final int RECORDS_PER_BATCH = 16;
    static final int VALUE_BYTES = 1000;

    private BenchFixtures() {
    }

    /**
     * One uncompressed batch of {@link #RECORDS_PER_BATCH} records of about 1 KiB each (8-byte key,
     * {@link #VALUE_BYTES}-byte value, varint framing), the last value sized so that the batch is
     * exactly {@link #BATCH_BYTES} long. Base offset 0; {@code Log.append} stamps the real one.
     */
    static ByteBuffer batchOfExactly16KiB(long timestamp) {
        for (int lastValue = VALUE_BYTES; lastValue < 2 * VALUE_BYTES; lastValue++) {
            ByteBuffer batch = build(timestamp, lastValue);
            if (batch.remaining() == BATCH_BYTES) {
                return batch;
            }
            if (batch.remaining() > BATCH_BYTES) {
                break;
            }
        }
        throw new IllegalStateException("No last-record value size gives a batch of exactly " + BATCH_BYTES + " bytes");
    }

    private static ByteBuffer build(long timestamp, int lastValueBytes) {
        RecordBatchBuilder builder = RecordBatchBuilder.uncompressed(0, 2 * BATCH_BYTES);
        for (int i = 0; i < RECORDS_PER_BATCH; i++) {
            byte[] key = String.format("key-%04d", i).getBytes(StandardCharsets.US_ASCII);
            byte[] value = new byte[i == RECORDS_PER_BATCH - 1 ? lastValueBytes : VALUE_BYTES];
            for (int b = 0; b < value.length; b++) {
                value[b] = (byte) (b * 31 + i);
            }
            builder.append(timestamp, key, value);
        }
        return builder.build();
    }

    /** {@code count} copies of {@code batch}, each its own buffer at position 0. */
    static ByteBuffer[] copies(ByteBuffer batch, int count) {
        ByteBuffer[] out = new ByteBuffer[count];
        for (int i = 0; i < count; i++) {
            out[i] = ByteBuffer.allocate(batch.remaining()).put(batch.duplicate()).flip();
        }
        return out;
    }

    /** A new empty folder under {@code zkafka.bench.dir} (default {@code java.io.tmpdir}). */
    static Path freshFolder(String prefix) throws IOException {
        Path base = Path.of(System.getProperty("zkafka.bench.dir", System.getProperty("java.io.tmpdir")));
        Files.createDirectories(base);
        return Files.createTempDirectory(base, prefix);
    }

    /** Deletes {@code folder} and everything in it; a missing folder is fine. */
    static void deleteRecursively(Path folder) throws IOException {
        if (folder == null || !Files.exists(folder)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(folder)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
