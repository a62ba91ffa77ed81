package io.zkafka.broker.group;

import io.zkafka.common.protocol.Errors;

/**
 * Whether this broker coordinates a group now: what the group code asks before it answers a
 * request or writes a record. The broker's is {@link CoordinatedPartitions}, which follows the
 * leadership of the offsets partitions. Thread-safe.
 */
interface GroupOwnership {
    /** NONE when this broker coordinates the group and has loaded it, else the error to answer. */
    Errors coordinatorError(String groupId);

    /** The leader epoch the offsets partition was loaded at (writes must still be under it), or -1. */
    int loadedEpoch(int offsetsPartition);

    /** Whether some offsets partition led here is still being loaded. */
    boolean isLoading();
}
