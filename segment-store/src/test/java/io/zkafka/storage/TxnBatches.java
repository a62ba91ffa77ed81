package io.zkafka.storage;

import io.zkafka.common.record.ControlRecordType;
import io.zkafka.common.record.EndTransactionMarker;
import io.zkafka.common.record.RecordBatchBuilder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** Transactional batches and end markers for tests, at base offset 0 (a leader stamps the real one). */
public final class TxnBatches {
    private TxnBatches() {
    }

    /** A transactional batch of {@code records} records keyed {@code k<i>}, valued {@code prefix<i>}. */
    public static ByteBuffer data(long pid, int epoch, int firstSeq, int records, String prefix) {
        RecordBatchBuilder builder = RecordBatchBuilder.uncompressed(0, 1 << 20).producer(pid, (short) epoch, firstSeq)
            .transactional(true);
        for (int i = 0; i < records; i++) {
            builder.append(1_000L, ("k" + i).getBytes(StandardCharsets.UTF_8),
                (prefix + i).getBytes(StandardCharsets.UTF_8));
        }
        return builder.build();
    }

    /** A commit or abort marker of {@code pid} at {@code epoch}, from the coordinator at {@code coordinatorEpoch}. */
    public static ByteBuffer marker(long pid, int epoch, boolean commit, int coordinatorEpoch) {
        return new EndTransactionMarker(commit ? ControlRecordType.COMMIT : ControlRecordType.ABORT, coordinatorEpoch)
            .toBatch(pid, (short) epoch, 2_000L);
    }
}
