package io.zkafka.controller;

import io.zkafka.common.ElectionType;
import io.zkafka.common.TopicPartition;
import io.zkafka.common.message.AlterPartitionReassignmentsResponse;
import io.zkafka.common.message.ControlledShutdownResponse;
import io.zkafka.common.message.ListPartitionReassignmentsResponse;
import io.zkafka.common.message.PartitionResult;
import io.zkafka.common.protocol.Errors;
import io.zkafka.config.TopicConfigValidator;
import io.zkafka.coordination.BrokerInfo;
import io.zkafka.coordination.ClusterChangeListener;
import io.zkafka.coordination.ClusterSnapshot;
import io.zkafka.coordination.ControllerEpoch;
import io.zkafka.coordination.ControllerListener;
import io.zkafka.coordination.ControllerMovedException;
import io.zkafka.coordination.CoordinationClient;
import io.zkafka.coordination.CoordinationException;
import io.zkafka.coordination.IsrChangeNotification;
import io.zkafka.coordination.LogDirEventNotification;
import io.zkafka.coordination.PartitionState;
import io.zkafka.coordination.PendingReassignment;
import io.zkafka.coordination.TopicAssignment;
import io.zkafka.coordination.TopicConfig;
import io.zkafka.metadata.MetadataCache;
import io.zkafka.metrics.BrokerMetrics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cluster's controller, active on the broker that holds the controller latch. It elects
 * partition leaders and shrinks ISRs when brokers come and go ({@link PartitionLeadership}), moves
 * leadership off brokers in controlled shutdown, runs preferred and unclean elections and the
 * periodic preferred-leader rebalance, drives partition reassignments ({@link PartitionReassigner}),
 * consumes ISR change notifications, and carries out topic administration
 * ({@link TopicAdministration}). Every ZooKeeper write it makes is fenced by its controller epoch:
 * once another broker has taken over, the writes fail and this one stands down.
 *
 * <p>All decisions run on one thread, {@code zkafka-controller}: cluster and election callbacks
 * and the rebalance timer only queue work for it, and the request methods below must be called on
 * it (through {@link #submit}). {@link #isActive()} and {@link #activeEpoch()} may be read from any
 * thread.
 */
public final class KafkaController implements ControllerListener, ClusterChangeListener, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(KafkaController.class);

    private final int brokerId;
    private final CoordinationClient coordination;
    private final MetadataCache metadata;
    private final ControllerSettings settings;
    private final ScheduledExecutorService events = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "zkafka-controller");
        thread.setDaemon(true);
        return thread;
    });
    private final TopicAdministration administration;
    private final ControllerStats stats;
    private final PartitionStateUpdater states;
    private final PartitionLeadership leadership;
    private final PartitionReassigner reassigner;
    private volatile ControllerEpoch epoch;
    private ScheduledFuture<?> rebalanceTask;

    public KafkaController(int brokerId, CoordinationClient coordination, MetadataCache metadata,
                           ControllerSettings settings, BrokerMetrics metrics) {
        this.brokerId = brokerId;
        this.coordination = coordination;
        this.metadata = metadata;
        this.settings = settings;
        this.administration = new TopicAdministration(coordination, metadata, settings, this::currentEpoch,
            this::standDown);
        this.stats = new ControllerStats(metrics.registry());
        this.states = new PartitionStateUpdater(PartitionStateStore.of(coordination), metadata, stats);
        this.leadership = new PartitionLeadership(metadata, states, this::uncleanAllowed);
        this.reassigner = new PartitionReassigner(coordination, states, leadership::electable);
        metrics.gauge("kafka.controller:type=KafkaController,name=ActiveControllerCount", () -> isActive() ? 1 : 0);
        metrics.gauge("kafka.controller:type=KafkaController,name=OfflinePartitionsCount",
            () -> isActive() ? ControllerGauges.offlinePartitions(metadata.image()) : 0);
        metrics.gauge("kafka.controller:type=KafkaController,name=PreferredReplicaImbalanceCount",
            () -> isActive() ? ControllerGauges.preferredReplicaImbalance(metadata.image()) : 0);
        metrics.gauge("kafka.controller:type=KafkaController,name=GlobalTopicCount",
            () -> metadata.image().assignments().size());
        metrics.gauge("kafka.controller:type=KafkaController,name=GlobalPartitionCount",
            () -> metadata.image().states().size());
    }

    public boolean isActive() {
        return epoch != null;
    }

    public int brokerId() {
        return brokerId;
    }

    /** The controller epoch while this broker is the controller. */
    public OptionalInt activeEpoch() {
        ControllerEpoch current = epoch;
        return current == null ? OptionalInt.empty() : OptionalInt.of(current.epoch());
    }

    public ControllerStats stats() {
        return stats;
    }

    private Optional<ControllerEpoch> currentEpoch() {
        return Optional.ofNullable(epoch);
    }

    /** Runs {@code task} on the controller thread; the future fails if the controller is closed. */
    public <T> CompletableFuture<T> submit(Supplier<T> task) {
        return CompletableFuture.supplyAsync(task, events);
    }

    public TopicAdministration administration() {
        return administration;
    }

    // ---- requests (on the controller thread) ----

    /** Moves leadership off a broker about to stop; answers with the partitions it still leads. */
    public ControlledShutdownResponse controlledShutdown(int stoppingBroker, long brokerEpoch) {
        BrokerInfo registered = metadata.image().brokers().get(stoppingBroker);
        if (registered == null) {
            return new ControlledShutdownResponse(Errors.BROKER_NOT_AVAILABLE, List.of());
        }
        if (brokerEpoch >= 0 && brokerEpoch != registered.epoch()) {
            return new ControlledShutdownResponse(Errors.STALE_BROKER_EPOCH, List.of());
        }
        return whileActive(current -> new ControlledShutdownResponse(Errors.NONE,
            leadership.controlledShutdown(current, stoppingBroker)),
            error -> new ControlledShutdownResponse(error, List.of()));
    }

    /** Preferred or unclean leader elections; {@code partitions} null means every partition. */
    public List<PartitionResult> electLeaders(ElectionType type, Set<TopicPartition> partitions) {
        return whileActive(current -> leadership.elect(current, type, partitions, reassigner.inProgress()),
            error -> (partitions == null ? Set.<TopicPartition>of() : partitions).stream()
                .map(tp -> new PartitionResult(tp, error, error.message())).toList());
    }

    /** Starts, changes or (a null replica list) cancels partition reassignments. */
    public AlterPartitionReassignmentsResponse alterPartitionReassignments(Map<TopicPartition, List<Integer>> targets) {
        return whileActive(current -> new AlterPartitionReassignmentsResponse(Errors.NONE, null,
            reassigner.alter(current, targets, metadata.image().brokers().keySet())),
            error -> new AlterPartitionReassignmentsResponse(error, error.message(), List.of()));
    }

    /** The reassignments in progress, of {@code partitions} only unless null. */
    public ListPartitionReassignmentsResponse listPartitionReassignments(Set<TopicPartition> partitions) {
        return whileActive(current -> new ListPartitionReassignmentsResponse(Errors.NONE, null,
            reassigner.list(partitions)), error -> new ListPartitionReassignmentsResponse(error, error.message(),
            List.of()));
    }

    // ---- events ----

    @Override
    public void onBecameController(ControllerEpoch newEpoch) {
        events.execute(() -> {
            epoch = newEpoch;
            states.reset();
            leadership.reset();
            log.info("Broker {} is the controller at epoch {}", brokerId, newEpoch.epoch());
            act(administration::completeUnfinishedCreations);
            act(current -> administration.assignMissingTopicIds(current, metadata.image().assignments().values()));
            act(this::loadOfflineReplicas);
            act(leadership::onBrokerChange);
            for (String topic : safePendingDeletions()) {
                administration.deleteTopic(topic);
            }
            act(this::consumeIsrChangeNotifications);
            act(this::consumeLogDirEvents);
            act(reassigner::progress);
            scheduleRebalance();
        });
    }

    @Override
    public void onResigned() {
        if (epoch != null) {
            log.info("Broker {} is no longer the controller", brokerId);
        }
        epoch = null;
    }

    @Override
    public void onSnapshot(ClusterSnapshot snapshot) {
        events.execute(() -> act(current -> {
            leadership.onBrokerChange(current);
            reassigner.progress(current);
            administration.assignMissingTopicIds(current, snapshot.topics().values().stream()
                .map(ClusterSnapshot.TopicSnapshot::assignment).toList());
        }));
    }

    @Override
    public void onBrokerRegistered(BrokerInfo broker) {
        events.execute(() -> {
            leadership.brokerRegistered(broker.id());
            act(leadership::onBrokerChange);
            actIf(!reassigner.inProgress().isEmpty(), reassigner::progress);
        });
    }

    @Override
    public void onBrokerDeregistered(int deregistered) {
        events.execute(() -> {
            leadership.brokerDeregistered(deregistered);
            act(leadership::onBrokerChange);
        });
    }

    @Override
    public void onTopicConfigChanged(TopicConfig config) {
        // unclean.leader.election.enable may just have been switched on for an offline partition
        events.execute(() -> act(leadership::onBrokerChange));
    }

    @Override
    public void onTopicDeletionRequested(String topic) {
        events.execute(() -> {
            if (isActive()) {
                administration.deleteTopic(topic);
            }
        });
    }

    @Override
    public void onTopicCreated(TopicAssignment assignment) {
        events.execute(() -> actIf(!assignment.hasTopicId(),
            current -> administration.assignMissingTopicIds(current, List.of(assignment))));
    }

    @Override
    public void onTopicAssignmentChanged(TopicAssignment assignment) {
        events.execute(() -> {
            actIf(!assignment.hasTopicId(), current -> administration.assignMissingTopicIds(current, List.of(assignment)));
            actIf(reassigner.touchesTopic(assignment.topic()), reassigner::progress);
        });
    }

    @Override
    public void onPartitionStateChanged(PartitionState state) {
        onPartitionStatesChanged(List.of(state));
    }

    @Override
    public void onPartitionStatesChanged(List<PartitionState> changed) {
        events.execute(() -> {
            act(current -> leadership.onStatesChanged(current, changed));
            actIf(changed.stream().anyMatch(s -> reassigner.inProgress().contains(s.partition())), reassigner::progress);
        });
    }

    @Override
    public void onReassignmentRequested(PendingReassignment reassignment) {
        events.execute(() -> act(reassigner::progress));
    }

    @Override
    public void onIsrChangeNotification(IsrChangeNotification notification) {
        events.execute(() -> act(current -> {
            consumeIsrChangeNotifications(current);
            if (!reassigner.inProgress().isEmpty()) {
                reassigner.progress(current);
            }
        }));
    }

    @Override
    public void onLogDirEventNotification(LogDirEventNotification notification) {
        events.execute(() -> act(this::consumeLogDirEvents));
    }

    /**
     * Reads and deletes the log dir event notifications (Kafka's ZooKeeper mode); for each broker named,
     * reads the replicas it published as offline and moves their leadership and ISR membership away.
     */
    private void consumeLogDirEvents(ControllerEpoch current) {
        List<LogDirEventNotification> notifications = coordination.reader().logDirEventNotifications();
        if (notifications.isEmpty()) {
            return;
        }
        Set<Integer> brokers = new TreeSet<>();
        List<String> names = new ArrayList<>();
        for (LogDirEventNotification notification : notifications) {
            names.add(notification.name());
            if (notification.event() == LogDirEventNotification.LOG_DIR_FAILURE) {
                brokers.add(notification.brokerId());
            }
        }
        for (int broker : brokers) {
            if (metadata.image().brokers().containsKey(broker)) {
                leadership.replicasOffline(current, broker, coordination.reader().offlineReplicas(broker));
            }
        }
        coordination.controllerWriter().deleteLogDirEventNotifications(current, names);
    }

    /** A new controller learns the offline replicas every live broker has published. */
    private void loadOfflineReplicas(ControllerEpoch current) {
        for (int broker : metadata.image().brokers().keySet()) {
            Set<TopicPartition> offline = coordination.reader().offlineReplicas(broker);
            if (!offline.isEmpty()) {
                leadership.replicasOffline(current, broker, offline);
            }
        }
    }

    /**
     * Reads and deletes the leaders' ISR change notifications. Brokers learn ISRs from ZooKeeper
     * directly and the gauges read the live image, so what is left to refresh here are the
     * reassignments waiting for a replica to join an ISR (the caller resumes them).
     */
    private void consumeIsrChangeNotifications(ControllerEpoch current) {
        List<IsrChangeNotification> notifications = coordination.reader().isrChangeNotifications();
        if (notifications.isEmpty()) {
            return;
        }
        List<String> names = new ArrayList<>();
        int partitions = 0;
        for (IsrChangeNotification notification : notifications) {
            names.add(notification.name());
            partitions += notification.partitions().size();
        }
        coordination.controllerWriter().deleteIsrChangeNotifications(current, names);
        log.debug("Handled {} ISR change notification(s) naming {} partition(s)", names.size(), partitions);
    }

    private void scheduleRebalance() {
        if (!settings.autoLeaderRebalanceEnable() || rebalanceTask != null) {
            return;
        }
        long interval = settings.leaderImbalanceCheckIntervalMs();
        rebalanceTask = events.scheduleWithFixedDelay(() -> act(current -> leadership.rebalance(current,
            settings.leaderImbalancePerBrokerPercentage(), reassigner.inProgress())), interval, interval,
            TimeUnit.MILLISECONDS);
    }

    private void actIf(boolean condition, Consumer<ControllerEpoch> action) {
        if (condition) {
            act(action);
        }
    }

    /** Runs a decision while this broker is the controller; stands down if the epoch is stale. */
    private void act(Consumer<ControllerEpoch> action) {
        whileActive(current -> {
            action.accept(current);
            return null;
        }, error -> null);
    }

    private <T> T whileActive(Function<ControllerEpoch, T> action, Function<Errors, T> failure) {
        ControllerEpoch current = epoch;
        if (current == null) {
            return failure.apply(Errors.NOT_CONTROLLER);
        }
        try {
            return action.apply(current);
        } catch (ControllerMovedException e) {
            standDown(e);
            return failure.apply(Errors.NOT_CONTROLLER);
        } catch (CoordinationException e) {
            log.warn("Controller work failed on ZooKeeper ({}); retried on the next cluster change", e.getMessage());
            return failure.apply(Errors.REQUEST_TIMED_OUT);
        }
    }

    private Set<String> safePendingDeletions() {
        try {
            return coordination.reader().pendingTopicDeletions();
        } catch (CoordinationException e) {
            log.warn("Cannot read pending topic deletions: {}", e.getMessage());
            return Set.of();
        }
    }

    private boolean uncleanAllowed(String topic) {
        String override = metadata.image().topicOverrides(topic).get(TopicConfigValidator.UNCLEAN_LEADER_ELECTION_ENABLE);
        return override == null ? settings.uncleanLeaderElectionDefault() : Boolean.parseBoolean(override.trim());
    }

    private void standDown(ControllerMovedException e) {
        log.warn("Broker {} lost the controller role: {}", brokerId, e.getMessage());
        epoch = null;
    }

    @Override
    public void close() {
        epoch = null;
        events.shutdown();
        try {
            if (!events.awaitTermination(10, TimeUnit.SECONDS)) {
                events.shutdownNow();
            }
        } catch (InterruptedException e) {
            events.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
