package io.zkafka.controller;

import io.zkafka.common.ElectionType;
import io.zkafka.common.TopicPartition;
import io.zkafka.common.message.PartitionResult;
import io.zkafka.common.protocol.Errors;
import io.zkafka.coordination.ControllerEpoch;
import io.zkafka.coordination.LeaderAndIsr;
import io.zkafka.coordination.PartitionState;
import io.zkafka.coordination.TopicAssignment;
import io.zkafka.metadata.MetadataCache;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who leads each partition, as the controller decides it: new leaders (and shrunk ISRs) when
 * brokers come and go, leadership moved off a broker in controlled shutdown, preferred and unclean
 * elections on request, and the periodic preferred-leader rebalance. Brokers in controlled shutdown
 * stay registered until they stop but are never elected; they leave that set when they deregister
 * or register anew. Decisions are {@link LeaderElector}'s; writes go through
 * {@link PartitionStateUpdater}. Confined to the controller thread.
 *
 * <p>A broker id registered with another broker epoch than the one last seen is a new incarnation
 * (a restart, or a registration again after its znode was removed): it is handled as a failure
 * first, out of every ISR and its leaderships moved (KIP-380), and then as a return. The epochs
 * tell, not the events: by the time the deregistration's event is handled, the metadata image may
 * already show the new incarnation.
 */
final class PartitionLeadership {
    private static final Logger log = LoggerFactory.getLogger(PartitionLeadership.class);

    private final MetadataCache metadata;
    private final PartitionStateUpdater states;
    private final Function<String, Boolean> uncleanAllowed;
    private final Set<Integer> shuttingDown = new HashSet<>();
    /** The broker epoch of each registered broker when the brokers were last handled. */
    private final Map<Integer, Long> knownEpochs = new HashMap<>();

    PartitionLeadership(MetadataCache metadata, PartitionStateUpdater states, Function<String, Boolean> uncleanAllowed) {
        this.metadata = metadata;
        this.states = states;
        this.uncleanAllowed = uncleanAllowed;
    }

    /** Live brokers that may lead: registered and not shutting down. */
    Set<Integer> electable() {
        Set<Integer> electable = new HashSet<>(metadata.image().brokers().keySet());
        electable.removeAll(shuttingDown);
        return electable;
    }

    void brokerRegistered(int brokerId) {
        shuttingDown.remove(brokerId);
    }

    void brokerDeregistered(int brokerId) {
        shuttingDown.remove(brokerId);
    }

    void reset() {
        shuttingDown.clear();
        knownEpochs.clear();
    }

    /** Elects leaders where the leader is gone and drops dead followers from ISRs, restarted ones first. */
    void onBrokerChange(ControllerEpoch epoch) {
        failRestartedBrokers(epoch);
        MetadataCache.Image image = metadata.image();
        Set<Integer> live = image.brokers().keySet();
        Set<Integer> electable = electable();
        states.update(epoch, image.states().keySet(), state -> replicas(image, state.partition())
            .flatMap(replicas -> LeaderElector.afterBrokerChange(state.leaderAndIsr(), replicas, live, electable,
                uncleanAllowed.apply(state.partition().topic()), epoch.epoch()).next()));
    }

    /** Handles each broker registered under a new broker epoch since the last pass as failed. */
    private void failRestartedBrokers(ControllerEpoch epoch) {
        MetadataCache.Image image = metadata.image();
        Set<Integer> restarted = new HashSet<>();
        image.brokers().forEach((id, broker) -> {
            Long known = knownEpochs.get(id);
            if (known != null && known != broker.epoch()) {
                restarted.add(id);
            }
        });
        if (!restarted.isEmpty()) {
            log.info("Broker(s) {} registered under a new broker epoch: out of every ISR and leadership first", restarted);
            Set<Integer> live = new HashSet<>(image.brokers().keySet());
            live.removeAll(restarted);
            Set<Integer> electable = electable();
            electable.removeAll(restarted);
            List<TopicPartition> touched = image.states().values().stream()
                .filter(state -> restarted.contains(state.leaderAndIsr().leader())
                    || state.leaderAndIsr().isr().stream().anyMatch(restarted::contains))
                .map(PartitionState::partition).toList();
            states.update(epoch, touched, state -> replicas(image, state.partition())
                .flatMap(replicas -> LeaderElector.afterBrokerChange(state.leaderAndIsr(), replicas, live, electable,
                    uncleanAllowed.apply(state.partition().topic()), epoch.epoch()).next()));
        }
        knownEpochs.clear();
        image.brokers().forEach((id, broker) -> knownEpochs.put(id, broker.epoch()));
    }

