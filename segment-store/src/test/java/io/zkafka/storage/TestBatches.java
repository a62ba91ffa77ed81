package io.zkafka.storage;

import io.zkafka.common.record.RecordBatchBuilder;
import io.zkafka.common.record.RecordBatchView;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Builds record batches for tests and reads back what a log returns. */
final class TestBatches {
    private TestBatches() {
    }

    /** One uncompressed batch of {@code records} records, all with {@code timestamp}, base offset 0. */
    static ByteBuffer batch(int records, long timestamp) {
        return batch(0, records, timestamp, 10);
    }

    static ByteBuffer batch(long baseOffset, int records, long timestamp, int valueSize) {
        RecordBatchBuilder builder = RecordBatchBuilder.uncompressed(baseOffset, 1 << 20);
        for (int i = 0; i < records; i++) {
            byte[] value = new byte[valueSize];
            value[0] = (byte) i;
            builder.append(timestamp, ("k" + i).getBytes(StandardCharsets.UTF_8), value);
        }
        return builder.build();
    }

    static ByteBuffer concat(ByteBuffer... batches) {
        int size = 0;
        for (ByteBuffer b : batches) {
            size += b.remaining();
        }
        ByteBuffer all = ByteBuffer.allocate(size);
        for (ByteBuffer b : batches) {
            all.put(b.duplicate());
        }
        return all.flip();
    }

    /** The batch headers of a slice: (base offset, last offset) of each whole batch, validated. */
    static List<long[]> batchesOf(FileSlice slice) throws IOException {
        List<long[]> out = new ArrayList<>();
        if (slice.isEmpty()) {
            return out;
        }
        ByteBuffer bytes = slice.readAll();
        RecordBatchView view = new RecordBatchView();
        for (int at = 0; at < bytes.limit(); at += view.sizeInBytes()) {
            view.wrap(bytes, at).validate(Integer.MAX_VALUE);
            out.add(new long[] {view.baseOffset(), view.lastOffset(), view.partitionLeaderEpoch()});
        }
        return out;
    }

    /** Every batch of the log from its start, read through {@link Log#read}, as (base, last, epoch). */
    static List<long[]> readAll(Log log) throws IOException {
        List<long[]> all = new ArrayList<>();
        long next = log.logStartOffset();
        for (int guard = 0; guard < 1_000_000 && next < log.logEndOffset(); guard++) {
            List<long[]> got = batchesOf(log.read(next, 1 << 20));
            if (got.isEmpty()) {
                break;
            }
            all.addAll(got);
            next = got.get(got.size() - 1)[1] + 1;
        }
        return all;
    }
}
