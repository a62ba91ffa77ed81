package io.zkafka.coordination;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkafka.common.TopicPartition;
import io.zkafka.coordination.internals.ZnodePaths;
import io.zkafka.test.TestUtils;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.curator.framework.CuratorFramework;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Topic creation in bulk against a real ZooKeeper: many topics and partitions in few pipelined
 * transactions. ZooKeeper gives every committed write request (a whole multi-op transaction) one
 * zxid, so the zxids used between two probe writes count the transactions a creation took.
 */
class BulkTopicCreationIT {
    @TempDir
    Path dir;
    private ZooKeeperTestHarness zk;
    private CoordinationClient client;
    private ControllerEpoch epoch;
    private int probes;

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

    private static TopicCreation creation(String topic, int partitions, ControllerEpoch epoch) {
        Map<Integer, List<Integer>> assignment = new TreeMap<>();
        Map<Integer, LeaderAndIsr> states = new TreeMap<>();
        for (int p = 0; p < partitions; p++) {
            int broker = 1 + p % 3;
            assignment.put(p, List.of(broker));
            states.put(p, new LeaderAndIsr(broker, 0, List.of(broker), epoch.epoch()));
        }
        return new TopicCreation(topic, assignment, states, Map.of("retention.ms", "60000"));
    }

    /** The zxid of a fresh write: every transaction committed before it has a smaller one. */
    private long zxidProbe() throws Exception {
        CuratorFramework curator = client.access().curator();
        String path = "/zxid-probe-" + probes++;
        curator.create().forPath(path);
        return curator.checkExists().forPath(path).getCzxid();
    }

    @Test
    void shouldCreateTenThousandPartitionsInOneTransactionPerTopic() throws Exception {
        List<TopicCreation> topics = new ArrayList<>();
        for (int t = 0; t < 100; t++) {
            topics.add(creation(String.format("bulk-%03d", t), 100, epoch));
        }
        long before = zxidProbe();
        long started = System.nanoTime();
        List<TopicCreation.Outcome> outcomes = client.controllerWriter().createTopics(epoch, topics);
        long tookMs = (System.nanoTime() - started) / 1_000_000;
        long transactions = zxidProbe() - before - 1;

        assertEquals(100, outcomes.size());
        outcomes.forEach(outcome -> assertTrue(outcome.created(), outcome.topic() + ": " + outcome.failure()));
        assertEquals(100, transactions, "one transaction per topic, not one per partition");
        ClusterSnapshot snapshot = client.reader().snapshot();
        assertEquals(100, snapshot.topics().size());
        int states = 0;
        for (ClusterSnapshot.TopicSnapshot topic : snapshot.topics().values()) {
            assertEquals(100, topic.assignment().partitions().size());
            assertEquals(Map.of("retention.ms", "60000"), topic.config().overrides());
            states += topic.partitionStates().size();
        }
        assertEquals(10_000, states);
        LeaderAndIsr state = snapshot.topics().get("bulk-042").partitionStates().get(7).leaderAndIsr();
        assertEquals(new LeaderAndIsr(2, 0, List.of(2), epoch.epoch()), state);
        // pipelined: about a round trip per topic batch, far below 20,000 sequential writes' worth
        assertTrue(tookMs < 30_000, "creation took " + tookMs + " ms");
    }

    @Test
    void shouldSplitATopicAboveTheTransactionBudgetAfterItsAssignmentCommitted() throws Exception {
        ControllerWriter smallBudget = new ControllerWriter(client.access(), client.reader(),
            new PipelinedCalls(client.access()), 16 * 1024);
        long before = zxidProbe();
        List<TopicCreation.Outcome> outcomes = smallBudget.createTopics(epoch, List.of(creation("wide", 1_000, epoch),
            creation("narrow", 3, epoch)));
        long transactions = zxidProbe() - before - 1;

        outcomes.forEach(outcome -> assertTrue(outcome.created(), outcome.topic() + ": " + outcome.failure()));
        assertTrue(transactions > 3 && transactions < 100, transactions + " transactions for 1,003 partitions");
        List<TopicPartition> wide = new ArrayList<>();
        for (int p = 0; p < 1_000; p++) {
            wide.add(new TopicPartition("wide", p));
        }
        assertEquals(1_000, client.reader().partitionStates(wide).size());
        assertEquals(3, client.reader().partitionStates("narrow").size());
    }

    @Test
    void shouldReportEachTopicsOutcomeAndFenceAStaleController() throws Exception {
        assertTrue(client.controllerWriter().createTopics(epoch, List.of(creation("first", 4, epoch))).get(0).created());
        List<TopicCreation.Outcome> outcomes = client.controllerWriter().createTopics(epoch,
            List.of(creation("first", 2, epoch), creation("second", 2, epoch)));
        assertInstanceOf(TopicExistsException.class, outcomes.get(0).failure());
        assertTrue(outcomes.get(1).created());
        assertEquals(4, client.reader().partitionStates("first").size(), "the existing topic is left as it was");

        ControllerEpoch stale = new ControllerEpoch(epoch.epoch(), epoch.zkVersion() + 1); // not the znode's version
        TopicCreation.Outcome fenced = client.controllerWriter().createTopics(stale,
            List.of(creation("third", 2, stale))).get(0);
        assertInstanceOf(ControllerMovedException.class, fenced.failure());
        assertTrue(client.reader().topicAssignment("third").isEmpty());
    }

    @Test
    void shouldCreateTheStatesAPredecessorLeftMissing() throws Exception {
        assertTrue(client.controllerWriter().createTopics(epoch, List.of(creation("half", 50, epoch))).get(0).created());
        CuratorFramework curator = client.access().curator();
        for (int p = 20; p < 50; p++) {
            curator.delete().forPath(ZnodePaths.partitionState(new TopicPartition("half", p)));
        }
        curator.delete().forPath(ZnodePaths.partition("half", 49));
        assertEquals(20, client.reader().partitionStates("half").size());

        int created = client.controllerWriter().createMissingPartitionStates(epoch, "half",
            creation("half", 50, epoch).initialStates());
        assertEquals(30, created);
        assertEquals(50, client.reader().partitionStates("half").size());
        assertEquals(0, client.controllerWriter().createMissingPartitionStates(epoch, "half",
            creation("half", 50, epoch).initialStates()));
    }
}
