package io.zkafka.broker.txn;

import io.zkafka.broker.coordinator.CoordinatorPartitions;
import io.zkafka.broker.replica.ReplicaManager;
import io.zkafka.common.protocol.Errors;
import java.util.function.Consumer;

/**
 * The {@code __transaction_state} partitions this broker leads, and whether their transactional ids
 * are loaded: kept in step with the partitions' roles by {@link CoordinatorPartitions}. A partition's
 * leader epoch is its coordinator epoch. Requests for an id on a partition being loaded get
 * COORDINATOR_LOAD_IN_PROGRESS, on a partition not led here NOT_COORDINATOR.
 *
 * <p>Threads: role changes arrive on the cluster watcher thread and are handed to the coordinator
 * thread ({@code executor}), which alone loads and unloads; request threads read.
 */
final class TransactionPartitions extends CoordinatorPartitions implements TransactionOwnership {
    private final TransactionStateTopic topic;

    TransactionPartitions(ReplicaManager replicas, TransactionStateTopic topic, Consumer<Runnable> executor,
                          Loading loading) {
        super(TransactionStateTopic.NAME, "transactions", "coordinator epoch", replicas, executor, loading);
        this.topic = topic;
    }

    @Override
    public Errors coordinatorError(String transactionalId) {
        if (!topic.exists()) {
            return Errors.NOT_COORDINATOR;
        }
        return partitionError(topic.partitionFor(transactionalId));
    }

    @Override
    public int loadedEpoch(int logPartition) {
        return epochIfLoaded(logPartition);
    }
}
