package io.zkafka.coordination;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToIntFunction;

/**
 * Splits a bulk write into transactions small enough for ZooKeeper: a server refuses a request
 * larger than {@code jute.maxbuffer} (1 MiB by default), so a transaction carries at most
 * {@link #DEFAULT_MAX_BYTES} of paths and payloads, half that limit with room for framing.
 * Stateless.
 */
final class TransactionChunks {
    /** The default budget of one transaction's paths and payloads, in bytes. */
    static final int DEFAULT_MAX_BYTES = 512 * 1024;
    private static final int OP_OVERHEAD_BYTES = 32;

    private TransactionChunks() {
    }

    /** The bytes one operation on {@code path} carrying {@code data} adds to a request, about. */
    static int estimate(String path, byte[] data) {
        return path.getBytes(StandardCharsets.UTF_8).length + (data == null ? 0 : data.length) + OP_OVERHEAD_BYTES;
    }

    /**
     * Cuts {@code items}, in order, into runs whose estimated sizes add up to at most
     * {@code maxBytes}; the first run has {@code firstReserved} bytes less (its transaction carries
     * other operations too). Every run holds at least one item, so an item above the budget still
     * goes out, alone.
     */
    static <T> List<List<T>> split(List<T> items, ToIntFunction<T> bytes, int maxBytes, int firstReserved) {
        List<List<T>> runs = new ArrayList<>();
        List<T> current = new ArrayList<>();
        long used = firstReserved;
        for (T item : items) {
            int size = bytes.applyAsInt(item);
            if (!current.isEmpty() && used + size > maxBytes) {
                runs.add(current);
                current = new ArrayList<>();
                used = 0;
            }
            current.add(item);
            used += size;
        }
        if (!current.isEmpty() || runs.isEmpty()) {
            runs.add(current);
        }
        return runs;
    }
}
