package io.zkafka.broker.group;

import io.zkafka.common.protocol.Errors;
import io.zkafka.coordination.ClusterChangeListener;

/**
 * A {@link GroupOwnership} for unit tests: every group is coordinated here, loaded at leader epoch
 * 7, until a test says otherwise. It ignores cluster changes; a test unloads a partition through
 * the coordinator itself. Confined to the test's thread.
 */
final class FixedOwnership implements GroupOwnership, ClusterChangeListener {
    static final int EPOCH = 7;

    private Errors error = Errors.NONE;

    /** From now on every group id gets {@code error} (NONE: coordinated here again). */
    void answer(Errors error) {
        this.error = error;
    }

    @Override
    public Errors coordinatorError(String groupId) {
        return groupId == null || groupId.isEmpty() ? Errors.INVALID_GROUP_ID : error;
    }

    @Override
    public int loadedEpoch(int offsetsPartition) {
        return error == Errors.NONE ? EPOCH : -1;
    }

    @Override
    public boolean isLoading() {
        return error == Errors.COORDINATOR_LOAD_IN_PROGRESS;
    }
}
