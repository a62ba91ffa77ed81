package io.zkafka.controller;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.codahale.metrics.MetricRegistry;
import io.zkafka.common.ElectionType;
import io.zkafka.common.TopicPartition;
import io.zkafka.common.message.PartitionResult;
import io.zkafka.common.protocol.Errors;
import io.zkafka.coordination.BrokerInfo;
import io.zkafka.coordination.ControllerEpoch;
import io.zkafka.coordination.LeaderAndIsr;
import io.zkafka.coordination.PartitionState;
import io.zkafka.coordination.TopicAssignment;
import io.zkafka.coordination.UpdateResult;
import io.zkafka.metadata.MetadataCache;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The controller's leadership decisions as carried out on partition states: broker loss, unclean
 * elections, controlled shutdown, preferred elections and the periodic rebalance. States live in an
 * in-memory store with ZooKeeper's versioned-write rule; each write is delivered to the metadata
 * cache the way the cluster watcher would deliver it, unless a test holds deliveries back.
 */
@Timeout(30)
class PartitionLeadershipTest {
    private static final ControllerEpoch EPOCH = new ControllerEpoch(3, 2);

    private final MetadataCache metadata = new MetadataCache();
    private final InMemoryStates store = new InMemoryStates();
    private final MetricRegistry registry = new MetricRegistry();
    private final AtomicBoolean uncleanAllowed = new AtomicBoolean();
    private PartitionLeadership leadership;

    /** Versioned partition states, as the znodes hold them. */
    private final class InMemoryStates implements PartitionStateStore {
        final Map<TopicPartition, PartitionState> stored = new HashMap<>();
        boolean deliver = true;

        void put(PartitionState state) {
            stored.put(state.partition(), state);
            if (deliver) {
                metadata.onPartitionStateChanged(state);
            }
        }

        @Override
        public Map<TopicPartition, UpdateResult> updatePartitionStates(ControllerEpoch epoch,
                                                                       Collection<PartitionState> desired) {
            Map<TopicPartition, UpdateResult> results = new LinkedHashMap<>();
            for (PartitionState state : desired) {
                PartitionState current = stored.get(state.partition());
                if (current == null) {
                    results.put(state.partition(), new UpdateResult(UpdateResult.Status.NO_NODE, -1));
                } else if (current.zkVersion() != state.zkVersion()) {
                    results.put(state.partition(), new UpdateResult(UpdateResult.Status.BAD_VERSION, -1));
                } else {
                    put(new PartitionState(state.partition(), state.leaderAndIsr(), state.zkVersion() + 1));
                    results.put(state.partition(), new UpdateResult(UpdateResult.Status.UPDATED, state.zkVersion() + 1));
                }
            }
            return results;
        }

        @Override
        public Optional<PartitionState> partitionState(TopicPartition tp) {
            return Optional.ofNullable(stored.get(tp));
        }
    }

    @BeforeEach
    void brokers() {
        for (int id = 1; id <= 3; id++) {
            metadata.onBrokerRegistered(new BrokerInfo(id, "127.0.0.1", 9000 + id, null, 0));
        }
        leadership = new PartitionLeadership(metadata, new PartitionStateUpdater(store, metadata,
            new ControllerStats(registry)), topic -> uncleanAllowed.get());
    }

    private TopicPartition partition(String topic, List<Integer> replicas, int leader, List<Integer> isr) {
        TopicAssignment assignment = new TopicAssignment(topic, Map.of(0, replicas), 0);
        metadata.onTopicCreated(assignment);
        TopicPartition tp = new TopicPartition(topic, 0);
        store.put(new PartitionState(tp, new LeaderAndIsr(leader, 5, isr, 1), 0));
        return tp;
    }

    private LeaderAndIsr state(TopicPartition tp) {
        return store.stored.get(tp).leaderAndIsr();
    }

    private void brokerLost(int id) {
        metadata.onBrokerDeregistered(id);
        leadership.brokerDeregistered(id);
        leadership.onBrokerChange(EPOCH);
    }

    private long uncleanElections() {
        return registry.getMeters().entrySet().stream().filter(e -> e.getKey().contains("UncleanLeaderElections"))
            .mapToLong(e -> e.getValue().getCount()).sum();
    }

    @Test
    void shouldElectTheNextInSyncReplicaWhenTheLeaderIsLost() {
        TopicPartition tp = partition("t", List.of(1, 2, 3), 1, List.of(1, 3, 2));
        brokerLost(1);
        assertEquals(new LeaderAndIsr(2, 6, List.of(3, 2), EPOCH.epoch()), state(tp),
            "assignment order picks 2; the epoch moves on; the ISR loses 1; the write carries the controller epoch");
        assertEquals(0, uncleanElections());
    }

