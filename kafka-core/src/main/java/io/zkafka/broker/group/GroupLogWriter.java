package io.zkafka.broker.group;

import io.zkafka.common.protocol.Errors;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Where the coordinator writes its records (committed offsets, group metadata, tombstones): one
 * batch appended to an offsets partition, answered once it is durable. The broker's is an
 * {@link OffsetsPartitionWriter} (acks=all on the partition this broker leads); a unit test's may
 * keep the batches in memory.
 */
interface GroupLogWriter {
    /** One record: a key and a value (null: a tombstone). */
    record Entry(byte[] key, byte[] value) {
    }

    /** The outcome of an append: the error, and the offset of the first record written (-1 if none). */
    record Result(Errors error, long baseOffset) {
    }

    /**
     * Appends {@code entries} as one batch to offsets partition {@code offsetsPartition}, if this
     * broker still leads it at {@code leaderEpoch} (the epoch its groups were loaded at). Completes,
     * possibly at once on the calling thread, with NONE once the batch is durable, NOT_COORDINATOR
     * when the leadership moved, COORDINATOR_NOT_AVAILABLE with too few replicas in sync,
     * REQUEST_TIMED_OUT, or UNKNOWN_SERVER_ERROR.
     */
    CompletableFuture<Result> append(int offsetsPartition, int leaderEpoch, List<Entry> entries);

    /**
     * As {@link #append}, as one transactional batch of producer {@code producerId} at
     * {@code producerEpoch} (no sequence: a coordinator's write), so the transaction's marker on the
     * offsets partition commits or aborts these records on every replica and after a reload.
     */
    CompletableFuture<Result> appendTransactional(int offsetsPartition, int leaderEpoch, long producerId,
                                                  short producerEpoch, List<Entry> entries);
}
