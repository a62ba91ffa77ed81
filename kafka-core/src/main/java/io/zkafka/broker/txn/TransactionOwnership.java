package io.zkafka.broker.txn;

import io.zkafka.common.protocol.Errors;

/**
 * Whether this broker coordinates a transactional id now: what the coordinator asks before it
 * answers a request or writes a record. The broker's is {@link TransactionPartitions}, which
 * follows the leadership of the {@code __transaction_state} partitions. Thread-safe.
 */
interface TransactionOwnership {
    /** NONE when this broker coordinates the id and has loaded its partition, else the error to answer. */
    Errors coordinatorError(String transactionalId);

    /**
     * The leader epoch the log partition was loaded at, or -1 when it is not loaded here: the
     * coordinator epoch of its transactions (markers carry it, writes must still be under it).
     */
    int loadedEpoch(int logPartition);

    /** Whether some log partition led here is still being loaded. */
    boolean isLoading();
}