    @Test
    void shouldHandleABrokerRegisteredUnderANewEpochAsFailedBeforeItReturns() {
        metadata.onBrokerRegistered(new BrokerInfo(1, "127.0.0.1", 9001, null, 0, 10));
        leadership.onBrokerChange(EPOCH);
        TopicPartition led = partition("led", List.of(1, 2, 3), 1, List.of(1, 2, 3));
        TopicPartition followed = partition("followed", List.of(2, 1, 3), 2, List.of(2, 1, 3));
        TopicPartition alone = partition("alone", List.of(1, 2), 1, List.of(1));
        leadership.onBrokerChange(EPOCH);
        assertEquals(1, state(led).leader(), "the same incarnation: nothing to do");

        // the deregistration and the registration both happened before the controller looked
        metadata.onBrokerRegistered(new BrokerInfo(1, "127.0.0.1", 9001, null, 0, 20));
        leadership.brokerRegistered(1);
        leadership.onBrokerChange(EPOCH);

        assertEquals(new LeaderAndIsr(2, 6, List.of(2, 3), EPOCH.epoch()), state(led), "leadership moved, 1 out");
        assertEquals(new LeaderAndIsr(2, 5, List.of(2, 3), EPOCH.epoch()), state(followed), "1 out of the ISR");
        assertEquals(new LeaderAndIsr(1, 7, List.of(1), EPOCH.epoch()), state(alone),
            "offline at epoch 6, then led by the new incarnation, the last in-sync replica, at epoch 7");
        leadership.onBrokerChange(EPOCH);
        assertEquals(new LeaderAndIsr(2, 6, List.of(2, 3), EPOCH.epoch()), state(led), "handled once");
    }

    @Test
    void shouldOnlyShrinkTheIsrWhenAFollowerIsLost() {
        TopicPartition tp = partition("t", List.of(1, 2, 3), 1, List.of(1, 2, 3));
        brokerLost(3);
        assertEquals(new LeaderAndIsr(1, 5, List.of(1, 2), EPOCH.epoch()), state(tp));
    }

    @Test
    void shouldTakeThePartitionOfflineRatherThanElectOutsideTheIsr() {
        TopicPartition tp = partition("t", List.of(1, 2), 1, List.of(1));
        brokerLost(1);
        assertEquals(new LeaderAndIsr(LeaderAndIsr.NO_LEADER, 6, List.of(1), EPOCH.epoch()), state(tp),
            "offline, keeping the last in-sync replica in the ISR");

        metadata.onBrokerRegistered(new BrokerInfo(1, "127.0.0.1", 9001, null, 0));
        leadership.brokerRegistered(1);
        leadership.onBrokerChange(EPOCH);
        assertEquals(1, state(tp).leader(), "the last in-sync replica leads again when it returns");
    }

    @Test
    void shouldElectOutsideTheIsrOnlyWhenUncleanElectionIsAllowed() {
        TopicPartition tp = partition("t", List.of(1, 2), 1, List.of(1));
        uncleanAllowed.set(true);
        brokerLost(1);
        assertEquals(new LeaderAndIsr(2, 6, List.of(2), EPOCH.epoch()), state(tp));
        assertEquals(1, uncleanElections());
    }

    @Test
    void shouldMoveLeadershipOffABrokerInControlledShutdown() {
        TopicPartition led = partition("led", List.of(1, 2, 3), 1, List.of(1, 2, 3));
        TopicPartition followed = partition("followed", List.of(2, 1), 2, List.of(2, 1));
        TopicPartition alone = partition("alone", List.of(1, 2), 1, List.of(1));

        List<TopicPartition> stillLed = leadership.controlledShutdown(EPOCH, 1);

        assertEquals(List.of(alone), stillLed, "no other in-sync replica can take it");
        assertEquals(new LeaderAndIsr(2, 6, List.of(2, 3), EPOCH.epoch()), state(led));
        assertEquals(new LeaderAndIsr(2, 5, List.of(2), EPOCH.epoch()), state(followed));
        assertEquals(1, state(alone).leader());
        assertTrue(!leadership.electable().contains(1), "a stopping broker is never elected");

        brokerLost(2);
        assertEquals(3, state(led).leader(), "broker 1 is still registered, but stopping: 3 leads");
    }

