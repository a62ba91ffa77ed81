package io.zkafka.broker.group;

import io.zkafka.broker.coordinator.CoordinatorPartitions;
import io.zkafka.broker.replica.ReplicaManager;
import io.zkafka.common.protocol.Errors;
import java.util.function.Consumer;

/**
 * The offsets partitions this broker leads, and whether their groups are loaded: kept in step with
 * the partitions' roles by {@link CoordinatorPartitions}. Requests for a group on a partition being
 * loaded get COORDINATOR_LOAD_IN_PROGRESS, on a partition not led here NOT_COORDINATOR.
 *
 * <p>Threads: role changes arrive on the cluster watcher thread and are handed to the coordinator
 * thread ({@code executor}), which alone loads and unloads; request threads read.
 */
final class CoordinatedPartitions extends CoordinatorPartitions implements GroupOwnership {
    private final OffsetsTopic offsetsTopic;

    CoordinatedPartitions(ReplicaManager replicas, OffsetsTopic offsetsTopic, Consumer<Runnable> executor,
                          Loading loading) {
        super(OffsetsTopic.NAME, "groups", "leader epoch", replicas, executor, loading);
        this.offsetsTopic = offsetsTopic;
    }

    @Override
    public Errors coordinatorError(String groupId) {
        if (groupId == null || groupId.isEmpty()) {
            return Errors.INVALID_GROUP_ID;
        }
        if (!offsetsTopic.exists()) {
            return Errors.NOT_COORDINATOR;
        }
        return partitionError(offsetsTopic.partitionFor(groupId).partition());
    }

    @Override
    public int loadedEpoch(int partitionId) {
        return epochIfLed(partitionId);
    }
}
