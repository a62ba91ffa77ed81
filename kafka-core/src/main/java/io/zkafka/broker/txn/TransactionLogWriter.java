package io.zkafka.broker.txn;

import io.zkafka.common.protocol.Errors;
import java.util.concurrent.CompletableFuture;

/**
 * Where the coordinator writes a transactional id's state: one record appended to a
 * {@code __transaction_state} partition, answered once it is durable. The broker's is a
 * {@link TransactionLogPartitionWriter} (acks=all on the partition this broker leads); a unit
 * test's keeps the records in memory.
 */
interface TransactionLogWriter {
    /**
     * Appends the record ({@code value} null: a tombstone) to log partition {@code logPartition} if
     * this broker still leads it at {@code leaderEpoch} (its coordinator epoch). Completes, possibly
     * at once on the calling thread, with NONE once the record is durable, NOT_COORDINATOR when the
     * leadership moved, COORDINATOR_NOT_AVAILABLE with too few replicas in sync or after the write
     * timed out, or UNKNOWN_SERVER_ERROR.
     */
    CompletableFuture<Errors> append(int logPartition, int leaderEpoch, byte[] key, byte[] value);
}
