package io.zkafka.broker.replica;

import static io.zkafka.broker.replica.ReplicaFixture.batch;
import static io.zkafka.broker.replica.ReplicaFixture.batches;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkafka.common.TopicPartition;
import io.zkafka.coordination.LeaderAndIsr;
import io.zkafka.storage.Log;
import io.zkafka.storage.LogConfig;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(30)
class PartitionTest {
    private static final int ME = 1;
    private static final long LAG_MAX_MS = 10_000;
    private static final short ACKS_ONE = 1;
    private static final short ACKS_ALL = -1;

    @TempDir
    Path dir;
    private final AtomicLong clock = new AtomicLong(1_000_000);
    private final AtomicInteger minIsr = new AtomicInteger(1);
    private Log log;
    private Partition partition;
    private int zkVersion;

    @BeforeEach
    void openPartition() throws Exception {
        log = Log.open(dir.resolve("t-0"), LogConfig.defaults(), 0, 0, true, clock::get);
        partition = new Partition(new TopicPartition("t", 0), log, ME, minIsr::get, clock::get);
    }

    @AfterEach
    void closeLog() throws Exception {
        log.close();
    }

    private void lead(int epoch, List<Integer> isr) {
        assertTrue(partition.applyLeaderState(new LeaderAndIsr(ME, epoch, isr, 1), zkVersion++, List.of(1, 2, 3)));
    }

    private long append(int records) throws Exception {
        return partition.appendAsLeader(batch(records, 10), ACKS_ONE).info().lastOffset() + 1;
    }

    @Test
    void shouldMoveTheHighWatermarkToTheSmallestLogEndOfTheIsr() throws Exception {
        lead(1, List.of(1, 2, 3));
        long end = append(5);
        assertEquals(0, partition.highWatermark());

        assertFalse(partition.onFollowerFetch(2, end, -1L).highWatermarkMoved());
        assertEquals(0, partition.highWatermark(), "follower 3 has not been heard from this term");
        assertTrue(partition.onFollowerFetch(3, 2, -1L).highWatermarkMoved());
        assertEquals(2, partition.highWatermark());
        assertFalse(partition.onFollowerFetch(3, 2, -1L).highWatermarkMoved(), "nothing new");
        assertTrue(partition.onFollowerFetch(3, end, -1L).highWatermarkMoved());
        assertEquals(end, partition.highWatermark());
    }

    @Test
    void shouldAnswerTheLowestLogStartOfTheLeaderAndTheInSyncFollowersAsTheLowWatermark() throws Exception {
        lead(1, List.of(1, 2));
        long end = append(10);
        partition.onFollowerFetch(2, end, -1L);
        log.deleteRecordsBefore(6);
        assertEquals(0, partition.lowWatermark(), "follower 2 has not said where its log starts");
        assertTrue(partition.onFollowerFetch(2, end, 4L).lowWatermarkMayHaveMoved());
        assertEquals(4, partition.lowWatermark());
        assertFalse(partition.onFollowerFetch(3, end, 0L).lowWatermarkMayHaveMoved());
        assertEquals(4, partition.lowWatermark(), "follower 3 is not in the ISR");
        assertFalse(partition.onFollowerFetch(2, end, 4L).lowWatermarkMayHaveMoved(), "the same log start");
        assertTrue(partition.onFollowerFetch(2, end, 6L).lowWatermarkMayHaveMoved());
        assertEquals(6, partition.lowWatermark(), "every in-sync replica deleted up to the leader's log start");
        assertFalse(partition.onFollowerFetch(2, end, -1L).lowWatermarkMayHaveMoved());
        assertEquals(6, partition.lowWatermark(), "a fetch that does not say keeps what the follower said before");
    }

    @Test
    void shouldNotMoveTheHighWatermarkForAFollowerOutsideTheIsr() throws Exception {
        lead(1, List.of(1, 2));
        long end = append(5);
        assertTrue(partition.onFollowerFetch(3, 0, -1L).isrToWrite().isPresent(), "at the high watermark: it may join");
        partition.onIsrWriteFailed(); // ... but its expansion is not written
        partition.onFollowerFetch(2, 3, -1L);
        assertEquals(3, partition.highWatermark(), "follower 3 at 0 does not hold the watermark back");
    }

