package io.zkafka.broker.group;

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
 * The offsets partitions this broker leads, and whether their groups are loaded: kept in step with
 * the partitions' roles. A partition led here (or led at a new leader epoch) is loaded; one no longer
 * led is unloaded. Requests for a group on a partition being loaded get COORDINATOR_LOAD_IN_PROGRESS,
 * on a partition not led here NOT_COORDINATOR.
 *
 * <p>Threads: role changes arrive on the cluster watcher thread and are handed to the coordinator
 * thread ({@code executor}), which alone loads, unloads and changes the map; request threads read it.
 */
final class CoordinatedPartitions implements GroupOwnership, ClusterChangeListener {
    private static final Logger log = LoggerFactory.getLogger(CoordinatedPartitions.class);

    /** What loading and unloading a partition's groups does; called on the coordinator thread. */
    interface Loading {
        /** Loads the groups of a partition just led here; false if it could not be read. */
        boolean load(Partition partition);

        /** Drops the groups of a partition no longer led here. */
        void unload(int partitionId);
    }

    /** An offsets partition led here: the leader epoch it was loaded for and whether loading finished. */
    private record Ownership(int leaderEpoch, boolean loaded) {
    }

    private final ReplicaManager replicas;
    private final OffsetsTopic offsetsTopic;
    private final Consumer<Runnable> executor;
    private final Loading loading;
    private final Map<Integer, Ownership> owned = new ConcurrentHashMap<>();

    CoordinatedPartitions(ReplicaManager replicas, OffsetsTopic offsetsTopic, Consumer<Runnable> executor,
                          Loading loading) {
        this.replicas = replicas;
        this.offsetsTopic = offsetsTopic;
        this.executor = executor;
        this.loading = loading;
    }

    @Override
    public Errors coordinatorError(String groupId) {
        if (groupId == null || groupId.isEmpty()) {
            return Errors.INVALID_GROUP_ID;
        }
        if (!offsetsTopic.exists()) {
            return Errors.NOT_COORDINATOR;
        }
        Ownership ownership = owned.get(offsetsTopic.partitionFor(groupId).partition());
        if (ownership == null) {
            return Errors.NOT_COORDINATOR;
        }
        return ownership.loaded ? Errors.NONE : Errors.COORDINATOR_LOAD_IN_PROGRESS;
    }

    @Override
    public int loadedEpoch(int partitionId) {
        Ownership ownership = owned.get(partitionId);
        return ownership == null ? -1 : ownership.leaderEpoch;
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
        if (OffsetsTopic.NAME.equals(assignment.topic())) {
            executor.accept(this::reconcile);
        }
    }

    @Override
    public void onPartitionStateChanged(PartitionState state) {
        if (OffsetsTopic.NAME.equals(state.partition().topic())) {
            executor.accept(this::reconcile);
        }
    }

    @Override
    public void onTopicDeleted(String topic) {
        if (OffsetsTopic.NAME.equals(topic)) {
            executor.accept(this::reconcile);
        }
    }

    /** Loads the offsets partitions newly led here (or led at a new epoch), unloads those no longer led. */
    private void reconcile() {
        Map<Integer, Integer> leading = new HashMap<>();
        replicas.partitions().forEach((tp, partition) -> {
            if (OffsetsTopic.NAME.equals(tp.topic()) && partition.isLeader()) {
                leading.put(tp.partition(), partition.leaderEpoch());
            }
        });
        for (Map.Entry<Integer, Ownership> entry : Map.copyOf(owned).entrySet()) {
            Integer epoch = leading.get(entry.getKey());
            if (epoch == null || epoch != entry.getValue().leaderEpoch) {
                owned.remove(entry.getKey());
                loading.unload(entry.getKey());
                log.info("No longer coordinating the groups of {}-{}", OffsetsTopic.NAME, entry.getKey());
            }
        }
        leading.forEach((partition, epoch) -> {
            if (!owned.containsKey(partition)) {
                load(partition, epoch);
            }
        });
    }

    private void load(int partitionId, int epoch) {
        TopicPartition tp = new TopicPartition(OffsetsTopic.NAME, partitionId);
        Partition partition = replicas.partition(tp).orElse(null);
        if (partition == null) {
            return;
        }
        owned.put(partitionId, new Ownership(epoch, false));
        if (!loading.load(partition)) {
            log.error("Loading groups from {} failed; retrying on the next leadership change", tp);
            owned.remove(partitionId);
            return;
        }
        owned.put(partitionId, new Ownership(epoch, true));
        log.info("Coordinating the groups of {} at leader epoch {}", tp, epoch);
    }
}
