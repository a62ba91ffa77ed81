package io.zkafka.broker.txn;

import io.zkafka.common.protocol.Errors;
import io.zkafka.common.record.RecordBatchBuilder;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A {@link TransactionLogWriter} in memory, for unit tests of the coordinator: it keeps every
 * record and answers at once (NONE, on the calling thread, as the broker's writer does when the
 * high watermark is already past the record), or holds the answers after {@link #hold()} until the
 * test completes them with an outcome of its choice. Confined to the test's thread.
 */
final class InMemoryTransactionLog implements TransactionLogWriter {
    /** One append: where it went, its record and its answer. */
    record Append(int logPartition, int leaderEpoch, byte[] key, byte[] value, CompletableFuture<Errors> result) {
        String transactionalId() {
            return TransactionLogRecords.readKey(ByteBuffer.wrap(key));
        }

        /** The state written, or null for a tombstone. */
        TransactionLogRecords.Value decoded() {
            return value == null ? null : TransactionLogRecords.readValue(ByteBuffer.wrap(value));
        }
    }

    private final List<Append> appends = new ArrayList<>();
    private final Deque<Append> held = new ArrayDeque<>();
    private boolean holding;

    @Override
    public CompletableFuture<Errors> append(int logPartition, int leaderEpoch, byte[] key, byte[] value) {
        Append append = new Append(logPartition, leaderEpoch, key, value, new CompletableFuture<>());
        appends.add(append);
        if (holding) {
            held.add(append);
        } else {
            append.result().complete(Errors.NONE);
        }
        return append.result();
    }

    /** From now on, appends wait for {@link #completeNext}. */
    void hold() {
        holding = true;
    }

    /** Appends are answered at once again (those held stay held). */
    void release() {
        holding = false;
    }

    /** Answers the oldest held append with {@code error}. */
    void completeNext(Errors error) {
        Append append = held.poll();
        if (append == null) {
            throw new AssertionError("no append is waiting");
        }
        append.result().complete(error);
    }

    int heldCount() {
        return held.size();
    }

    List<Append> appends() {
        return List.copyOf(appends);
    }

    Append last() {
        if (appends.isEmpty()) {
            throw new AssertionError("nothing was appended");
        }
        return appends.get(appends.size() - 1);
    }

    /** The states written so far, oldest first (null for tombstones). */
    List<TransactionState> writtenStates() {
        return appends.stream().map(a -> a.value() == null ? TransactionState.DEAD : a.decoded().state()).toList();
    }

    /** Every record appended, as one batch of the log partition (offsets from 0), as a new leader would read it. */
    ByteBuffer asBatch() {
        RecordBatchBuilder builder = RecordBatchBuilder.uncompressed(0, Integer.MAX_VALUE);
        appends.forEach(a -> builder.append(0L, a.key(), a.value()));
        return builder.build();
    }
}