    @Test
    void shouldShrinkTheIsrOnlyAfterTheLagTimeHasPassed() throws Exception {
        lead(1, List.of(1, 2, 3));
        long end = append(5);
        partition.onFollowerFetch(2, end, -1L);
        partition.onFollowerFetch(3, 1, -1L);

        clock.addAndGet(LAG_MAX_MS);
        partition.onFollowerFetch(2, end, -1L);
        assertEquals(Optional.empty(), partition.isrToShrinkTo(LAG_MAX_MS), "lagging for exactly the limit is allowed");

        clock.addAndGet(1);
        partition.onFollowerFetch(2, end, -1L);
        assertEquals(Optional.of(List.of(1, 2)), partition.isrToShrinkTo(LAG_MAX_MS));
        assertEquals(Optional.empty(), partition.isrToShrinkTo(LAG_MAX_MS), "one ISR change at a time");

        Partition.WriteIntent intent = partition.isrWriteIntent(List.of(1, 2)).orElseThrow();
        assertEquals(zkVersion - 1, intent.expectedZkVersion());
        partition.onIsrWritten(intent, zkVersion);
        assertEquals(List.of(1, 2), partition.isr());
        assertEquals(end, partition.highWatermark(), "without the laggard the watermark reaches follower 2");
    }

    @Test
    void shouldKeepAFollowerThatKeepsCatchingUpToTheLogEnd() throws Exception {
        lead(1, List.of(1, 2));
        for (int i = 0; i < 5; i++) {
            long end = append(1);
            clock.addAndGet(LAG_MAX_MS / 2);
            partition.onFollowerFetch(2, end, -1L);
        }
        clock.addAndGet(LAG_MAX_MS / 2);
        assertEquals(Optional.empty(), partition.isrToShrinkTo(LAG_MAX_MS));
    }

    @Test
    void shouldExpandTheIsrWhenAFollowerReachesTheHighWatermarkAndTheEpochStart() throws Exception {
        lead(1, List.of(1, 2));
        long end = append(5);
        partition.onFollowerFetch(2, 3, -1L);
        assertEquals(3, partition.highWatermark());

        assertEquals(Optional.empty(), partition.onFollowerFetch(3, 2, -1L).isrToWrite(), "below the high watermark");
        assertEquals(Optional.of(List.of(1, 2, 3)), partition.onFollowerFetch(3, 3, -1L).isrToWrite());
        assertEquals(Optional.empty(), partition.onFollowerFetch(3, end, -1L).isrToWrite(), "the expansion is being written");

        Partition.WriteIntent intent = partition.isrWriteIntent(List.of(1, 2, 3)).orElseThrow();
        partition.onIsrWritten(intent, zkVersion);
        assertEquals(List.of(1, 2, 3), partition.isr());
    }

    @Test
    void shouldCountAJoiningFollowerForTheHighWatermarkWhileItsExpansionIsWritten() throws Exception {
        lead(1, List.of(1, 2));
        append(5);
        partition.onFollowerFetch(2, 5, -1L);
        assertEquals(Optional.of(List.of(1, 2, 3)), partition.onFollowerFetch(3, 5, -1L).isrToWrite());
        long end = append(5);

        partition.onFollowerFetch(2, end, -1L);

        assertEquals(5, partition.highWatermark(), "follower 3 may be elected once the expansion lands: wait for it");
        partition.onFollowerFetch(3, 7, -1L);
        assertEquals(7, partition.highWatermark());
        partition.onIsrWriteFailed();
        partition.onFollowerFetch(2, end, -1L);
        assertEquals(end, partition.highWatermark(), "a failed expansion counts no more");
    }

    @Test
    void shouldNotExpandTheIsrWithAFollowerBelowTheStartOfTheLeaderEpoch() throws Exception {
        lead(1, List.of(1, 2));
        append(5);
        partition.onFollowerFetch(2, 2, -1L);
        lead(2, List.of(1, 2)); // a new term starts at offset 5, the watermark stays at 2
        assertEquals(2, partition.highWatermark());

        assertEquals(Optional.empty(), partition.onFollowerFetch(3, 3, -1L).isrToWrite(), "above the watermark, below the epoch start");
        assertEquals(Optional.of(List.of(1, 2, 3)), partition.onFollowerFetch(3, 5, -1L).isrToWrite());
    }

