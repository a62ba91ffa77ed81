package io.zkafka.controller;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkafka.common.protocol.Errors;
import io.zkafka.coordination.LeaderAndIsr;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LeaderElectorTest {
    private static final List<Integer> REPLICAS = List.of(1, 2, 3);
    private static final int CONTROLLER_EPOCH = 7;

    private static LeaderAndIsr state(int leader, int leaderEpoch, List<Integer> isr) {
        return new LeaderAndIsr(leader, leaderEpoch, isr, 3);
    }

    @Test
    void shouldRemoveADeadFollowerFromTheIsrKeepingTheLeaderEpoch() {
        Election election = LeaderElector.afterBrokerChange(state(1, 4, List.of(1, 2, 3)), REPLICAS, Set.of(1, 2),
            Set.of(1, 2), false, CONTROLLER_EPOCH);
        assertEquals(new LeaderAndIsr(1, 4, List.of(1, 2), CONTROLLER_EPOCH), election.next().orElseThrow());
    }

    @Test
    void shouldElectTheFirstLiveIsrMemberWithANewEpochWhenTheLeaderDies() {
        Election election = LeaderElector.afterBrokerChange(state(1, 4, List.of(1, 3, 2)), REPLICAS, Set.of(2, 3),
            Set.of(2, 3), false, CONTROLLER_EPOCH);
        assertEquals(new LeaderAndIsr(2, 5, List.of(3, 2), CONTROLLER_EPOCH), election.next().orElseThrow());
        assertFalse(election.unclean());
    }

    @Test
    void shouldNotElectABrokerInControlledShutdown() {
        Election election = LeaderElector.afterBrokerChange(state(1, 4, List.of(1, 2, 3)), REPLICAS, Set.of(2, 3),
            Set.of(3), false, CONTROLLER_EPOCH);
        assertEquals(3, election.next().orElseThrow().leader());
    }

    @Test
    void shouldGoOfflineKeepingTheIsrWhenNoIsrMemberLives() {
        Election election = LeaderElector.afterBrokerChange(state(1, 4, List.of(1)), REPLICAS, Set.of(2, 3),
            Set.of(2, 3), false, CONTROLLER_EPOCH);
        assertEquals(new LeaderAndIsr(LeaderAndIsr.NO_LEADER, 5, List.of(1), CONTROLLER_EPOCH),
            election.next().orElseThrow());
        Election again = LeaderElector.afterBrokerChange(election.next().get(), REPLICAS, Set.of(2, 3), Set.of(2, 3),
            false, CONTROLLER_EPOCH);
        assertEquals(Optional.empty(), again.next());
    }

    @Test
    void shouldElectOutsideTheIsrOnlyWhenUncleanElectionIsAllowed() {
        LeaderAndIsr offline = state(LeaderAndIsr.NO_LEADER, 5, List.of(1));
        Election unclean = LeaderElector.afterBrokerChange(offline, REPLICAS, Set.of(3), Set.of(3), true,
            CONTROLLER_EPOCH);
        assertEquals(new LeaderAndIsr(3, 6, List.of(3), CONTROLLER_EPOCH), unclean.next().orElseThrow());
        assertTrue(unclean.unclean());
    }

    @Test
    void shouldLeadAgainWithTheLastIsrMemberWhenItReturns() {
        LeaderAndIsr offline = state(LeaderAndIsr.NO_LEADER, 5, List.of(1));
        Election election = LeaderElector.afterBrokerChange(offline, REPLICAS, Set.of(1, 3), Set.of(1, 3), false,
            CONTROLLER_EPOCH);
        assertEquals(new LeaderAndIsr(1, 6, List.of(1), CONTROLLER_EPOCH), election.next().orElseThrow());
    }

    @Test
    void shouldMoveLeadershipOffAStoppingBrokerAndDropItFromTheIsr() {
        Election led = LeaderElector.controlledShutdown(state(1, 2, List.of(1, 2, 3)), REPLICAS, 1, Set.of(2, 3),
            CONTROLLER_EPOCH);
        assertEquals(new LeaderAndIsr(2, 3, List.of(2, 3), CONTROLLER_EPOCH), led.next().orElseThrow());
        Election followed = LeaderElector.controlledShutdown(state(2, 2, List.of(1, 2, 3)), REPLICAS, 1, Set.of(2, 3),
            CONTROLLER_EPOCH);
        assertEquals(new LeaderAndIsr(2, 2, List.of(2, 3), CONTROLLER_EPOCH), followed.next().orElseThrow());
        Election alone = LeaderElector.controlledShutdown(state(1, 2, List.of(1)), REPLICAS, 1, Set.of(2, 3),
            CONTROLLER_EPOCH);
        assertEquals(Errors.ELIGIBLE_LEADERS_NOT_AVAILABLE, alone.error());
    }

    @Test
    void shouldElectThePreferredReplicaOnlyWhenItIsInSync() {
        assertEquals(new LeaderAndIsr(1, 3, List.of(2, 1), CONTROLLER_EPOCH), LeaderElector.preferred(
            state(2, 2, List.of(2, 1)), REPLICAS, Set.of(1, 2, 3), CONTROLLER_EPOCH).next().orElseThrow());
        assertEquals(Errors.PREFERRED_LEADER_NOT_AVAILABLE, LeaderElector.preferred(state(2, 2, List.of(2, 3)),
            REPLICAS, Set.of(1, 2, 3), CONTROLLER_EPOCH).error());
        assertEquals(Errors.ELECTION_NOT_NEEDED, LeaderElector.preferred(state(1, 2, List.of(1, 2)),
            REPLICAS, Set.of(1, 2, 3), CONTROLLER_EPOCH).error());
    }

    @Test
    void shouldRunAnUncleanElectionOnlyForALeaderlessPartition() {
        assertEquals(Errors.ELECTION_NOT_NEEDED, LeaderElector.unclean(state(1, 2, List.of(1)), REPLICAS,
            Set.of(1, 2), Set.of(1, 2), CONTROLLER_EPOCH).error());
        Election election = LeaderElector.unclean(state(LeaderAndIsr.NO_LEADER, 2, List.of(1)), REPLICAS,
            Set.of(2, 3), Set.of(2, 3), CONTROLLER_EPOCH);
        assertEquals(new LeaderAndIsr(2, 3, List.of(2), CONTROLLER_EPOCH), election.next().orElseThrow());
        assertEquals(Errors.ELIGIBLE_LEADERS_NOT_AVAILABLE, LeaderElector.unclean(
            state(LeaderAndIsr.NO_LEADER, 2, List.of(1)), REPLICAS, Set.of(), Set.of(), CONTROLLER_EPOCH).error());
    }

    @Test
    void shouldCompleteAReassignmentOnlyOnceEveryTargetReplicaIsInSync() {
        List<Integer> target = List.of(2, 3, 4);
        assertEquals(Optional.empty(), LeaderElector.completeReassignment(state(1, 2, List.of(1, 2, 3)), target,
            Set.of(1, 2, 3, 4), CONTROLLER_EPOCH));
        assertEquals(new LeaderAndIsr(2, 3, List.of(2, 3, 4), CONTROLLER_EPOCH), LeaderElector.completeReassignment(
            state(1, 2, List.of(1, 2, 3, 4)), target, Set.of(1, 2, 3, 4), CONTROLLER_EPOCH).orElseThrow());
        assertEquals(new LeaderAndIsr(3, 2, List.of(2, 3, 4), CONTROLLER_EPOCH), LeaderElector.completeReassignment(
            state(3, 2, List.of(1, 2, 3, 4)), target, Set.of(1, 2, 3, 4), CONTROLLER_EPOCH).orElseThrow());
    }

    @Test
    void shouldMoveLeadershipOffAnOfflineReplicaToAnotherIsrMember() {
        Election election = LeaderElector.replicaOffline(state(1, 4, List.of(1, 2, 3)), REPLICAS, 1, Set.of(1, 2, 3),
            CONTROLLER_EPOCH);
        assertEquals(new LeaderAndIsr(2, 5, List.of(2, 3), CONTROLLER_EPOCH), election.next().orElseThrow());
    }

    @Test
    void shouldTakeAnOfflineFollowerOutOfTheIsrKeepingTheLeaderEpoch() {
        Election election = LeaderElector.replicaOffline(state(1, 4, List.of(1, 2, 3)), REPLICAS, 3, Set.of(1, 2, 3),
            CONTROLLER_EPOCH);
        assertEquals(new LeaderAndIsr(1, 4, List.of(1, 2), CONTROLLER_EPOCH), election.next().orElseThrow());
        assertEquals(Errors.ELECTION_NOT_NEEDED, LeaderElector.replicaOffline(state(1, 4, List.of(1, 2)), REPLICAS, 3,
            Set.of(1, 2, 3), CONTROLLER_EPOCH).error());
    }

    @Test
    void shouldTakeThePartitionOfflineKeepingItsIsrWhenTheOfflineLeaderWasItsOnlyInSyncReplica() {
        Election election = LeaderElector.replicaOffline(state(1, 4, List.of(1)), REPLICAS, 1, Set.of(1, 2, 3),
            CONTROLLER_EPOCH);
        assertEquals(new LeaderAndIsr(LeaderAndIsr.NO_LEADER, 5, List.of(1), CONTROLLER_EPOCH),
            election.next().orElseThrow());
    }
}
