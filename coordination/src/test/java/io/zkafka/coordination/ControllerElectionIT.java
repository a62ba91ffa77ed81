package io.zkafka.coordination;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkafka.common.TopicPartition;
import io.zkafka.test.TestUtils;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ControllerElectionIT {
    private static final Duration WAIT = Duration.ofSeconds(15);

    @TempDir
    Path dir;
    private ZooKeeperTestHarness zk;
    private final List<Participant> participants = new ArrayList<>();

    /** One broker in the election, recording what its listener was told. */
    private static final class Participant implements ControllerListener {
        final CoordinationClient client;
        final ControllerElection election;
        final List<String> events = new CopyOnWriteArrayList<>();
        volatile ControllerEpoch epoch;

        Participant(ZooKeeperTestHarness zk, int brokerId) {
            client = zk.newClient();
            election = zk.track(client.newControllerElection(brokerId, this));
        }

        @Override
        public void onBecameController(ControllerEpoch won) {
            epoch = won;
            events.add("elected:" + won.epoch());
        }

        @Override
        public void onResigned() {
            epoch = null;
            events.add("resigned");
        }
    }

    @BeforeEach
    void startZooKeeper() throws Exception {
        zk = ZooKeeperTestHarness.start(dir);
        for (int id = 1; id <= 3; id++) {
            participants.add(new Participant(zk, id));
        }
        participants.forEach(p -> p.election.start());
    }

    @AfterEach
    void stopZooKeeper() throws Exception {
        zk.close();
    }

    private Participant awaitSingleController(int expectedEpoch) {
        TestUtils.waitForCondition(() -> participants.stream().filter(p -> p.election.state() == ComponentState.STARTED
                && p.election.isController() && p.epoch != null && p.epoch.epoch() == expectedEpoch).count() == 1,
            WAIT, "exactly one controller with epoch " + expectedEpoch);
        Participant controller = participants.stream()
            .filter(p -> p.election.state() == ComponentState.STARTED && p.election.isController()).findFirst().orElseThrow();
        TestUtils.waitForCondition(() -> participants.stream().filter(p -> p.election.state() == ComponentState.STARTED)
                .allMatch(p -> p.election.controllerId().equals(OptionalInt.of(controller.election.brokerId()))),
            WAIT, "every participant to see controller " + controller.election.brokerId());
        return controller;
    }

    @Test
    void shouldElectOneControllerAmongThreeAndStartTheEpochAtOne() {
        Participant controller = awaitSingleController(1);

        assertEquals(new ControllerEpoch(1, 0), controller.epoch);
        assertEquals(controller.epoch, controller.client.reader().controllerEpoch().orElseThrow());
        assertEquals(OptionalInt.of(controller.election.brokerId()), participants.get(0).client.reader().controllerId());
    }

    @Test
    void shouldFailOverAndBumpTheEpochWhenTheControllerCloses() {
        Participant first = awaitSingleController(1);

        first.election.close();

        assertEquals(List.of("elected:1", "resigned"), first.events);
        Participant second = awaitSingleController(2);
        assertTrue(second != first);
        assertEquals(new ControllerEpoch(2, 1), second.epoch);
    }

    @Test
    void shouldResignAndFailOverWhenTheControllerSessionExpires() throws Exception {
        Participant first = awaitSingleController(1);

        zk.expireSessionOnServer(first.client);

        TestUtils.waitForCondition(() -> first.events.contains("resigned"), WAIT, "the old controller to resign");
        TestUtils.waitForCondition(() -> participants.stream().anyMatch(p -> p.epoch != null && p.epoch.epoch() >= 2),
            WAIT, "a controller with epoch >= 2");
        TestUtils.waitForCondition(() -> participants.stream().filter(p -> p.election.isController()).count() == 1,
            WAIT, "a single controller");
    }

    @Test
    void shouldFenceTheWritesOfAStaleControllerWhileTheNewOneSucceeds() {
        Participant first = awaitSingleController(1);
        ControllerEpoch staleEpoch = first.epoch;
        first.election.close();
        Participant second = awaitSingleController(2);

        Map<Integer, List<Integer>> assignment = Map.of(0, List.of(1, 2));
        Map<Integer, LeaderAndIsr> states = Map.of(0, new LeaderAndIsr(1, 0, List.of(1, 2), 1));
        ControllerMovedException moved = assertThrows(ControllerMovedException.class, () ->
            first.client.controllerWriter().createTopic(staleEpoch, "fenced", assignment, states, Map.of()));
        assertTrue(moved.getMessage().contains("epoch 1"), moved.getMessage());
        assertFalse(second.client.reader().topicAssignment("fenced").isPresent());

        second.client.controllerWriter().createTopic(second.epoch, "fenced", assignment,
            Map.of(0, new LeaderAndIsr(1, 0, List.of(1, 2), second.epoch.epoch())), Map.of());
        PartitionState state = second.client.reader().partitionState(new TopicPartition("fenced", 0)).orElseThrow();
        assertEquals(2, state.leaderAndIsr().controllerEpoch());

        PartitionState staleUpdate = state.withLeaderAndIsr(state.leaderAndIsr().newLeader(2, List.of(2), 1));
        assertThrows(ControllerMovedException.class, () ->
            first.client.controllerWriter().updatePartitionStates(staleEpoch, List.of(staleUpdate)));
        assertEquals(state, second.client.reader().partitionState(new TopicPartition("fenced", 0)).orElseThrow());
    }
}