    /**
     * Re-applies the broker-change and controlled-shutdown decisions to one partition whose state
     * changed: a leader may have put a broker that is stopping or no longer registered back into the
     * ISR (a fetch that was in flight when it went), which would hold acks=all producers up for
     * replica.lag.time.max.ms.
     */
    void onStateChanged(ControllerEpoch epoch, PartitionState changed) {
        MetadataCache.Image image = metadata.image();
        Set<Integer> live = image.brokers().keySet();
        LeaderAndIsr state = changed.leaderAndIsr();
        if (!live.contains(state.leader())) {
            return;
        }
        Set<Integer> electable = electable();
        for (int stopping : shuttingDown) {
            if (stopping != state.leader() && state.isr().contains(stopping)) {
                states.update(epoch, List.of(changed.partition()), current -> replicas(image, current.partition())
                    .flatMap(replicas -> LeaderElector.controlledShutdown(current.leaderAndIsr(), replicas, stopping,
                        electable, epoch.epoch()).next()));
                return;
            }
        }
        if (live.containsAll(state.isr())) {
            return;
        }
        states.update(epoch, List.of(changed.partition()), current -> replicas(image, current.partition())
            .flatMap(replicas -> LeaderElector.afterBrokerChange(current.leaderAndIsr(), replicas, live, electable,
                uncleanAllowed.apply(current.partition().topic()), epoch.epoch()).next()));
    }

    /**
     * Moves leadership off {@code brokerId} and takes it out of every ISR; returns the partitions
     * it still leads because no other in-sync replica can.
     */
    List<TopicPartition> controlledShutdown(ControllerEpoch epoch, int brokerId) {
        shuttingDown.add(brokerId);
        MetadataCache.Image image = metadata.image();
        List<TopicPartition> hosted = new ArrayList<>();
        image.assignments().forEach((topic, assignment) -> assignment.partitions().forEach((p, replicas) -> {
            if (replicas.contains(brokerId)) {
                hosted.add(new TopicPartition(topic, p));
            }
        }));
        Set<Integer> electable = electable();
        states.update(epoch, hosted, state -> replicas(image, state.partition())
            .flatMap(replicas -> LeaderElector.controlledShutdown(state.leaderAndIsr(), replicas, brokerId, electable,
                epoch.epoch()).next()));
        List<TopicPartition> remaining = new ArrayList<>();
        for (TopicPartition tp : hosted) {
            states.current(tp).filter(s -> s.leaderAndIsr().leader() == brokerId).ifPresent(s -> remaining.add(tp));
        }
        log.info("Controlled shutdown of broker {}: {} partition(s) hosted, {} still led by it", brokerId,
            hosted.size(), remaining.size());
        return remaining;
    }