    @Test
    void shouldTakeAStoppingBrokerOutOfAnIsrALeaderPutItBackInto() {
        TopicPartition tp = partition("t", List.of(2, 1), 2, List.of(2));
        leadership.controlledShutdown(EPOCH, 1);
        store.put(new PartitionState(tp, new LeaderAndIsr(2, 5, List.of(2, 1), 1), 1)); // a late fetch from 1
        leadership.onStateChanged(EPOCH, store.stored.get(tp));
        assertEquals(List.of(2), state(tp).isr());
    }

    @Test
    void shouldElectThePreferredReplicaOnlyWhereItCanLead() {
        TopicPartition movable = partition("movable", List.of(1, 2), 2, List.of(2, 1));
        TopicPartition outOfSync = partition("lagging", List.of(1, 2), 2, List.of(2));
        TopicPartition already = partition("already", List.of(1, 2), 1, List.of(1, 2));
        TopicPartition reassigning = partition("moving", List.of(1, 2), 2, List.of(2, 1));
        TopicPartition unknown = new TopicPartition("nope", 0);

        List<PartitionResult> results = leadership.elect(EPOCH, ElectionType.PREFERRED,
            Set.of(movable, outOfSync, already, reassigning, unknown), Set.of(reassigning));

        Map<TopicPartition, Errors> errors = new HashMap<>();
        results.forEach(r -> errors.put(r.partition(), r.error()));
        assertEquals(Map.of(movable, Errors.NONE, outOfSync, Errors.PREFERRED_LEADER_NOT_AVAILABLE,
            already, Errors.ELECTION_NOT_NEEDED, reassigning, Errors.PREFERRED_LEADER_NOT_AVAILABLE,
            unknown, Errors.UNKNOWN_TOPIC_OR_PARTITION), errors);
        assertEquals(new LeaderAndIsr(1, 6, List.of(2, 1), EPOCH.epoch()), state(movable));
        assertEquals(2, state(reassigning).leader());
    }

    @Test
    void shouldRunAnUncleanElectionOnRequestOnlyForALeaderlessPartition() {
        TopicPartition leaderless = partition("leaderless", List.of(1, 2), LeaderAndIsr.NO_LEADER, List.of(3));
        TopicPartition led = partition("led", List.of(1, 2), 1, List.of(1));
        Map<TopicPartition, Errors> errors = new HashMap<>();
        leadership.elect(EPOCH, ElectionType.UNCLEAN, Set.of(leaderless, led), Set.of())
            .forEach(r -> errors.put(r.partition(), r.error()));
        assertEquals(Map.of(leaderless, Errors.NONE, led, Errors.ELECTION_NOT_NEEDED), errors);
        assertEquals(new LeaderAndIsr(1, 6, List.of(1), EPOCH.epoch()), state(leaderless));
    }

    @Test
    void shouldRebalanceOnlyBrokersAboveTheImbalanceThreshold() {
        // broker 1 prefers four partitions and leads one of them (75% not led); broker 2 prefers one and leads it
        TopicPartition a = partition("a", List.of(1, 2), 2, List.of(2, 1));
        TopicPartition b = partition("b", List.of(1, 2), 2, List.of(2, 1));
        TopicPartition c = partition("c", List.of(1, 3), 3, List.of(3));
        partition("d", List.of(1, 2), 1, List.of(1, 2));
        partition("e", List.of(2, 1), 2, List.of(2, 1));

        leadership.rebalance(EPOCH, 80, Set.of());
        assertEquals(2, state(a).leader(), "75% is within an 80% allowance");

        leadership.rebalance(EPOCH, 10, Set.of());
        assertEquals(1, state(a).leader());
        assertEquals(1, state(b).leader());
        assertEquals(3, state(c).leader(), "1 is not in sync there");
    }

    @Test
    void shouldDecideAgainOnceAfterLosingAVersionRace() {
        TopicPartition tp = partition("t", List.of(1, 2, 3), 1, List.of(1, 2, 3));
        store.deliver = false; // the leader's own ISR write lands, the controller has not seen it yet
        store.put(new PartitionState(tp, new LeaderAndIsr(1, 5, List.of(1, 2), 1), 1));
        store.deliver = true;

        brokerLost(1);
        assertEquals(new LeaderAndIsr(2, 6, List.of(2), EPOCH.epoch()), state(tp),
            "decided from the fresh state: 3 had already left the ISR");
        assertEquals(2, store.stored.get(tp).zkVersion());
    }

    @Test
    void shouldLeaveAPartitionAloneWhenNoDecisionIsNeeded() {
        TopicPartition tp = partition("t", List.of(1, 2), 1, List.of(1, 2));
        leadership.onBrokerChange(EPOCH);
        assertEquals(0, store.stored.get(tp).zkVersion(), "nothing was written");
    }
}
