package io.zkafka.broker.replica;

import static io.zkafka.broker.replica.ReplicaFixture.ME;
import static io.zkafka.broker.replica.ReplicaFixture.UNREGISTERED_BROKER;
import static io.zkafka.broker.replica.ReplicaFixture.batch;
import static io.zkafka.broker.replica.ReplicaFixture.epochOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkafka.common.TopicPartition;
import io.zkafka.common.protocol.Errors;
import io.zkafka.coordination.BrokerInfo;
import io.zkafka.coordination.LeaderAndIsr;
import io.zkafka.coordination.PartitionState;
import io.zkafka.coordination.ClusterSnapshot;
import io.zkafka.coordination.TopicAssignment;
import io.zkafka.coordination.TopicConfig;
import io.zkafka.storage.RecordBatchTooLargeException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(30)
class ReplicaManagerTest {
    private static final long LAG_MAX_MS = 10_000;
    private static final short ACKS_ONE = 1;

    @TempDir
    Path dir;
    private ReplicaFixture fixture;

    @BeforeEach
    void start() throws Exception {
        fixture = new ReplicaFixture(dir, LAG_MAX_MS, 1);
    }

    @AfterEach
    void stop() throws Exception {
        fixture.close();
    }

    /** ISR writes run on the replica manager's own thread: wait for them with a deadline. */
    private static void waitFor(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Timed out waiting for " + what);
            }
            Thread.sleep(5);
        }
    }

    @Test
    void shouldLeadAPartitionWhoseStateNamesThisBroker() throws Exception {
        TopicPartition tp = fixture.createTopic("t", List.of(ME, 2, 3), ME, List.of(ME, 2, 3), 7);
        Partition partition = fixture.partition(tp);
        assertTrue(partition.isLeader());
        assertEquals(7, partition.leaderEpoch());
        assertEquals(List.of(ME, 2, 3), partition.isr());
        assertTrue(Files.isDirectory(dir.resolve("t-0")), "its log was created");
        assertEquals(7, partition.log().latestEpoch(), "the epoch's start is recorded for followers' truncation");
        partition.appendAsLeader(batch(2, 10), ACKS_ONE);
        assertEquals(2, partition.logEndOffset());
    }

    @Test
    void shouldCreateANewLogUnderTheStoredTopicConfigWhenItsPartitionStateArrivesFirst() throws Exception {
        // the controller wrote the config with the topic; the watcher delivers the config znode last
        fixture.undeliveredTopicConfigs.put("small", new TopicConfig("small", Map.of("max.message.bytes", "1500",
            "min.insync.replicas", "2"), 0));

        TopicPartition tp = fixture.createTopic("small", List.of(ME, 2, 3), ME, List.of(ME), 1);

        Partition partition = fixture.partition(tp);
        assertEquals(1500, partition.log().config().maxMessageBytes(), "created under the stored config");
        assertEquals("2", fixture.metadata.image().topicOverrides("small").get("min.insync.replicas"));
        assertThrows(RecordBatchTooLargeException.class, () -> partition.appendAsLeader(batch(20, 100), ACKS_ONE),
            "a 2 KB batch is above the topic's max.message.bytes from the first produce on");
        assertThrows(NotEnoughReplicasException.class, () -> partition.appendAsLeader(batch(1, 10), (short) -1),
            "acks=all counts the topic's min.insync.replicas, not the broker default of 1");
        assertEquals(0, partition.logEndOffset());
    }

    @Test
    void shouldCreateTheLogsOfATopicDeliveredAtOnceUnderItsStoredConfigReadOnce() throws Exception {
        fixture.undeliveredTopicConfigs.put("wide", new TopicConfig("wide", Map.of("max.message.bytes", "1500"), 0));

        List<TopicPartition> created = fixture.createTopicAtOnce("wide", 8);

        for (TopicPartition tp : created) {
            assertEquals(1500, fixture.partition(tp).log().config().maxMessageBytes(), tp + " created under the stored config");
        }
        assertEquals(1, fixture.storedConfigReads.get("wide"), "one ZooKeeper read for the topic, not one per partition");
    }

    @Test
    void shouldApplyTopicConfigsChangedWhileDisconnectedToOpenLogsOnTheNextSnapshot() throws Exception {
        TopicPartition tp = fixture.createTopic("t", List.of(ME), ME, List.of(ME), 1);
        TopicConfig changed = new TopicConfig("t", Map.of("max.message.bytes", "1500"), 1);
        ClusterSnapshot snapshot = new ClusterSnapshot(Map.of(), Map.of("t", new ClusterSnapshot.TopicSnapshot(
            new TopicAssignment("t", Map.of(0, List.of(ME)), 0),
            Map.of(0, new PartitionState(tp, new LeaderAndIsr(ME, 1, List.of(ME), 1), 0)), changed)), Set.of());

        fixture.metadata.onSnapshot(snapshot);
        fixture.replicas.onSnapshot(snapshot);

        assertEquals(1500, fixture.partition(tp).log().config().maxMessageBytes());
    }

    @Test
    void shouldFollowAPartitionLedElsewhereAndRefuseAppendsToIt() throws Exception {
        TopicPartition tp = fixture.createTopic("t", List.of(UNREGISTERED_BROKER, ME), UNREGISTERED_BROKER,
            List.of(UNREGISTERED_BROKER, ME), 3);
        Partition partition = fixture.partition(tp);
        assertFalse(partition.isLeader());
        assertEquals(UNREGISTERED_BROKER, partition.leaderId());
        assertThrows(NotLeaderException.class, () -> partition.appendAsLeader(batch(1, 10), ACKS_ONE));
    }

    @Test
    void shouldSwitchRolesWithEachNewLeaderEpoch() throws Exception {
        TopicPartition tp = fixture.createTopic("t", List.of(ME, UNREGISTERED_BROKER), ME, List.of(ME), 1);
        Partition partition = fixture.partition(tp);
        partition.appendAsLeader(batch(3, 10), ACKS_ONE);

        fixture.setState(tp, UNREGISTERED_BROKER, List.of(UNREGISTERED_BROKER), 2);
        assertFalse(partition.isLeader());
        assertEquals(2, partition.leaderEpoch());

        fixture.setState(tp, ME, List.of(ME), 3);
        assertTrue(partition.isLeader());
        assertEquals(3, partition.leaderEpoch());
        assertEquals(3, partition.log().endOffsetForEpoch(2).endOffset(), "epoch 3 starts where the log ended");
    }

    @Test
    void shouldIgnoreAStateFromAnOlderControllerEpoch() {
        TopicPartition tp = fixture.createTopic("t", List.of(ME, 2), ME, List.of(ME, 2), 1);
        PartitionState newer = new PartitionState(tp, new LeaderAndIsr(ME, 2, List.of(ME, 2), 5), 7);
        fixture.metadata.onPartitionStateChanged(newer);
        fixture.replicas.onPartitionStateChanged(newer);
        PartitionState stale = new PartitionState(tp, new LeaderAndIsr(2, 3, List.of(2), 4), 8);
        fixture.replicas.onPartitionStateChanged(stale);
        assertTrue(fixture.partition(tp).isLeader());
        assertEquals(2, fixture.partition(tp).leaderEpoch());
    }

    @Test
    void shouldIgnoreAStateOfAnOlderLeaderEpoch() {
        TopicPartition tp = fixture.createTopic("t", List.of(ME, 2), ME, List.of(ME, 2), 5);
        fixture.setState(tp, 2, List.of(2), 4);
        assertTrue(fixture.partition(tp).isLeader(), "a fenced (older) leader epoch changes nothing");
        assertEquals(5, fixture.partition(tp).leaderEpoch());
    }

    @Test
    void shouldExplainWhyAPartitionIsNotHostedHere() {
        fixture.createTopic("elsewhere", List.of(2, 3), 2, List.of(2, 3), 1);
        assertTrue(fixture.replicas.partition(new TopicPartition("elsewhere", 0)).isEmpty());
        assertEquals(Errors.NOT_LEADER_OR_FOLLOWER, fixture.replicas.errorForMissingPartition(new TopicPartition("elsewhere", 0)));
        assertEquals(Errors.UNKNOWN_TOPIC_OR_PARTITION, fixture.replicas.errorForMissingPartition(new TopicPartition("elsewhere", 1)));
        assertEquals(Errors.UNKNOWN_TOPIC_OR_PARTITION, fixture.replicas.errorForMissingPartition(new TopicPartition("nothere", 0)));
        fixture.setState(new TopicPartition("elsewhere", 0), LeaderAndIsr.NO_LEADER, List.of(2), 2);
        assertEquals(Errors.LEADER_NOT_AVAILABLE, fixture.replicas.errorForMissingPartition(new TopicPartition("elsewhere", 0)));
    }

    @Test
    void shouldWriteAnIsrExpansionWhenAFollowerCatchesUp() throws Exception {
        TopicPartition tp = fixture.createTopic("t", List.of(ME, 2, 3), ME, List.of(ME, 2), 1);
        Partition partition = fixture.partition(tp);
        long end = partition.appendAsLeader(batch(4, 10), ACKS_ONE).info().lastOffset() + 1;
        fixture.replicas.onFollowerFetch(partition, 2, epochOf(2), end, -1L);
        assertEquals(end, partition.highWatermark());

        fixture.replicas.onFollowerFetch(partition, 3, epochOf(3), end, -1L);
        waitFor(() -> partition.isr().size() == 3, "the expansion to be written and adopted");
        PartitionState written = fixture.isrStore.writes.get(0);
        assertEquals(new LeaderAndIsr(ME, 1, List.of(ME, 2, 3), 1), written.leaderAndIsr());
        assertEquals(0, written.zkVersion(), "conditional on the version this leader saw");
        waitFor(() -> !fixture.isrStore.notifications.isEmpty(), "the controller to be told");
        assertEquals(Set.of(tp), fixture.isrStore.notifications.get(0));
    }

    @Test
    void shouldWriteAnIsrShrinkOnceAFollowerLagsPastTheLimit() throws Exception {
        TopicPartition tp = fixture.createTopic("t", List.of(ME, 2, 3), ME, List.of(ME, 2, 3), 1);
        Partition partition = fixture.partition(tp);
        long end = partition.appendAsLeader(batch(4, 10), ACKS_ONE).info().lastOffset() + 1;
        fixture.replicas.onFollowerFetch(partition, 2, epochOf(2), end, -1L);
        fixture.replicas.onFollowerFetch(partition, 3, epochOf(3), 1, -1L);

        fixture.timer.advance(LAG_MAX_MS);
        fixture.replicas.onFollowerFetch(partition, 2, epochOf(2), end, -1L);
        fixture.replicas.shrinkLaggingIsrs();
        assertTrue(fixture.isrStore.writes.isEmpty(), "not yet past replica.lag.time.max.ms");

        fixture.timer.advance(1);
        fixture.replicas.onFollowerFetch(partition, 2, epochOf(2), end, -1L);
        fixture.replicas.shrinkLaggingIsrs();
        // the periodic check on the ISR thread may have made the same decision a moment earlier
        waitFor(() -> partition.isr().equals(List.of(ME, 2)), "the shrink to be written and adopted");
        assertEquals(1, fixture.isrStore.writes.size());
        assertEquals(List.of(ME, 2), fixture.isrStore.writes.get(0).leaderAndIsr().isr());
        assertEquals(end, partition.highWatermark(), "the watermark no longer waits for follower 3");
    }

    @Test
    void shouldNotPutABrokerThatLeftBackInTheIsr() throws Exception {
        TopicPartition tp = fixture.createTopic("t", List.of(ME, UNREGISTERED_BROKER), ME, List.of(ME), 1);
        Partition partition = fixture.partition(tp);
        fixture.replicas.onFollowerFetch(partition, UNREGISTERED_BROKER, BrokerInfo.UNKNOWN_EPOCH, 0, -1L); // refused here
        assertEquals(List.of(ME), partition.isr());
        assertTrue(fixture.isrStore.writes.isEmpty());
        assertTrue(partition.onFollowerFetch(UNREGISTERED_BROKER, 0, -1L).isrToWrite().isPresent(),
            "the refused expansion is not left in flight");
    }

    @Test
    void shouldIgnoreTheFetchesOfAReplacedIncarnation() throws Exception {
        TopicPartition tp = fixture.createTopic("t", List.of(ME, 2, 3), ME, List.of(ME, 2), 1);
        Partition partition = fixture.partition(tp);
        long end = partition.appendAsLeader(batch(4, 10), ACKS_ONE).info().lastOffset() + 1;
        fixture.reregister(2, epochOf(2) + 50);

        fixture.replicas.onFollowerFetch(partition, 2, epochOf(2), end, -1L);
        fixture.replicas.onFollowerFetch(partition, 3, epochOf(3) - 1, end, -1L);

        assertEquals(ReplicaManager.FollowerIncarnation.REPLACED, fixture.replicas.incarnationOf(2, epochOf(2)));
        assertEquals(0, partition.highWatermark(), "the old incarnation's offset does not count");
        assertEquals(List.of(ME, 2), partition.isr(), "an older epoch of broker 3 does not rejoin");
        assertTrue(fixture.isrStore.writes.isEmpty());
        fixture.replicas.onFollowerFetch(partition, 2, epochOf(2) + 50, end, -1L);
        assertEquals(end, partition.highWatermark(), "the registered incarnation's offset counts");
    }

    @Test
    void shouldNotLetAnIncarnationNotYetKnownRejoinTheIsr() throws Exception {
        TopicPartition tp = fixture.createTopic("t", List.of(ME, 2, 3), ME, List.of(ME, 2), 1);
        Partition partition = fixture.partition(tp);
        long end = partition.appendAsLeader(batch(4, 10), ACKS_ONE).info().lastOffset() + 1;
        fixture.replicas.onFollowerFetch(partition, 2, epochOf(2), end, -1L);

        fixture.replicas.onFollowerFetch(partition, 3, epochOf(3) + 7, end, -1L);
        fixture.replicas.onFollowerFetch(partition, 3, BrokerInfo.UNKNOWN_EPOCH, end, -1L);

        assertEquals(ReplicaManager.FollowerIncarnation.UNCONFIRMED, fixture.replicas.incarnationOf(3, epochOf(3) + 7));
        assertEquals(List.of(ME, 2), partition.isr());
        assertTrue(fixture.isrStore.writes.isEmpty());
        fixture.reregister(3, epochOf(3) + 7);
        fixture.replicas.onFollowerFetch(partition, 3, epochOf(3) + 7, end, -1L);
        waitFor(() -> partition.isr().size() == 3, "the known incarnation to rejoin");
    }

    @Test
    void shouldDropAPartitionReassignedAwayAndDeleteItsLog() throws Exception {
        TopicPartition tp = fixture.createTopic("t", List.of(ME, 2), ME, List.of(ME, 2), 1);
        TopicAssignment moved = new TopicAssignment("t", Map.of(0, List.of(2, 3)), 1);
        fixture.metadata.onTopicAssignmentChanged(moved);
        fixture.replicas.onTopicAssignmentChanged(moved);
        assertTrue(fixture.replicas.partition(tp).isEmpty());
        assertTrue(fixture.logManager.getLog(tp).isEmpty());
    }
}