    @Test
    void shouldFreezeTheHighWatermarkAndRefuseAcksAllBelowMinIsr() throws Exception {
        minIsr.set(2);
        lead(1, List.of(1));
        long end = append(3);
        assertEquals(0, partition.highWatermark(), "alone in the ISR, below min.insync.replicas=2");
        assertTrue(partition.isUnderMinIsr());
        NotEnoughReplicasException refused = assertThrows(NotEnoughReplicasException.class,
            () -> partition.appendAsLeader(batch(1, 10), ACKS_ALL));
        assertTrue(refused.getMessage().contains("min.insync.replicas=2"), refused.getMessage());
        assertEquals(end, partition.logEndOffset(), "the refused batch was not written");

        partition.onFollowerFetch(2, end, -1L);
        lead(1, List.of(1, 2)); // the ISR expansion came back from ZooKeeper (same epoch, newer version)
        assertFalse(partition.isUnderMinIsr());
        assertEquals(end, partition.highWatermark());
        partition.appendAsLeader(batch(1, 10), ACKS_ALL);
    }

    @Test
    void shouldRefuseAppendsWhenFollowing() {
        assertTrue(partition.applyFollowerState(new LeaderAndIsr(2, 1, List.of(1, 2), 1), zkVersion++, List.of(1, 2)));
        assertThrows(NotLeaderException.class, () -> partition.appendAsLeader(batch(1, 10), ACKS_ONE));
        assertEquals(Optional.empty(), partition.onFollowerFetch(3, 0, -1L).isrToWrite(), "a follower tracks no followers");
    }

    @Test
    void shouldIgnoreStatesOfAnOlderLeaderEpoch() {
        lead(5, List.of(1, 2));
        assertFalse(partition.applyLeaderState(new LeaderAndIsr(ME, 4, List.of(1), 1), zkVersion++, List.of(1, 2)));
        assertFalse(partition.applyFollowerState(new LeaderAndIsr(2, 4, List.of(2), 1), zkVersion++, List.of(1, 2)));
        assertTrue(partition.isLeader());
        assertEquals(5, partition.leaderEpoch());
        assertEquals(List.of(1, 2), partition.isr());
    }

    @Test
    void shouldPlaceTheLogEndAndHighWatermarkInTheTermsAppendedBytes() throws Exception {
        lead(1, List.of(1, 2));
        OffsetPosition start = partition.endPosition();
        assertEquals(0, start.bytes());
        assertEquals(start, partition.highWatermarkPosition());

        ByteBuffer first = batch(2, 100);
        ByteBuffer second = batch(3, 50);
        ByteBuffer third = batch(1, 10);
        int firstSize = first.remaining();
        int secondSize = second.remaining();
        int thirdSize = third.remaining();
        partition.appendAsLeader(batches(first, second), ACKS_ONE);
        partition.appendAsLeader(third, ACKS_ONE);
        assertEquals(new OffsetPosition(6, start.term(), firstSize + secondSize + thirdSize), partition.endPosition());

        partition.onFollowerFetch(2, 2, -1L); // the end of the first batch of a two-batch append
        assertEquals(new OffsetPosition(2, start.term(), firstSize), partition.highWatermarkPosition());
        partition.onFollowerFetch(2, 6, -1L);
        assertEquals(partition.endPosition(), partition.highWatermarkPosition());
    }

    @Test
    void shouldStartANewTermOnEveryChangeOfRole() throws Exception {
        lead(1, List.of(1, 2));
        append(2);
        long firstTerm = partition.endPosition().term();
        assertTrue(partition.applyFollowerState(new LeaderAndIsr(2, 2, List.of(1, 2), 1), zkVersion++, List.of(1, 2)));
        lead(3, List.of(1, 2));
        OffsetPosition end = partition.endPosition();
        assertTrue(end.term() > firstTerm);
        assertEquals(new OffsetPosition(2, end.term(), 0), end);
        assertFalse(partition.highWatermarkPosition().isKnown(),
            "the watermark (0) lies below this term's appends: its position is unknown");
    }
}
