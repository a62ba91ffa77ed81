package io.zkafka.controller;

import io.zkafka.broker.MetadataCache;
import io.zkafka.broker.metrics.BrokerMetrics;
import io.zkafka.common.TopicPartition;
import io.zkafka.coordination.BrokerInfo;
import io.zkafka.coordination.ClusterChangeListener;
import io.zkafka.coordination.ClusterSnapshot;
import io.zkafka.coordination.ControllerEpoch;
import io.zkafka.coordination.ControllerListener;
import io.zkafka.coordination.ControllerMovedException;
import io.zkafka.coordination.CoordinationClient;
import io.zkafka.coordination.CoordinationException;
import io.zkafka.coordination.LeaderAndIsr;
import io.zkafka.coordination.PartitionState;
import io.zkafka.coordination.TopicAssignment;
import io.zkafka.coordination.UpdateResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cluster's controller, active on the broker that holds the controller latch. It elects
 * partition leaders when brokers come and go, and carries out topic administration
 * ({@link TopicAdministration}). Every ZooKeeper write it makes is fenced by its controller epoch:
 * once another broker has taken over, the writes fail and this one stands down.
 *
 * <p>All decisions run on one thread, {@code zkafka-controller}; the election and cluster
 * callbacks only queue work for it. {@link #isActive()} may be read from any thread.
 */
public final class KafkaController implements ControllerListener, ClusterChangeListener, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(KafkaController.class);

    private final int brokerId;
    private final CoordinationClient coordination;
    private final MetadataCache metadata;
    private final ControllerSettings settings;
    private final ExecutorService events = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "zkafka-controller");
        thread.setDaemon(true);
        return thread;
    });
    private final TopicAdministration administration;
    private volatile ControllerEpoch epoch;

    public KafkaController(int brokerId, CoordinationClient coordination, MetadataCache metadata,
                           ControllerSettings settings, BrokerMetrics metrics) {
        this.brokerId = brokerId;
        this.coordination = coordination;
        this.metadata = metadata;
        this.settings = settings;
        this.administration = new TopicAdministration(coordination, metadata, settings, this::currentEpoch,
            this::standDown);
        metrics.gauge("kafka.controller:type=KafkaController,name=ActiveControllerCount", () -> isActive() ? 1 : 0);
        metrics.gauge("kafka.controller:type=KafkaController,name=OfflinePartitionsCount",
            () -> isActive() ? offlinePartitionCount() : 0);
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
    public java.util.OptionalInt activeEpoch() {
        ControllerEpoch current = epoch;
        return current == null ? java.util.OptionalInt.empty() : java.util.OptionalInt.of(current.epoch());
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

    @Override
    public void onBecameController(ControllerEpoch newEpoch) {
        events.execute(() -> {
            epoch = newEpoch;
            log.info("Broker {} is the controller at epoch {}", brokerId, newEpoch.epoch());
            electLeadersWhereNeeded();
            for (String topic : safePendingDeletions()) {
                administration.deleteTopic(topic);
            }
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
        events.execute(this::electLeadersWhereNeeded);
    }

    @Override
    public void onBrokerRegistered(BrokerInfo broker) {
        events.execute(this::electLeadersWhereNeeded);
    }

    @Override
    public void onBrokerDeregistered(int deregistered) {
        events.execute(this::electLeadersWhereNeeded);
    }

    @Override
    public void onTopicDeletionRequested(String topic) {
        events.execute(() -> {
            if (isActive()) {
                administration.deleteTopic(topic);
            }
        });
    }

    private Set<String> safePendingDeletions() {
        try {
            return coordination.reader().pendingTopicDeletions();
        } catch (CoordinationException e) {
            log.warn("Cannot read pending topic deletions: {}", e.getMessage());
            return Set.of();
        }
    }

    /** Gives every partition whose leader is gone a new one from its ISR, or marks it offline. */
    private void electLeadersWhereNeeded() {
        ControllerEpoch current = epoch;
        if (current == null) {
            return;
        }
        MetadataCache.Image image = metadata.image();
        Set<Integer> live = image.brokers().keySet();
        List<PartitionState> changes = new ArrayList<>();
        for (PartitionState state : image.states().values()) {
            TopicAssignment assignment = image.assignments().get(state.partition().topic());
            if (assignment == null) {
                continue;
            }
            List<Integer> replicas = assignment.replicas(state.partition().partition());
            boolean unclean = uncleanAllowed(image, state.partition().topic());
            LeaderElector.electIfNeeded(state.leaderAndIsr(), replicas, live, unclean, current.epoch())
                .ifPresent(next -> changes.add(state.withLeaderAndIsr(next)));
        }
        if (!changes.isEmpty()) {
            writeStates(current, changes, true);
        }
    }

    private boolean uncleanAllowed(MetadataCache.Image image, String topic) {
        String override = image.topicOverrides(topic).get(TopicConfigValidator.UNCLEAN_LEADER_ELECTION_ENABLE);
        return override == null ? settings.uncleanLeaderElectionDefault() : Boolean.parseBoolean(override.trim());
    }

    /** Writes new states; a state that lost a version race is re-read and decided again, once. */
    private void writeStates(ControllerEpoch current, List<PartitionState> changes, boolean retryStale) {
        Map<TopicPartition, UpdateResult> results;
        try {
            results = coordination.controllerWriter().updatePartitionStates(current, changes);
        } catch (ControllerMovedException e) {
            standDown(e);
            return;
        } catch (CoordinationException e) {
            log.warn("Leader election writes failed ({}); will retry on the next cluster change", e.getMessage());
            return;
        }
        List<PartitionState> retry = new ArrayList<>();
        for (PartitionState change : changes) {
            UpdateResult result = results.get(change.partition());
            if (result != null && result.succeeded()) {
                log.info("Partition {}: leader {} at epoch {}, ISR {}", change.partition(),
                    change.leaderAndIsr().leader(), change.leaderAndIsr().leaderEpoch(), change.leaderAndIsr().isr());
            } else if (result != null && result.status() == UpdateResult.Status.BAD_VERSION && retryStale) {
                coordination.reader().partitionState(change.partition()).ifPresent(fresh -> {
                    TopicAssignment assignment = metadata.image().assignments().get(change.partition().topic());
                    if (assignment != null) {
                        LeaderElector.electIfNeeded(fresh.leaderAndIsr(),
                                assignment.replicas(change.partition().partition()), metadata.image().brokers().keySet(),
                                uncleanAllowed(metadata.image(), change.partition().topic()), current.epoch())
                            .ifPresent(next -> retry.add(fresh.withLeaderAndIsr(next)));
                    }
                });
            }
        }
        if (!retry.isEmpty()) {
            writeStates(current, retry, false);
        }
    }

    private void standDown(ControllerMovedException e) {
        log.warn("Broker {} lost the controller role: {}", brokerId, e.getMessage());
        epoch = null;
    }

    private int offlinePartitionCount() {
        MetadataCache.Image image = metadata.image();
        int offline = 0;
        for (PartitionState state : image.states().values()) {
            int leader = state.leaderAndIsr().leader();
            if (leader == LeaderAndIsr.NO_LEADER || !image.brokers().containsKey(leader)) {
                offline++;
            }
        }
        return offline;
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
