package io.zkafka.broker.txn;

import io.zkafka.broker.replica.Partition;
import io.zkafka.broker.replica.ReplicaManager;
import io.zkafka.common.TopicPartition;
import io.zkafka.common.protocol.Errors;
import io.zkafka.coordination.ClusterChangeListener;
import io.zkafka.coordination.ClusterSnapshot;
import io.zkafka.coordination.PartitionState;
import io.zkafka.coordination.TopicAssignment;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code __transaction_state} partitions this broker leads, and whether their transactional ids
 * are loaded: kept in step with the partitions' roles. A partition led here (or led at a new leader
 * epoch, which is its coordinator epoch) is loaded; one no longer led is unloaded. Requests for an id
 * on a partition being loaded get COORDINATOR_LOAD_IN_PROGRESS, on a partition not led here
 * NOT_COORDINATOR.
 *
 * <p>Threads: role changes arrive on the cluster watcher thread and are handed to the coordinator
 * thread ({@code executor}), which alone loads, unloads and changes the map; request threads read it.
 */
final class TransactionPartitions implements TransactionOwnership, ClusterChangeListener {
    private static final Logger log = LoggerFactory.getLogger(TransactionPartitions.class);

    /** What loading and unloading a partition's ids does; called on the coordinator thread. */
    interface Loading {
        /** Loads the ids of a partition just led here at {@code coordinatorEpoch}; false if it could not be read. */
        boolean load(Partition partition, int coordinatorEpoch);

        /** Drops the ids of a partition no longer led here. */
        void unload(int logPartition);
    }

    private record Ownership(int leaderEpoch, boolean loaded) {
    }

    private final ReplicaManager replicas;
    private final TransactionStateTopic topic;
    private final Consumer<Runnable> executor;
    private final Loading loading;
    private final Map<Integer, Ownership> owned = new ConcurrentHashMap<>();

    TransactionPartitions(ReplicaManager replicas, TransactionStateTopic topic, Consumer<Runnable> executor,
                          Loading loading) {
        this.replicas = replicas;
        this.topic = topic;
        this.executor = executor;
        this.loading = loading;
    }

    @Override
    public Errors coordinatorError(String transactionalId) {
        if (!topic.exists()) {
            return Errors.NOT_COORDINATOR;
        }
        Ownership ownership = owned.get(topic.partitionFor(transactionalId));
        if (ownership == null) {
            return Errors.NOT_COORDINATOR;
        }
        return ownership.loaded ? Errors.NONE : Errors.COORDINATOR_LOAD_IN_PROGRESS;
    }

    @Override
    public int loadedEpoch(int logPartition) {
        Ownership ownership = owned.get(logPartition);
        return ownership == null || !ownership.loaded ? -1 : ownership.leaderEpoch;
    }

    @Override
    public boolean isLoading() {
        return owned.values().stream().anyMatch(o -> !o.loaded);
    }

    @Override
    public void onSnapshot(ClusterSnapshot snapshot) {
        executor.accept(this::reconcile);
    }

    @Override
    public void onTopicCreated(TopicAssignment assignment) {
        if (TransactionStateTopic.NAME.equals(assignment.topic())) {
            executor.accept(this::reconcile);
        }
    }

    @Override
    public void onPartitionStateChanged(PartitionState state) {
        if (TransactionStateTopic.NAME.equals(state.partition().topic())) {
            executor.accept(this::reconcile);
        }
    }

    @Override
    public void onTopicDeleted(String deleted) {
        if (TransactionStateTopic.NAME.equals(deleted)) {
            executor.accept(this::reconcile);
        }
    }

    /** Loads the partitions newly led here (or led at a new epoch), unloads those no longer led. */
    private void reconcile() {
        Map<Integer, Integer> leading = new HashMap<>();
        replicas.partitions().forEach((tp, partition) -> {
            if (TransactionStateTopic.NAME.equals(tp.topic()) && partition.isLeader()) {
                leading.put(tp.partition(), partition.leaderEpoch());
            }
        });
        for (Map.Entry<Integer, Ownership> entry : Map.copyOf(owned).entrySet()) {
            Integer epoch = leading.get(entry.getKey());
            if (epoch == null || epoch != entry.getValue().leaderEpoch) {
                owned.remove(entry.getKey());
                loading.unload(entry.getKey());
                log.info("No longer coordinating the transactions of {}-{}", TransactionStateTopic.NAME, entry.getKey());
            }
        }
        leading.forEach((partition, epoch) -> {
            if (!owned.containsKey(partition)) {
                load(partition, epoch);
            }
        });
    }

    private void load(int logPartition, int epoch) {
        TopicPartition tp = new TopicPartition(TransactionStateTopic.NAME, logPartition);
        Partition partition = replicas.partition(tp).orElse(null);
        if (partition == null) {
            return;
        }
        owned.put(logPartition, new Ownership(epoch, false));
        if (!loading.load(partition, epoch)) {
            log.error("Loading transactions from {} failed; retrying on the next leadership change", tp);
            owned.remove(logPartition);
            return;
        }
        owned.put(logPartition, new Ownership(epoch, true));
        log.info("Coordinating the transactions of {} at coordinator epoch {}", tp, epoch);
    }
}