    /** Preferred or unclean elections of {@code partitions} (null: every partition), with a result each. */
    List<PartitionResult> elect(ControllerEpoch epoch, ElectionType type, Set<TopicPartition> partitions,
                                Set<TopicPartition> reassigning) {
        MetadataCache.Image image = metadata.image();
        Set<TopicPartition> wanted = partitions == null ? image.states().keySet() : partitions;
        Set<Integer> live = image.brokers().keySet();
        Set<Integer> electable = electable();
        Map<TopicPartition, Errors> decided = new HashMap<>();
        List<TopicPartition> known = new ArrayList<>();
        for (TopicPartition tp : wanted) {
            if (replicas(image, tp).isEmpty() || image.state(tp).isEmpty()) {
                decided.put(tp, Errors.UNKNOWN_TOPIC_OR_PARTITION);
            } else if (type == ElectionType.PREFERRED && reassigning.contains(tp)) {
                decided.put(tp, Errors.PREFERRED_LEADER_NOT_AVAILABLE);
            } else {
                known.add(tp);
            }
        }
        Map<TopicPartition, LeaderAndIsr> written = states.update(epoch, known, state -> {
            List<Integer> replicas = replicas(image, state.partition()).orElseThrow();
            Election election = type == ElectionType.PREFERRED
                ? LeaderElector.preferred(state.leaderAndIsr(), replicas, electable, epoch.epoch())
                : LeaderElector.unclean(state.leaderAndIsr(), replicas, live, electable, epoch.epoch());
            decided.put(state.partition(), election.error());
            return election.next();
        });
        List<PartitionResult> results = new ArrayList<>();
        for (TopicPartition tp : wanted) {
            Errors error = decided.get(tp);
            if (error == Errors.NONE && !written.containsKey(tp)) {
                error = Errors.REQUEST_TIMED_OUT; // decided, but the ZooKeeper write did not go through
            }
            results.add(error == Errors.NONE ? PartitionResult.ok(tp)
                : new PartitionResult(tp, error, describe(type, tp, error)));
        }
        return results;
    }

    /**
     * For each electable broker whose share of partitions it prefers but does not lead is above
     * {@code imbalancePercentage}, elects it preferred leader where it is in sync.
     */
    void rebalance(ControllerEpoch epoch, int imbalancePercentage, Set<TopicPartition> reassigning) {
        MetadataCache.Image image = metadata.image();
        Map<Integer, List<TopicPartition>> preferredBy = new HashMap<>();
        Map<Integer, List<TopicPartition>> notLedBy = new HashMap<>();
        image.assignments().forEach((topic, assignment) -> assignment.partitions().forEach((p, replicas) -> {
            TopicPartition tp = new TopicPartition(topic, p);
            Optional<PartitionState> state = image.state(tp);
            if (state.isEmpty() || reassigning.contains(tp)) {
                return;
            }
            int preferred = replicas.get(0);
            preferredBy.computeIfAbsent(preferred, b -> new ArrayList<>()).add(tp);
            if (state.get().leaderAndIsr().leader() != preferred) {
                notLedBy.computeIfAbsent(preferred, b -> new ArrayList<>()).add(tp);
            }
        }));
        List<TopicPartition> toElect = new ArrayList<>();
        for (int broker : electable()) {
            List<TopicPartition> notLed = notLedBy.getOrDefault(broker, List.of());
            int total = preferredBy.getOrDefault(broker, List.of()).size();
            if (total > 0 && notLed.size() * 100L > (long) imbalancePercentage * total) {
                log.info("Broker {} leads {} of the {} partitions it prefers; electing it where it is in sync", broker,
                    total - notLed.size(), total);
                toElect.addAll(notLed);
            }
        }
        if (!toElect.isEmpty()) {
            elect(epoch, ElectionType.PREFERRED, new HashSet<>(toElect), reassigning);
        }
    }

    private static String describe(ElectionType type, TopicPartition tp, Errors error) {
        return switch (error) {
            case ELECTION_NOT_NEEDED -> "Leader election not needed for topic partition " + tp;
            case PREFERRED_LEADER_NOT_AVAILABLE -> "Failed to elect leader for partition " + tp
                + " under strategy " + type + ": the preferred replica is not live, not in sync or being reassigned";
            case ELIGIBLE_LEADERS_NOT_AVAILABLE -> "Failed to elect leader for partition " + tp
                + " under strategy " + type + ": no live replica";
            case UNKNOWN_TOPIC_OR_PARTITION -> "The partition " + tp + " does not exist";
            default -> error.message();
        };
    }

    private static Optional<List<Integer>> replicas(MetadataCache.Image image, TopicPartition tp) {
        TopicAssignment assignment = image.assignments().get(tp.topic());
        if (assignment == null || !assignment.partitions().containsKey(tp.partition())) {
            return Optional.empty();
        }
        return Optional.of(assignment.replicas(tp.partition()));
    }
}
