package io.zkafka.broker.txn;

import io.zkafka.common.protocol.Errors;
import io.zkafka.coordination.ClusterChangeListener;

/**
 * A {@link TransactionOwnership} for unit tests: every transactional id is coordinated here, its
 * log partition loaded at coordinator epoch {@link #EPOCH}, until a test says otherwise. It ignores
 * cluster changes. Confined to the test's thread.
 */
final class FixedTransactionOwnership implements TransactionOwnership, ClusterChangeListener {
    static final int EPOCH = 5;

    private Errors error = Errors.NONE;
    private int epoch = EPOCH;

    /** From now on every id gets {@code error} (NONE: coordinated here again). */
    void answer(Errors error) {
        this.error = error;
    }

    /** The log partitions are loaded at {@code epoch} from now on (a new leadership). */
    void loadedAt(int epoch) {
        this.epoch = epoch;
    }

    @Override
    public Errors coordinatorError(String transactionalId) {
        return error;
    }

    @Override
    public int loadedEpoch(int logPartition) {
        return error == Errors.NONE ? epoch : -1;
    }

    @Override
    public boolean isLoading() {
        return error == Errors.COORDINATOR_LOAD_IN_PROGRESS;
    }
}
