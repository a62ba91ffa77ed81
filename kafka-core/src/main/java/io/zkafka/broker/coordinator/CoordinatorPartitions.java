package io.zkafka.broker.coordinator;

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
 * The partitions of one internal topic ({@code __consumer_offsets}, {@code __transaction_state})
 * this broker leads, and whether what a coordinator keeps of them is loaded: kept in step with the
 * partitions' roles. A partition led here (or led at a new leader epoch) is loaded; one no longer led
 * is unloaded. A failed load leaves the partition unowned, to be retried on the next leadership change.
 *
 * A coordinator extends it with the answers to its requests; the group and the transaction
 * coordinators share it.
 *
 * <p>Threads: role changes arrive on the cluster watcher thread and are handed to the coordinator
 * thread ({@code executor}), which alone loads, unloads and changes the map; request threads read it.
 */
public abstract class CoordinatorPartitions implements ClusterChangeListener {
    private static final Logger log = LoggerFactory.getLogger(CoordinatorPartitions.class);

    /** What loading and unloading a partition does; called on the coordinator thread. */
    public interface Loading {
        /** Loads a partition just led here at {@code leaderEpoch}; false if it could not be read. */
        boolean load(Partition partition, int leaderEpoch);

        /** Drops what was loaded of a partition no longer led here. */
        void unload(int partitionId);
    }

    /** A partition led here: the leader epoch it was loaded for and whether loading finished. */
    private record Ownership(int leaderEpoch, boolean loaded) {
    }

    private final String topic;
    private final String contents;
    private final String epochName;
    private final ReplicaManager replicas;
    private final Consumer<Runnable> executor;
    private final Loading loading;
    private final Map<Integer, Ownership> owned = new ConcurrentHashMap<>();

    /**
     * Follows the leadership of {@code topic}'s partitions in {@code replicas}. {@code contents} names
     * what a partition holds and {@code epochName} what its leader epoch means to the coordinator, for
     * the log lines ("the groups of", "leader epoch").
     */
    protected CoordinatorPartitions(String topic, String contents, String epochName, ReplicaManager replicas,
                                    Consumer<Runnable> executor, Loading loading) {
        this.topic = topic;
        this.contents = contents;
        this.epochName = epochName;
        this.replicas = replicas;
        this.executor = executor;
        this.loading = loading;
    }

    /** NONE if {@code partitionId} is led here and loaded, COORDINATOR_LOAD_IN_PROGRESS, or NOT_COORDINATOR. */
    protected final Errors partitionError(int partitionId) {
        Ownership ownership = owned.get(partitionId);
        if (ownership == null) {
            return Errors.NOT_COORDINATOR;
        }
        return ownership.loaded ? Errors.NONE : Errors.COORDINATOR_LOAD_IN_PROGRESS;
    }

    /** The leader epoch {@code partitionId} is led here at, loaded or still loading; -1 if not led here. */
    protected final int epochIfLed(int partitionId) {
        Ownership ownership = owned.get(partitionId);
        return ownership == null ? -1 : ownership.leaderEpoch;
    }

    /** The leader epoch {@code partitionId} is led and loaded here at; -1 if not led here or still loading. */
    protected final int epochIfLoaded(int partitionId) {
        Ownership ownership = owned.get(partitionId);
        return ownership == null || !ownership.loaded ? -1 : ownership.leaderEpoch;
    }

    /** Whether a partition led here is still loading. */
    public final boolean isLoading() {
        return owned.values().stream().anyMatch(o -> !o.loaded);
    }

    @Override
    public final void onSnapshot(ClusterSnapshot snapshot) {
        executor.accept(this::reconcile);
    }

    @Override
    public final void onTopicCreated(TopicAssignment assignment) {
        if (topic.equals(assignment.topic())) {
            executor.accept(this::reconcile);
        }
    }

    @Override
    public final void onPartitionStateChanged(PartitionState state) {
        if (topic.equals(state.partition().topic())) {
            executor.accept(this::reconcile);
        }
    }

    @Override
    public final void onTopicDeleted(String deleted) {
        if (topic.equals(deleted)) {
            executor.accept(this::reconcile);
        }
    }

    /** Loads the partitions newly led here (or led at a new epoch), unloads those no longer led. */
    private void reconcile() {
        Map<Integer, Integer> leading = new HashMap<>();
        replicas.partitions().forEach((tp, partition) -> {
            if (topic.equals(tp.topic()) && partition.isLeader()) {
                leading.put(tp.partition(), partition.leaderEpoch());
            }
        });
        for (Map.Entry<Integer, Ownership> entry : Map.copyOf(owned).entrySet()) {
            Integer epoch = leading.get(entry.getKey());
            if (epoch == null || epoch != entry.getValue().leaderEpoch) {
                owned.remove(entry.getKey());
                loading.unload(entry.getKey());
                log.info("No longer coordinating the {} of {}-{}", contents, topic, entry.getKey());
            }
        }
        leading.forEach((partition, epoch) -> {
            if (!owned.containsKey(partition)) {
                load(partition, epoch);
            }
        });
    }

    private void load(int partitionId, int epoch) {
        TopicPartition tp = new TopicPartition(topic, partitionId);
        Partition partition = replicas.partition(tp).orElse(null);
        if (partition == null) {
            return;
        }
        owned.put(partitionId, new Ownership(epoch, false));
        if (!loading.load(partition, epoch)) {
            log.error("Loading {} from {} failed; retrying on the next leadership change", contents, tp);
            owned.remove(partitionId);
            return;
        }
        owned.put(partitionId, new Ownership(epoch, true));
        log.info("Coordinating the {} of {} at {} {}", contents, tp, epochName, epoch);
    }
}
