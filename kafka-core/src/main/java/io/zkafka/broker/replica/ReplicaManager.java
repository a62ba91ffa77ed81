package io.zkafka.broker.replica;

import io.zkafka.broker.MetadataCache;
import io.zkafka.broker.purgatory.Purgatory;
import io.zkafka.common.TopicPartition;
import io.zkafka.common.protocol.Errors;
import io.zkafka.coordination.ClusterChangeListener;
import io.zkafka.coordination.ClusterSnapshot;
import io.zkafka.coordination.LeaderAndIsr;
import io.zkafka.coordination.PartitionState;
import io.zkafka.coordination.TopicAssignment;
import io.zkafka.coordination.TopicConfig;
import io.zkafka.storage.Log;
import io.zkafka.storage.LogConfig;
import io.zkafka.storage.LogManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The partitions this broker hosts, and their roles as ZooKeeper states them. The controller
 * writes partition states; every broker sees them through its cluster watcher and acts: the named
 * leader starts leading at the new epoch, others stop. States written by an older controller epoch
 * than one already seen are ignored. Logs of topics that no longer exist (deleted while this
 * broker was down, too) are deleted once a full snapshot has been seen.
 *
 * <p>Role changes run on the coordination listener thread, one at a time; request handler threads
 * read {@link #partition} concurrently (a concurrent map of thread-safe {@link Partition}s).
 */
public final class ReplicaManager implements ClusterChangeListener {
    private static final Logger log = LoggerFactory.getLogger(ReplicaManager.class);

    private final int brokerId;
    private final LogManager logManager;
    private final LogConfig defaultLogConfig;
    private final MetadataCache metadata;
    private final Map<TopicPartition, Partition> partitions = new ConcurrentHashMap<>();
    private final Purgatory<TopicPartition> fetchPurgatory;
    private int highestControllerEpoch = -1;

    public ReplicaManager(int brokerId, LogManager logManager, LogConfig defaultLogConfig, MetadataCache metadata,
                          ScheduledExecutorService timer) {
        this.brokerId = brokerId;
        this.logManager = logManager;
        this.defaultLogConfig = defaultLogConfig;
        this.metadata = metadata;
        this.fetchPurgatory = new Purgatory<>(timer);
    }

    public int brokerId() {
        return brokerId;
    }

    public Optional<Partition> partition(TopicPartition tp) {
        return Optional.ofNullable(partitions.get(tp));
    }

    /**
     * Why a request for a partition this broker does not host fails: the topic or partition does not
     * exist, or another broker leads it, or nobody does right now.
     */
    public Errors errorForMissingPartition(TopicPartition tp) {
        TopicAssignment assignment = metadata.image().assignments().get(tp.topic());
        if (assignment == null || !assignment.partitions().containsKey(tp.partition())) {
            return Errors.UNKNOWN_TOPIC_OR_PARTITION;
        }
        return metadata.image().state(tp)
            .map(s -> s.leaderAndIsr().leader() == LeaderAndIsr.NO_LEADER
                ? Errors.LEADER_NOT_AVAILABLE : Errors.NOT_LEADER_OR_FOLLOWER)
            .orElse(Errors.LEADER_NOT_AVAILABLE);
    }

    public Map<TopicPartition, Partition> partitions() {
        return partitions;
    }

    public Purgatory<TopicPartition> fetchPurgatory() {
        return fetchPurgatory;
    }

    /** The log config of a topic: broker defaults with the topic's overrides on top. */
    public LogConfig logConfigFor(String topic) {
        Map<String, String> overrides = metadata.image().topicOverrides(topic);
        return overrides.isEmpty() ? defaultLogConfig : defaultLogConfig.with(overrides);
    }

    /** Appends happened (or the high watermark moved): wake fetches waiting on the partition. */
    public void onAppend(TopicPartition tp) {
        fetchPurgatory.checkAndComplete(tp);
    }

    @Override
    public void onSnapshot(ClusterSnapshot snapshot) {
        Set<TopicPartition> assignedHere = new HashSet<>();
        snapshot.topics().forEach((topic, topicSnapshot) ->
            topicSnapshot.assignment().partitions().forEach((p, replicas) -> {
                if (replicas.contains(brokerId)) {
                    assignedHere.add(new TopicPartition(topic, p));
                }
            }));
        for (Log existing : logManager.allLogs()) {
            TopicPartition tp = existing.topicPartition();
            if (!assignedHere.contains(tp)) {
                log.info("Deleting the log of {}: it is not assigned to broker {} (topic deleted or moved)", tp, brokerId);
                removePartition(tp);
            }
        }
        snapshot.topics().values().forEach(topicSnapshot ->
            topicSnapshot.partitionStates().values().forEach(this::applyState));
    }

    @Override
    public void onTopicCreated(TopicAssignment assignment) {
        onTopicAssignmentChanged(assignment);
    }

    @Override
    public void onTopicAssignmentChanged(TopicAssignment assignment) {
        assignment.partitions().forEach((p, replicas) -> {
            TopicPartition tp = new TopicPartition(assignment.topic(), p);
            metadata.image().state(tp).ifPresent(this::applyState);
        });
    }

    @Override
    public void onPartitionStateChanged(PartitionState state) {
        applyState(state);
    }

    @Override
    public void onTopicDeleted(String topic) {
        for (TopicPartition tp : List.copyOf(partitions.keySet())) {
            if (tp.topic().equals(topic)) {
                removePartition(tp);
            }
        }
        try {
            logManager.deleteTopic(topic);
        } catch (IOException e) {
            log.error("Failed to delete the logs of topic {}", topic, e);
        }
    }

    @Override
    public void onTopicConfigChanged(TopicConfig config) {
        LogConfig updated = logConfigFor(config.topic());
        partitions.forEach((tp, partition) -> {
            if (tp.topic().equals(config.topic())) {
                partition.log().updateConfig(updated);
            }
        });
    }

    private void applyState(PartitionState state) {
        TopicPartition tp = state.partition();
        LeaderAndIsr leaderAndIsr = state.leaderAndIsr();
        if (leaderAndIsr.controllerEpoch() < highestControllerEpoch) {
            log.warn("Ignoring state {} of {} from stale controller epoch {} (seen {})", leaderAndIsr, tp,
                leaderAndIsr.controllerEpoch(), highestControllerEpoch);
            return;
        }
        highestControllerEpoch = Math.max(highestControllerEpoch, leaderAndIsr.controllerEpoch());
        TopicAssignment assignment = metadata.image().assignments().get(tp.topic());
        boolean hostedHere = assignment != null && assignment.replicas(tp.partition()).contains(brokerId);
        if (!hostedHere) {
            if (partitions.containsKey(tp)) {
                removePartition(tp);
            }
            return;
        }
        Partition partition;
        try {
            partition = partitions.computeIfAbsent(tp, this::openPartition);
        } catch (UncheckedIOException e) {
            log.error("Cannot open the log of {}; it stays offline here", tp, e.getCause());
            return;
        }
        if (leaderAndIsr.leader() == brokerId) {
            if (partition.makeLeader(leaderAndIsr.leaderEpoch(), leaderAndIsr.isr())) {
                log.info("Leading {} at epoch {}", tp, leaderAndIsr.leaderEpoch());
            }
        } else if (partition.makeNotLeader(leaderAndIsr.leaderEpoch())) {
            log.info("Not leading {} (leader {} at epoch {})", tp, leaderAndIsr.leader(), leaderAndIsr.leaderEpoch());
        }
        fetchPurgatory.checkAndComplete(tp);
    }

    private Partition openPartition(TopicPartition tp) {
        try {
            Log partitionLog = logManager.getOrCreateLog(tp, logConfigFor(tp.topic()));
            return new Partition(tp, partitionLog, brokerId);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void removePartition(TopicPartition tp) {
        partitions.remove(tp);
        fetchPurgatory.completeAll(tp);
        try {
            logManager.deleteLog(tp);
        } catch (IOException e) {
            log.error("Failed to delete the log of {}", tp, e);
        }
    }
}
