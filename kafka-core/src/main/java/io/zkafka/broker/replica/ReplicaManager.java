package io.zkafka.broker.replica;

import com.codahale.metrics.Meter;
import io.zkafka.broker.purgatory.Purgatory;
import io.zkafka.broker.purgatory.TimeoutScheduler;
import io.zkafka.common.TopicPartition;
import io.zkafka.common.protocol.Errors;
import io.zkafka.common.utils.Time;
import io.zkafka.config.PeerNetwork;
import io.zkafka.coordination.BrokerInfo;
import io.zkafka.coordination.ClusterChangeListener;
import io.zkafka.coordination.ClusterSnapshot;
import io.zkafka.coordination.CoordinationClient;
import io.zkafka.coordination.CoordinationException;
import io.zkafka.coordination.LeaderAndIsr;
import io.zkafka.coordination.PartitionState;
import io.zkafka.coordination.TopicAssignment;
import io.zkafka.coordination.TopicConfig;
import io.zkafka.coordination.UpdateResult;
import io.zkafka.metadata.MetadataCache;
import io.zkafka.metrics.BrokerMetrics;
import io.zkafka.storage.KafkaStorageException;
import io.zkafka.storage.Log;
import io.zkafka.storage.LogConfig;
import io.zkafka.storage.LogManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The partitions this broker hosts and their roles, as ZooKeeper's partition states say. The
 * controller writes states; every broker's cluster watcher delivers them here: the named leader
 * leads at the new epoch, the other replicas follow it through their replica fetchers (after
 * truncating to where their log diverges). A state of a partition from an older controller epoch
 * than the last one applied to that partition is ignored; the check is per partition because a
 * leader's own ISR write keeps the controller epoch of the state it was given, older than the
 * current controller's wherever that controller has not touched the partition. Leaders decide ISR changes; this class writes them to ZooKeeper (versioned,
 * on its own thread) and tells the controller through an ISR change notification. Logs of topics
 * that no longer exist here (deleted, also while this broker was down, or moved away) are deleted.
 *
 * <p>Threads: role changes run on the coordination listener thread, one at a time; ISR writes and
 * lag checks on {@code zkafka-isr}; request handler threads read {@link #partition} concurrently
 * (a concurrent map of thread-safe {@link Partition}s).
 */
public final class ReplicaManager implements ClusterChangeListener, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ReplicaManager.class);
    /**
     * Each partition's new leadership, as Kafka's state-change logger: conf/log4j2.properties sends it to
     * state-change.log alone. A batch's leaderships go {@value #LEADERSHIPS_PER_LINE} to a line, and
     * server.log gets one line per batch: a line per partition led, to three files, was a third of the
     * time a restarted broker took to apply the election of its 3,300 leaders, and to state-change.log
     * alone still half of it (a cold JVM formatting 3,300 log events).
     */
    private static final Logger stateChangeLog = LoggerFactory.getLogger("state.change.logger");
    private static final int LEADERSHIPS_PER_LINE = 100;

    /** What the replica manager takes from the broker's configuration. */
    public record Settings(int brokerId, int defaultMinInsyncReplicas, long replicaLagTimeMaxMs,
                           int fetchWaitMaxMs, int fetchMaxBytes, int fetchResponseMaxBytes, long fetchBackoffMs,
                           long requestTimeoutMs) {
    }

    private final Settings settings;
    private final LogManager logManager;
    /** The broker's log defaults and min.insync.replicas, replaced together by a dynamic broker config change. */
    private volatile Defaults defaults;
    private final MetadataCache metadata;
    private final IsrStore isrStore;
    private final Time time;
    private final Map<TopicPartition, Partition> partitions = new ConcurrentHashMap<>();
    /** Partitions whose log dir failed here: neither led nor followed until a restart (KIP-112). */
    private final Set<TopicPartition> offlinePartitions = ConcurrentHashMap.newKeySet();
    /** Topics whose stored configuration was read since they appeared here (or since the last snapshot). */
    private final Set<String> topicsWithConfigRead = ConcurrentHashMap.newKeySet();
    /** Partitions held before this start whose log is missing: not created empty while that could lose data. */
    private final MissingLogGuard missingLogs;
    private final Purgatory<TopicPartition> fetchPurgatory;
    private final Purgatory<TopicPartition> producePurgatory;
    private final ReplicaFetcherManager fetchers;
    private final ScheduledExecutorService isrThread = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "zkafka-isr");
        thread.setDaemon(true);
        return thread;
    });
    private final Meter isrShrinks;
    private final Meter isrExpands;
    private final Meter replicationBytesIn;
    private final Meter replicationBytesOut;
    /** Confined to the coordination listener thread. */
    private final Map<TopicPartition, Integer> controllerEpochs = new HashMap<>();
    private final TopicConfigStore topicConfigs;
    private final List<TxnMarkerListener> txnMarkerListeners = new CopyOnWriteArrayList<>();
    /** This broker's current registration epoch; written by the registration, read by the fetchers. */
    private volatile long localBrokerEpoch = BrokerInfo.UNKNOWN_EPOCH;

    public ReplicaManager(Settings settings, LogManager logManager, LogConfig defaultLogConfig, MetadataCache metadata,
                          CoordinationClient coordination, ScheduledExecutorService timer, BrokerMetrics metrics,
                          PeerNetwork peers) {
        this(settings, logManager, defaultLogConfig, metadata, IsrStore.of(coordination.isrWriter()),
            TopicConfigStore.of(coordination.reader()), TimeoutScheduler.of(timer), Time.SYSTEM, metrics, peers);
    }

    /**
     * A replica manager with its collaborators given (unit tests give in-memory ones and a manual timer).
     *
     * @param isrStore where ISR changes are written
     * @param topicConfigs where a topic's configuration is read before a log of it is created here
     * @param timeouts expires the purgatories' waits
     * @param time the clock of the partitions' lag decisions
     */
    public ReplicaManager(Settings settings, LogManager logManager, LogConfig defaultLogConfig, MetadataCache metadata,
                          IsrStore isrStore, TopicConfigStore topicConfigs, TimeoutScheduler timeouts, Time time,
                          BrokerMetrics metrics) {
        this(settings, logManager, defaultLogConfig, metadata, isrStore, topicConfigs, timeouts, time, metrics,
            PeerNetwork.PLAINTEXT);
    }

    private ReplicaManager(Settings settings, LogManager logManager, LogConfig defaultLogConfig, MetadataCache metadata,
                           IsrStore isrStore, TopicConfigStore topicConfigs, TimeoutScheduler timeouts, Time time,
                           BrokerMetrics metrics, PeerNetwork peers) {
        this.settings = settings;
        this.topicConfigs = topicConfigs;
        this.logManager = logManager;
        this.defaults = new Defaults(defaultLogConfig, settings.defaultMinInsyncReplicas());
        this.metadata = metadata;
        this.isrStore = isrStore;
        this.time = time;
        this.missingLogs = new MissingLogGuard(settings.brokerId());
        this.fetchPurgatory = new Purgatory<>(timeouts);
        this.producePurgatory = new Purgatory<>(timeouts);
        this.fetchers = new ReplicaFetcherManager(new ReplicaFetcherThread.Settings(settings.brokerId(),
            settings.fetchWaitMaxMs(), 1, settings.fetchResponseMaxBytes(), settings.fetchMaxBytes(),
            settings.fetchBackoffMs(), settings.requestTimeoutMs()), new FollowerLogs() {
                @Override
                public Optional<Partition> partition(TopicPartition tp) {
                    return ReplicaManager.this.partition(tp);
                }

                @Override
                public Optional<String> brokerAddress(int brokerId) {
                    BrokerInfo broker = metadata.image().brokers().get(brokerId);
                    return broker == null ? Optional.empty() : Optional.of(broker.host() + ":" + broker.port());
                }

                @Override
                public long localBrokerEpoch() {
                    return localBrokerEpoch;
                }

                @Override
                public void onReplicated(TopicPartition tp, long bytes) {
                    replicationBytesIn.mark(bytes);
                }
            }, peers);
        String server = "kafka.server:type=ReplicaManager,name=";
        isrShrinks = metrics.registry().meter(server + "IsrShrinksPerSec");
        isrExpands = metrics.registry().meter(server + "IsrExpandsPerSec");
        replicationBytesIn = metrics.registry().meter("kafka.server:type=BrokerTopicMetrics,name=ReplicationBytesInPerSec");
        replicationBytesOut = metrics.registry().meter("kafka.server:type=BrokerTopicMetrics,name=ReplicationBytesOutPerSec");
        metrics.gauge(server + "PartitionCount", partitions::size);
        metrics.gauge(server + "LeaderCount", () -> partitions.values().stream().filter(Partition::isLeader).count());
        metrics.gauge(server + "UnderReplicatedPartitions",
            () -> partitions.values().stream().filter(Partition::isUnderReplicated).count());
        metrics.gauge(server + "UnderMinIsrPartitionCount",
            () -> partitions.values().stream().filter(Partition::isUnderMinIsr).count());
        metrics.gauge(server + "OfflineReplicaCount", () -> offlinePartitions.size() + missingLogs.withheld().size());
        metrics.gauge(server + "MaxFollowerLag",
            () -> partitions.values().stream().mapToLong(Partition::maxFollowerLag).max().orElse(0));
        long checkEveryMs = Math.max(50, settings.replicaLagTimeMaxMs() / 2);
        isrThread.scheduleWithFixedDelay(this::shrinkLaggingIsrs, checkEveryMs, checkEveryMs, TimeUnit.MILLISECONDS);
    }

    public int brokerId() {
        return settings.brokerId();
    }

    public Optional<Partition> partition(TopicPartition tp) {
        return Optional.ofNullable(partitions.get(tp));
    }

    public Map<TopicPartition, Partition> partitions() {
        return partitions;
    }

    public Purgatory<TopicPartition> fetchPurgatory() {
        return fetchPurgatory;
    }

    public Purgatory<TopicPartition> producePurgatory() {
        return producePurgatory;
    }

    /**
     * Why a request for a partition this broker does not host fails: the topic or partition does not
     * exist, or another broker leads it, or nobody does right now.
     */
    public Errors errorForMissingPartition(TopicPartition tp) {
        if (offlinePartitions.contains(tp) || missingLogs.isWithheld(tp)) {
            return Errors.KAFKA_STORAGE_ERROR;
        }
        TopicAssignment assignment = metadata.image().assignments().get(tp.topic());
        if (assignment == null || !assignment.partitions().containsKey(tp.partition())) {
            return Errors.UNKNOWN_TOPIC_OR_PARTITION;
        }
        return metadata.image().state(tp)
            .map(s -> s.leaderAndIsr().leader() == LeaderAndIsr.NO_LEADER
                ? Errors.LEADER_NOT_AVAILABLE : Errors.NOT_LEADER_OR_FOLLOWER)
            .orElse(Errors.LEADER_NOT_AVAILABLE);
    }

    private record Defaults(LogConfig logConfig, int minInsyncReplicas) {
    }

    /** The log config of a topic: broker defaults with the topic's overrides on top. */
    public LogConfig logConfigFor(String topic) {
        return logConfigWith(metadata.image().topicOverrides(topic));
    }

    /** The broker defaults with {@code overrides} on top. */
    public LogConfig logConfigWith(Map<String, String> overrides) {
        LogConfig base = defaults.logConfig();
        return overrides.isEmpty() ? base : base.with(overrides);
    }

    /** The broker's default min.insync.replicas now (topics may override it). */
    public int defaultMinInsyncReplicas() {
        return defaults.minInsyncReplicas();
    }

    /**
     * New broker defaults (a dynamic broker config changed): every log here takes them, except where
     * its topic overrides them, and acks=all waits are checked again against min.insync.replicas.
     */
    public void updateDefaults(LogConfig logDefaults, int minInsyncReplicas) {
        Defaults previous = defaults;
        if (previous.logConfig().values().equals(logDefaults.values())
                && previous.minInsyncReplicas() == minInsyncReplicas) {
            return;
        }
        defaults = new Defaults(logDefaults, minInsyncReplicas);
        partitions.forEach((tp, partition) -> {
            partition.log().updateConfig(logConfigFor(tp.topic()));
            onAppend(tp);
        });
        log.info("Applied new broker defaults to the logs of {} partition(s)", partitions.size());
    }

    private int minInsyncReplicasFor(String topic) {
        String override = metadata.image().topicOverrides(topic).get("min.insync.replicas");
        if (override != null) {
            try {
                return Integer.parseInt(override.trim());
            } catch (NumberFormatException e) {
                log.warn("Ignoring bad min.insync.replicas '{}' of topic {}", override, topic);
            }
        }
        return defaults.minInsyncReplicas();
    }

    /** Records were appended or the high watermark may have moved: wake what waits on the partition. */
    public void onAppend(TopicPartition tp) {
        fetchPurgatory.checkAndComplete(tp);
        producePurgatory.checkAndComplete(tp);
    }

    /** This broker registered (again) with {@code brokerEpoch}: its fetches carry it from now on. */
    public void onRegistered(long brokerEpoch) {
        localBrokerEpoch = brokerEpoch;
    }

    /** Which incarnation of a follower a fetch with {@code followerEpoch} comes from, as far as this broker knows. */
    public enum FollowerIncarnation {
        /** The registered one: its offsets count and it may rejoin the ISR. */
        CURRENT,
        /** Not known yet (no epoch, or one newer than this broker's metadata): its offsets count, it may not rejoin. */
        UNCONFIRMED,
        /** Older than the registered one, or of a broker no longer registered: nothing it says counts. */
        REPLACED
    }

    public FollowerIncarnation incarnationOf(int followerId, long followerEpoch) {
        BrokerInfo registered = metadata.image().brokers().get(followerId);
        if (registered == null) {
            return followerEpoch == BrokerInfo.UNKNOWN_EPOCH ? FollowerIncarnation.UNCONFIRMED
                : FollowerIncarnation.REPLACED;
        }
        if (followerEpoch == BrokerInfo.UNKNOWN_EPOCH || followerEpoch > registered.epoch()) {
            return FollowerIncarnation.UNCONFIRMED;
        }
        return followerEpoch == registered.epoch() ? FollowerIncarnation.CURRENT : FollowerIncarnation.REPLACED;
    }

    /**
     * A follower fetched {@code tp} from {@code fetchOffset}, its log starting at {@code followerLogStart}
     * (-1: not said): the leader learns how far it is; the high watermark may move (waking acks=all produces and consumers) and the follower may rejoin
     * the ISR (written on the ISR thread), if the fetch comes from its registered incarnation
     * ({@code followerEpoch}, KIP-380/903), which is checked again just before the write.
     */
    public void onFollowerFetch(Partition partition, int followerId, long followerEpoch, long fetchOffset,
                                long followerLogStart) {
        FollowerIncarnation incarnation = incarnationOf(followerId, followerEpoch);
        if (incarnation == FollowerIncarnation.REPLACED) {
            return;
        }
        Partition.FollowerFetchOutcome outcome = partition.onFollowerFetch(followerId, fetchOffset, followerLogStart);
        if (outcome.highWatermarkMoved()) {
            onAppend(partition.topicPartition());
        } else if (outcome.lowWatermarkMayHaveMoved()) {
            producePurgatory.checkAndComplete(partition.topicPartition()); // a DeleteRecords waiting for it
        }
        outcome.isrToWrite().ifPresent(isr -> {
            if (incarnation == FollowerIncarnation.CURRENT) {
                isrThread.execute(() -> writeIsrExpansion(partition, isr, followerId, followerEpoch));
            } else {
                // a fetch in flight from a broker that has left or restarted, or not yet known as registered:
                // never put it (back) in the ISR on its word
                partition.onIsrWriteFailed();
            }
        });
    }

    /** Registers {@code listener} for the transaction markers this broker writes as leader once they are committed. */
    public void addTxnMarkerListener(TxnMarkerListener listener) {
        txnMarkerListeners.add(listener);
    }

    public void removeTxnMarkerListener(TxnMarkerListener listener) {
        txnMarkerListeners.remove(listener);
    }

    /**
     * A marker this broker wrote as leader is committed (the WriteTxnMarkers handler calls this): tells
     * every {@link TxnMarkerListener}, each failure logged and kept from the others.
     */
    public void onTxnMarkerCommitted(TopicPartition tp, long producerId, boolean committed, long markerOffset) {
        for (TxnMarkerListener listener : txnMarkerListeners) {
            try {
                listener.onTransactionCompleted(tp, producerId, committed, markerOffset);
            } catch (RuntimeException e) {
                log.error("Transaction marker listener {} failed on the {} marker of producer {} at {} of {}",
                    listener, committed ? "commit" : "abort", producerId, markerOffset, tp, e);
            }
        }
    }

    public void onReplicationBytesOut(long bytes) {
        replicationBytesOut.mark(bytes);
    }

    /** Takes followers that have not caught up for replica.lag.time.max.ms out of the ISRs (periodic). */
    void shrinkLaggingIsrs() {
        try {
            for (Partition partition : partitions.values()) {
                partition.isrToShrinkTo(settings.replicaLagTimeMaxMs()).ifPresent(isr -> writeIsr(partition, isr, false));
            }
        } catch (RuntimeException e) {
            log.error("ISR check failed", e);
        }
    }

    /**
     * Writes an expansion unless the follower's incarnation changed since its fetch. The check
     * comes after the intent is taken: the watcher thread applies a registration to the metadata
     * before any partition state written after it, so if the intent's znode version is newer than
     * the controller's reaction to a re-registration, this check sees the new broker epoch; if it is
     * older, the conditional write fails.
     */
    private void writeIsrExpansion(Partition partition, List<Integer> isr, int followerId, long followerEpoch) {
        Optional<Partition.WriteIntent> intent = partition.isrWriteIntent(isr);
        if (intent.isEmpty()) {
            return;
        }
        if (incarnationOf(followerId, followerEpoch) != FollowerIncarnation.CURRENT) {
            log.info("Not adding broker {} to the ISR of {}: broker epoch {} is no longer its registered one", followerId,
                partition.topicPartition(), followerEpoch);
            partition.onIsrWriteFailed();
            return;
        }
        writeIsr(partition, intent.get(), isr, true);
    }

    /** Writes the leader's new ISR conditionally; a lost race waits for the fresher state, never retries blindly. */
    private void writeIsr(Partition partition, List<Integer> isr, boolean expand) {
        partition.isrWriteIntent(isr).ifPresent(intent -> writeIsr(partition, intent, isr, expand));
    }

    private void writeIsr(Partition partition, Partition.WriteIntent intent, List<Integer> isr, boolean expand) {
        TopicPartition tp = partition.topicPartition();
        try {
            UpdateResult result = isrStore.updateIsr(new PartitionState(tp, intent.state(), intent.expectedZkVersion()));
            if (!result.succeeded()) {
                log.info("ISR change of {} to {} not written ({}): the state changed meanwhile", tp, isr, result.status());
                partition.onIsrWriteFailed();
                return;
            }
            long before = partition.highWatermark();
            partition.onIsrWritten(intent, result.zkVersion());
            (expand ? isrExpands : isrShrinks).mark();
            log.info("{} ISR of {} to {}", expand ? "Expanded" : "Shrank", tp, isr);
            if (partition.highWatermark() != before || !expand) {
                onAppend(tp);
            }
            isrStore.notifyIsrChange(Set.of(tp));
        } catch (CoordinationException e) {
            log.warn("ISR change of {} to {} failed: {}", tp, isr, e.getMessage());
            partition.onIsrWriteFailed();
        }
    }

    @Override
    public void onSnapshot(ClusterSnapshot snapshot) {
        topicsWithConfigRead.clear(); // a reconnect: whatever was created meanwhile is read once again
        Set<TopicPartition> assignedHere = new HashSet<>();
        snapshot.topics().forEach((topic, topicSnapshot) ->
            topicSnapshot.assignment().partitions().forEach((p, replicas) -> {
                if (replicas.contains(settings.brokerId())) {
                    assignedHere.add(new TopicPartition(topic, p));
                }
            }));
        missingLogs.onSnapshot(assignedHere);
        for (Log existing : logManager.allLogs()) {
            TopicPartition tp = existing.topicPartition();
            if (!assignedHere.contains(tp)) {
                log.info("Deleting the log of {}: it is not assigned to broker {} (topic deleted or moved)", tp,
                    settings.brokerId());
                removePartition(tp);
            }
        }
        // configs changed while the watcher was disconnected reach only the image (applied before this)
        partitions.forEach((tp, partition) -> partition.log().updateConfig(logConfigFor(tp.topic())));
        List<PartitionState> states = new ArrayList<>();
        snapshot.topics().values().forEach(topicSnapshot -> states.addAll(topicSnapshot.partitionStates().values()));
        applyStates(states);
    }

    @Override
    public void onTopicCreated(TopicAssignment assignment) {
        onTopicAssignmentChanged(assignment);
    }

    @Override
    public void onTopicAssignmentChanged(TopicAssignment assignment) {
        for (TopicPartition tp : List.copyOf(partitions.keySet())) {
            if (tp.topic().equals(assignment.topic())
                    && !assignment.replicas(tp.partition()).contains(settings.brokerId())) {
                log.info("Deleting the log of {}: it moved off broker {}", tp, settings.brokerId());
                removePartition(tp);
            }
        }
        assignment.partitions().keySet().forEach(p ->
            metadata.image().state(new TopicPartition(assignment.topic(), p)).ifPresent(state -> applyStates(List.of(state))));
    }

    @Override
    public void onPartitionStateChanged(PartitionState state) {
        applyStates(List.of(state));
    }

    /**
     * Applies states in order, first creating at once (on the log manager's recovery threads) the
     * logs this broker lacks for them: a topic creation hands a broker thousands of new partitions.
     */
    @Override
    public void onPartitionStatesChanged(List<PartitionState> states) {
        if (states.size() > 1) {
            createMissingLogs(states);
        }
        applyStates(states);
    }

    private void applyStates(List<PartitionState> states) {
        long started = System.nanoTime();
        int led = 0;
        StringBuilder leaderships = new StringBuilder();
        for (PartitionState state : states) {
            if (applyState(state)) {
                LeaderAndIsr leading = state.leaderAndIsr();
                leaderships.append(led % LEADERSHIPS_PER_LINE == 0 ? "" : ", ").append(state.partition())
                    .append(" at epoch ").append(leading.leaderEpoch()).append(" with ISR ").append(leading.isr());
                led++;
                if (led % LEADERSHIPS_PER_LINE == 0) {
                    stateChangeLog.info("Leading {}", leaderships);
                    leaderships.setLength(0);
                }
            }
        }
        if (!leaderships.isEmpty()) {
            stateChangeLog.info("Leading {}", leaderships);
        }
        if (led > 0) {
            log.info("Leading {} more partition(s) (of {} partition states applied in {} ms; each in state-change.log)",
                led, states.size(), (System.nanoTime() - started) / 1_000_000);
        }
    }

    private void createMissingLogs(List<PartitionState> states) {
        Map<String, TopicAssignment> assignments = metadata.image().assignments();
        List<TopicPartition> missing = new ArrayList<>();
        for (PartitionState state : states) {
            TopicPartition tp = state.partition();
            TopicAssignment assignment = assignments.get(tp.topic());
            if (!partitions.containsKey(tp) && assignment != null && missingLogs.isNew(tp)
                    && assignment.replicas(tp.partition()).contains(settings.brokerId())) {
                missing.add(tp);
            }
        }
        // one read per topic before any of its logs is created (see readStoredTopicConfig); a topic whose
        // read fails is left to applyState, which keeps its partitions offline here
        Set<String> unreadable = new HashSet<>();
        for (String topic : missing.stream().map(TopicPartition::topic).distinct().toList()) {
            try {
                readStoredTopicConfig(topic);
            } catch (CoordinationException e) {
                unreadable.add(topic);
            }
        }
        missing.removeIf(tp -> unreadable.contains(tp.topic()));
        if (missing.size() > 1) {
            try {
                int created = logManager.createMissingLogs(missing, this::logConfigFor);
                log.info("Created {} logs for new partitions", created);
            } catch (IOException | RuntimeException e) {
                log.error("Cannot create the logs of {} new partitions at once; creating them one by one", missing.size(), e);
            }
        }
    }

    @Override
    public void onTopicDeleted(String topic) {
        topicsWithConfigRead.remove(topic);
        for (TopicPartition tp : List.copyOf(partitions.keySet())) {
            if (tp.topic().equals(topic)) {
                removePartition(tp);
            }
        }
        missingLogs.withheld().stream().filter(tp -> tp.topic().equals(topic)).forEach(missingLogs::forget);
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
                onAppend(tp); // min.insync.replicas may have changed what acks=all waits for
            }
        });
    }

    /** Applies one partition state; returns whether this broker became the partition's leader. */
    private boolean applyState(PartitionState state) {
        TopicPartition tp = state.partition();
        LeaderAndIsr leaderAndIsr = state.leaderAndIsr();
        int seenEpoch = controllerEpochs.getOrDefault(tp, -1);
        if (leaderAndIsr.controllerEpoch() < seenEpoch) {
            log.warn("Ignoring state {} of {} from stale controller epoch {} (seen {})", leaderAndIsr, tp,
                leaderAndIsr.controllerEpoch(), seenEpoch);
            return false;
        }
        controllerEpochs.put(tp, leaderAndIsr.controllerEpoch());
        TopicAssignment assignment = metadata.image().assignments().get(tp.topic());
        List<Integer> replicas = assignment == null ? List.of() : assignment.replicas(tp.partition());
        if (!replicas.contains(settings.brokerId())) {
            if (partitions.containsKey(tp)) {
                removePartition(tp);
            } else {
                missingLogs.forget(tp);
            }
            return false;
        }
        if (offlinePartitions.contains(tp)) {
            return false; // its log dir failed here: the controller moves it elsewhere
        }
        if (!partitions.containsKey(tp) && logManager.getLog(tp).isEmpty()
                && !missingLogs.mayCreate(tp, leaderAndIsr, !logManager.offlineLogDirs().isEmpty())) {
            return false; // held here before this start, its log is gone: never led or counted empty
        }
        Partition partition;
        try {
            if (!partitions.containsKey(tp) && logManager.getLog(tp).isEmpty()) {
                readStoredTopicConfig(tp.topic());
            }
            partition = partitions.computeIfAbsent(tp, this::openPartition);
        } catch (UncheckedIOException e) {
            log.error("Cannot open the log of {}; it stays offline here", tp, e.getCause());
            return false;
        } catch (KafkaStorageException e) {
            log.warn("Not hosting {} here: {}", tp, e.getMessage());
            return false;
        } catch (CoordinationException e) {
            log.error("Cannot read the configuration of topic {} from ZooKeeper; {} stays offline here until its "
                + "next state or a reconnect", tp.topic(), tp, e);
            return false;
        }
        int brokerId = settings.brokerId();
        boolean becameLeader = false;
        if (leaderAndIsr.leader() == brokerId) {
            boolean wasLeader = partition.isLeader();
            fetchers.stopFollowing(tp);
            if (partition.applyLeaderState(leaderAndIsr, state.zkVersion(), replicas) && !wasLeader) {
                becameLeader = true; // logged with the batch's others (applyStates)
            }
        } else if (partition.applyFollowerState(leaderAndIsr, state.zkVersion(), replicas)) {
            if (leaderAndIsr.leader() == LeaderAndIsr.NO_LEADER) {
                fetchers.stopFollowing(tp);
            } else {
                fetchers.follow(tp, leaderAndIsr.leader(), leaderAndIsr.leaderEpoch());
            }
        }
        onAppend(tp);
        return becameLeader;
    }

    /**
     * Makes the image hold the topic's configuration as stored now, before a new log of it is created
     * here. The watcher delivers a topic's config znode on its own, possibly after the partition states
     * the controller wrote in the same transaction (another watched tree), and the creation may
     * already be acknowledged: a log created from the image alone could take a first produce under
     * the broker defaults (a batch above the topic's {@code max.message.bytes}, acks=all below its
     * {@code min.insync.replicas}). This read comes after the partition state on the same session, so
     * it sees at least the configuration written with it; the watcher's own delivery follows.
     */
    private void readStoredTopicConfig(String topic) {
        if (!topicsWithConfigRead.add(topic)) {
            return; // read once: the watcher delivers its later changes, in order
        }
        TopicConfig stored;
        try {
            stored = topicConfigs.topicConfig(topic);
        } catch (RuntimeException e) {
            topicsWithConfigRead.remove(topic);
            throw e;
        }
        if (!stored.overrides().equals(metadata.image().topicOverrides(topic))) {
            log.info("Topic {}'s configuration read from ZooKeeper before its watched change: {}", topic,
                stored.overrides());
            metadata.onTopicConfigChanged(stored);
        }
    }

    private Partition openPartition(TopicPartition tp) {
        if (offlinePartitions.contains(tp)) {
            // checked again here, atomically with the map: takeOffline adds to the set before it removes
            throw new KafkaStorageException("The log dir of " + tp + " is offline on broker " + settings.brokerId());
        }
        try {
            Log partitionLog = logManager.getOrCreateLog(tp, logConfigFor(tp.topic()));
            return new Partition(tp, partitionLog, settings.brokerId(), () -> minInsyncReplicasFor(tp.topic()),
                time::milliseconds);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The log dir holding {@code offline} failed (its logs are closed already): stops leading and
     * following them here for good (until a restart). Waiting produces and fetches are answered now; from
     * here on requests for them get KAFKA_STORAGE_ERROR. The caller tells the controller, which moves
     * their leadership and ISR membership away.
     */
    public void takeOffline(Collection<TopicPartition> offline) {
        for (TopicPartition tp : offline) {
            offlinePartitions.add(tp);
            fetchers.stopFollowing(tp);
            partitions.remove(tp);
            fetchPurgatory.completeAll(tp);
            producePurgatory.completeAll(tp);
        }
    }

    /**
     * The partitions this broker cannot serve: their log dir failed here, or their log is missing
     * though they were held here before this start (see {@link MissingLogGuard}).
     */
    public Set<TopicPartition> offlinePartitions() {
        Set<TopicPartition> offline = new HashSet<>(offlinePartitions);
        offline.addAll(missingLogs.withheld());
        return Set.copyOf(offline);
    }

    /** Runs whenever the set of withheld replicas changes, so the broker publishes its offline replicas again. */
    public void onMissingLogsChanged(Runnable action) {
        missingLogs.onChange(action);
    }

    private void removePartition(TopicPartition tp) {
        offlinePartitions.remove(tp);
        missingLogs.forget(tp);
        controllerEpochs.remove(tp);
        fetchers.stopFollowing(tp);
        partitions.remove(tp);
        fetchPurgatory.completeAll(tp);
        producePurgatory.completeAll(tp);
        try {
            logManager.deleteLog(tp);
        } catch (IOException e) {
            log.error("Failed to delete the log of {}", tp, e);
        }
    }

    /**
     * Fault injection for failure tests: while paused this broker's followers fetch nothing, as if
     * cut off from their leaders (they leave the ISR after {@code replica.lag.time.max.ms}).
     */
    public void setFetchingPaused(boolean paused) {
        fetchers.setPaused(paused);
    }

    /** Stops the replica fetchers and the ISR thread. */
    @Override
    public void close() {
        isrThread.shutdownNow();
        fetchers.close();
    }
}
