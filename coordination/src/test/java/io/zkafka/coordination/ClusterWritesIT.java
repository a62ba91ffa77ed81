package io.zkafka.coordination;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkafka.common.TopicPartition;
import io.zkafka.test.TestUtils;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClusterWritesIT {
    @TempDir
    Path dir;
    private ZooKeeperTestHarness zk;
    private CoordinationClient client;
    private ControllerEpoch epoch;

    @BeforeEach
    void startController() throws Exception {
        zk = ZooKeeperTestHarness.start(dir);
        client = zk.newClient();
        ControllerElection election = zk.track(client.newControllerElection(0, new ControllerListener() {
            @Override
            public void onBecameController(ControllerEpoch won) {
            }

            @Override
            public void onResigned() {
            }
        }));
        election.start();
        TestUtils.waitForCondition(election::isController, Duration.ofSeconds(10), "broker 0 to become controller");
        epoch = election.epoch().orElseThrow();
    }

    @AfterEach
    void stopZooKeeper() throws Exception {
        zk.close();
    }

    private TopicAssignment createTopic(String topic, int partitions) {
        Map<Integer, List<Integer>> assignment = new TreeMap<>();
        Map<Integer, LeaderAndIsr> states = new TreeMap<>();
        for (int p = 0; p < partitions; p++) {
            assignment.put(p, List.of(1, 2, 3));
            states.put(p, new LeaderAndIsr(1, 0, List.of(1, 2, 3), epoch.epoch()));
        }
        return client.controllerWriter().createTopic(epoch, topic, assignment, states, Map.of("retention.ms", "1000"));
    }

    @Test
    void shouldCreateTheClusterIdOnceAndReturnItToEveryone() {
        String id = client.clusterId();
        assertEquals(22, id.length());
        assertEquals(id, zk.newClient().clusterId());
    }

    @Test
    void shouldCreateTopicWithAssignmentStatesAndConfigInOneGo() {
        TopicAssignment created = createTopic("orders", 2);

        assertEquals(created, client.reader().topicAssignment("orders").orElseThrow());
        assertEquals(Set.of("orders"), client.reader().topics());
        PartitionState state = client.reader().partitionState(new TopicPartition("orders", 1)).orElseThrow();
        assertEquals(new LeaderAndIsr(1, 0, List.of(1, 2, 3), epoch.epoch()), state.leaderAndIsr());
        assertEquals(0, state.zkVersion());
        assertEquals(Map.of("retention.ms", "1000"), client.reader().topicConfig("orders").overrides());
        assertThrows(TopicExistsException.class, () -> createTopic("orders", 1));
    }

    @Test
    void shouldReportAVersionConflictOnAStaleIsrUpdateAndApplyTheFreshOne() {
        createTopic("isr", 1);
        TopicPartition tp = new TopicPartition("isr", 0);
        PartitionState read = client.reader().partitionState(tp).orElseThrow();

        UpdateResult first = client.isrWriter().updateIsr(read.withLeaderAndIsr(read.leaderAndIsr().withIsr(List.of(1, 2))));
        UpdateResult stale = client.isrWriter().updateIsr(read.withLeaderAndIsr(read.leaderAndIsr().withIsr(List.of(1))));

        assertEquals(UpdateResult.updated(1), first);
        assertEquals(UpdateResult.Status.BAD_VERSION, stale.status());
        PartitionState reread = client.reader().partitionState(tp).orElseThrow();
        assertEquals(List.of(1, 2), reread.leaderAndIsr().isr());
        assertTrue(client.isrWriter().updateIsr(reread.withLeaderAndIsr(reread.leaderAndIsr().withIsr(List.of(1))))
            .succeeded());
        assertEquals(UpdateResult.Status.NO_NODE, client.isrWriter().updateIsr(
            new PartitionState(new TopicPartition("missing", 0), read.leaderAndIsr(), 0)).status());
    }

    @Test
    void shouldSayWhichPartitionStatesOfABatchHitABadVersion() {
        createTopic("batch", 3);
        Map<Integer, PartitionState> states = client.reader().partitionStates("batch");
        PartitionState p1 = states.get(1);
        client.isrWriter().updateIsr(p1.withLeaderAndIsr(p1.leaderAndIsr().withIsr(List.of(1))));

        Map<TopicPartition, UpdateResult> results = client.controllerWriter().updatePartitionStates(epoch,
            states.values().stream().map(s -> s.withLeaderAndIsr(s.leaderAndIsr().newLeader(2, List.of(2, 3),
                epoch.epoch()))).toList());

        assertEquals(UpdateResult.updated(1), results.get(new TopicPartition("batch", 0)));
        assertEquals(UpdateResult.Status.BAD_VERSION, results.get(new TopicPartition("batch", 1)).status());
        assertEquals(UpdateResult.updated(1), results.get(new TopicPartition("batch", 2)));
        assertEquals(2, client.reader().partitionState(new TopicPartition("batch", 2)).orElseThrow()
            .leaderAndIsr().leader());
    }

    @Test
    void shouldAddPartitionsOnlyOverTheExpectedAssignmentVersion() {
        TopicAssignment current = createTopic("grow", 1);
        Map<Integer, List<Integer>> added = Map.of(1, List.of(2, 3));
        Map<Integer, LeaderAndIsr> addedStates = Map.of(1, new LeaderAndIsr(2, 0, List.of(2, 3), epoch.epoch()));

        assertTrue(client.controllerWriter().addPartitions(epoch, current, added, addedStates).succeeded());
        assertEquals(UpdateResult.Status.BAD_VERSION,
            client.controllerWriter().addPartitions(epoch, current, Map.of(1, List.of(1)), addedStates).status());
        TopicAssignment grown = client.reader().topicAssignment("grow").orElseThrow();
        assertEquals(2, grown.partitionCount());
        assertEquals(List.of(2, 3), grown.replicas(1));
        assertEquals(1, grown.zkVersion());
        assertThrows(IllegalArgumentException.class, () -> client.controllerWriter()
            .addPartitions(epoch, grown, Map.of(5, List.of(1)), Map.of(5, addedStates.get(1))));
    }

    @Test
    void shouldKeepATopicsIdThroughEveryRewriteOfItsAssignment() {
        TopicAssignment created = createTopic("kept-id", 1);
        assertTrue(created.hasTopicId());
        assertEquals(created.topicId(), client.reader().topicAssignment("kept-id").orElseThrow().topicId());

        assertTrue(client.controllerWriter().addPartitions(epoch, created, Map.of(1, List.of(2, 3)),
            Map.of(1, new LeaderAndIsr(2, 0, List.of(2, 3), epoch.epoch()))).succeeded());
        TopicAssignment grown = client.reader().topicAssignment("kept-id").orElseThrow();
        assertEquals(created.topicId(), grown.topicId(), "kept when partitions are added");

        assertTrue(client.controllerWriter().updateAssignment(epoch,
            grown.withPartitions(Map.of(0, List.of(3, 2, 1), 1, List.of(2, 3)))).succeeded());
        assertEquals(created.topicId(), client.reader().topicAssignment("kept-id").orElseThrow().topicId(),
            "kept when replicas are reassigned");
        assertThrows(IllegalArgumentException.class, () -> client.controllerWriter().assignTopicId(epoch, grown),
            "a topic with an id is never given another");
    }

    @Test
    void shouldGiveATopicWithoutAnIdOneOverTheExpectedVersionOnly() {
        TopicAssignment created = createTopic("legacy", 1);
        TopicAssignment withoutId = new TopicAssignment("legacy", created.partitions(), created.zkVersion());
        assertTrue(client.controllerWriter().updateAssignment(epoch, withoutId).succeeded());
        TopicAssignment legacy = client.reader().topicAssignment("legacy").orElseThrow();
        assertFalse(legacy.hasTopicId(), "written as version 1, as before topic ids");

        assertTrue(client.controllerWriter().assignTopicId(epoch, legacy).succeeded());
        TopicAssignment given = client.reader().topicAssignment("legacy").orElseThrow();
        assertTrue(given.hasTopicId());
        assertNotEquals(created.topicId(), given.topicId());
        assertEquals(UpdateResult.Status.BAD_VERSION, client.controllerWriter().assignTopicId(epoch, legacy).status(),
            "a second writer over the old version loses");
        assertEquals(given.topicId(), client.reader().topicAssignment("legacy").orElseThrow().topicId());
    }

    @Test
    void shouldDeleteEveryZnodeOfATopic() {
        createTopic("doomed", 2);
        assertTrue(client.adminWriter().requestTopicDeletion("doomed"));
        assertFalse(client.adminWriter().requestTopicDeletion("doomed"));
        assertEquals(Set.of("doomed"), client.reader().pendingTopicDeletions());

        assertTrue(client.controllerWriter().deleteTopic(epoch, "doomed"));

        assertEquals(Optional.empty(), client.reader().topicAssignment("doomed"));
        assertEquals(Map.of(), client.reader().partitionStates("doomed"));
        assertEquals(TopicConfig.NO_NODE, client.reader().topicConfig("doomed").zkVersion());
        assertEquals(Set.of(), client.reader().pendingTopicDeletions());
        assertFalse(client.controllerWriter().deleteTopic(epoch, "doomed"));
    }

    @Test
    void shouldWriteTopicConfigConditionally() {
        assertEquals(UpdateResult.updated(0), client.adminWriter().updateTopicConfig("cfg",
            Map.of("cleanup.policy", "compact"), TopicConfig.NO_NODE));
        assertEquals(UpdateResult.Status.BAD_VERSION, client.adminWriter().updateTopicConfig("cfg",
            Map.of(), TopicConfig.NO_NODE).status());
        assertEquals(UpdateResult.updated(1), client.adminWriter().updateTopicConfig("cfg",
            Map.of("cleanup.policy", "delete"), 0));
        assertEquals(new TopicConfig("cfg", Map.of("cleanup.policy", "delete"), 1), client.reader().topicConfig("cfg"));
    }

    @Test
    void shouldKeepOneReassignmentPendingUntilTheControllerClearsIt() {
        Map<TopicPartition, List<Integer>> targets = Map.of(new TopicPartition("moving", 0), List.of(3, 4));
        client.adminWriter().requestReassignment(targets);
        assertThrows(ReassignmentInProgressException.class, () -> client.adminWriter().requestReassignment(targets));
        PendingReassignment pending = client.reader().pendingReassignment().orElseThrow();
        assertEquals(targets, pending.targets());

        assertEquals(UpdateResult.Status.BAD_VERSION,
            client.controllerWriter().deleteReassignment(epoch, pending.zkVersion() + 1).status());
        assertTrue(client.controllerWriter().deleteReassignment(epoch, pending.zkVersion()).succeeded());
        assertEquals(Optional.empty(), client.reader().pendingReassignment());
    }

    @Test
    void shouldCreateRewriteAndDeleteTheReassignmentWithItsOriginalReplicas() {
        TopicPartition tp = new TopicPartition("moving", 1);
        PendingReassignment desired = new PendingReassignment(Map.of(tp, List.of(2, 3)), Map.of(tp, List.of(1, 2)),
            PendingReassignment.NO_NODE);
        UpdateResult created = client.controllerWriter().writeReassignment(epoch, desired, PendingReassignment.NO_NODE);
        assertTrue(created.succeeded());
        assertEquals(UpdateResult.Status.BAD_VERSION,
            client.controllerWriter().writeReassignment(epoch, desired, PendingReassignment.NO_NODE).status());
        PendingReassignment read = client.reader().pendingReassignment().orElseThrow();
        assertEquals(desired.targets(), read.targets());
        assertEquals(desired.originals(), read.originals());

        PendingReassignment retargeted = new PendingReassignment(Map.of(tp, List.of(3)), Map.of(tp, List.of(1, 2)),
            read.zkVersion());
        assertTrue(client.controllerWriter().writeReassignment(epoch, retargeted, read.zkVersion()).succeeded());
        PendingReassignment again = client.reader().pendingReassignment().orElseThrow();
        assertEquals(List.of(3), again.targets().get(tp));
        assertTrue(client.controllerWriter().writeReassignment(epoch,
            new PendingReassignment(Map.of(), again.zkVersion()), again.zkVersion()).succeeded());
        assertEquals(Optional.empty(), client.reader().pendingReassignment());
    }

    @Test
    void shouldQueueIsrChangeNotificationsInOrderForTheController() {
        TopicPartition a = new TopicPartition("n", 0);
        TopicPartition b = new TopicPartition("n", 1);
        String first = client.isrWriter().notifyIsrChange(Set.of(a));
        String second = client.isrWriter().notifyIsrChange(Set.of(a, b));

        List<IsrChangeNotification> pending = client.reader().isrChangeNotifications();
        assertEquals(List.of(new IsrChangeNotification(first, Set.of(a)), new IsrChangeNotification(second, Set.of(a, b))),
            pending);

        client.controllerWriter().deleteIsrChangeNotifications(epoch, List.of(first, "isr_change_9999999999", second));
        assertEquals(List.of(), client.reader().isrChangeNotifications());
    }

    @Test
    void shouldCreateTheChrootAndKeepTheLayoutUnderIt() throws Exception {
        createTopic("rooted", 1);
        assertNotNull(client.access().curator().usingNamespace(null).checkExists()
            .forPath("/zkafka/brokers/topics/rooted/partitions/0/state"));
        assertNotNull(client.access().curator().usingNamespace(null).checkExists().forPath("/zkafka/controller_epoch"));
    }
}
