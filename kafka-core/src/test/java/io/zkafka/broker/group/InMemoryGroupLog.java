package io.zkafka.broker.group;

import io.zkafka.common.protocol.Errors;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A {@link GroupLogWriter} in memory, for unit tests of the coordinator: it keeps every append
 * and answers it at once (NONE, offsets counting from 0, on the calling thread, as the broker's
 * writer does when the high watermark is already past the batch), or holds the answers after
 * {@link #hold()} until the test completes them with an outcome of its choice. Confined to the
 * test's thread.
 */
final class InMemoryGroupLog implements GroupLogWriter {
    /** One append: where it went, its records and its answer. */
    record Append(int offsetsPartition, int leaderEpoch, List<Entry> entries, long baseOffset,
                  CompletableFuture<Result> result, long producerId, short producerEpoch) {
        /** The group metadata written, or null if this append holds no metadata record (or a tombstone). */
        GroupRecords.GroupValue groupValue() {
            for (Entry entry : entries) {
                GroupRecords.Key key = GroupRecords.readKey(ByteBuffer.wrap(entry.key()));
                if (!key.isOffsetCommit() && entry.value() != null) {
                    return GroupRecords.readGroupValue(ByteBuffer.wrap(entry.value()));
                }
            }
            return null;
        }

        /** The keys of the tombstones in this append. */
        List<GroupRecords.Key> tombstones() {
            return entries.stream().filter(e -> e.value() == null)
                .map(e -> GroupRecords.readKey(ByteBuffer.wrap(e.key()))).toList();
        }
    }

    private final List<Append> appends = new ArrayList<>();
    private final Deque<Append> held = new ArrayDeque<>();
    private boolean holding;
    private long nextOffset;

    @Override
    public CompletableFuture<Result> append(int offsetsPartition, int leaderEpoch, List<Entry> entries) {
        return appendTransactional(offsetsPartition, leaderEpoch, -1L, (short) -1, entries);
    }

    /** Kept as the others, with its producer (-1 for a plain append). */
    @Override
    public CompletableFuture<Result> appendTransactional(int offsetsPartition, int leaderEpoch, long producerId,
                                                         short producerEpoch, List<Entry> entries) {
        Append append = new Append(offsetsPartition, leaderEpoch, List.copyOf(entries), nextOffset,
            new CompletableFuture<>(), producerId, producerEpoch);
        nextOffset += entries.size();
        appends.add(append);
        if (holding) {
            held.add(append);
        } else {
            append.result().complete(new Result(Errors.NONE, append.baseOffset()));
        }
        return append.result();
    }

    /** From now on, appends wait for {@link #completeNext}. */
    void hold() {
        holding = true;
    }

    /** Answers the oldest held append with {@code error}. */
    void completeNext(Errors error) {
        Append append = held.poll();
        if (append == null) {
            throw new AssertionError("no append is waiting");
        }
        append.result().complete(new Result(error, error == Errors.NONE ? append.baseOffset() : -1));
    }

    /** Every append so far, oldest first. */
    List<Append> appends() {
        return List.copyOf(appends);
    }

    /** The newest append. */
    Append last() {
        if (appends.isEmpty()) {
            throw new AssertionError("nothing was appended");
        }
        return appends.get(appends.size() - 1);
    }
}
