package io.zkafka.clients.consumer;

import io.zkafka.common.errors.ApiException;
import io.zkafka.common.protocol.Errors;

/** A commit refused because the group rebalanced and the partitions may belong to another member now. */
public class CommitFailedException extends ApiException {
    public CommitFailedException(Errors error, String message) {
        super(error, "Commit cannot be completed since the group has already rebalanced and assigned the partitions "
            + "to another member (" + message + "). Poll again to rejoin; the records since the last commit may be "
            + "read again by whoever owns them now.");
    }
}
