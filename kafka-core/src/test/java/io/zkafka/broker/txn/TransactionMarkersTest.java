package io.zkafka.broker.txn;

import static io.zkafka.broker.txn.TxnFixture.BACKOFF_MS;
import static io.zkafka.broker.txn.TxnFixture.FIRST_PRODUCER_ID;
import static io.zkafka.broker.txn.TxnFixture.ORDERS_0;
import static io.zkafka.broker.txn.TxnFixture.ORDERS_1;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkafka.common.TopicPartition;
import io.zkafka.common.protocol.Errors;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Markers reach every partition of a transaction, whatever the leaders answer on the way: failed
 * partitions are sent again after the backoff, a leaderless one once it has a leader, a deleted one
 * needs none; the completion is written only when the last marker is.
 */
class TransactionMarkersTest {

    private static TxnFixture committing(TopicPartition... partitions) {
        TxnFixture f = new TxnFixture();
        f.init();
        f.add(FIRST_PRODUCER_ID, (short) 0, partitions);
        f.end(FIRST_PRODUCER_ID, (short) 0, true);
        return f;
    }

    @Test
    void shouldResendOnlyThePartitionsThatFailedAfterTheBackoff() {
        TxnFixture f = new TxnFixture();
        f.markers.failNext(ORDERS_1, Errors.NOT_LEADER_OR_FOLLOWER);
        f.init();
        f.add(FIRST_PRODUCER_ID, (short) 0, ORDERS_0, ORDERS_1);
        f.end(FIRST_PRODUCER_ID, (short) 0, true);
        f.runPending();
        assertEquals(TransactionState.PREPARE_COMMIT, f.state());
        assertEquals(1, f.markers.sent().size());
        f.time.advance(BACKOFF_MS - 1);
        assertEquals(1, f.markers.sent().size(), "not before the backoff");
        f.time.advance(1);
        assertEquals(2, f.markers.sent().size());
        assertEquals(List.of(ORDERS_1), f.markers.sent().get(1).marker().partitions());
        assertEquals(TransactionState.COMPLETE_COMMIT, f.state());
    }

    @Test
    void shouldKeepRetryingThroughLostConnectionsAndTooFewReplicas() {
        TxnFixture f = new TxnFixture();
        f.markers.failNext(ORDERS_0, Errors.NOT_ENOUGH_REPLICAS);
        f.markers.failNext(ORDERS_0, Errors.REQUEST_TIMED_OUT);
        f.markers.failNext(ORDERS_0, Errors.UNKNOWN_TOPIC_OR_PARTITION);
        f.init();
        f.add(FIRST_PRODUCER_ID, (short) 0, ORDERS_0);
        f.end(FIRST_PRODUCER_ID, (short) 0, false);
        f.time.advance(BACKOFF_MS * 3);
        assertEquals(4, f.markers.sent().size());
        assertEquals(TransactionState.COMPLETE_ABORT, f.state());
    }

    @Test
    void shouldWaitForALeaderAndSkipADeletedTopic() {
        TxnFixture f = new TxnFixture();
        TopicPartition deleted = new TopicPartition("gone", 0);
        f.markers.setLeader(ORDERS_0, MarkerTransport.NO_LEADER);
        f.markers.setLeader(deleted, MarkerTransport.NO_SUCH_PARTITION);
        f.init();
        f.add(FIRST_PRODUCER_ID, (short) 0, ORDERS_0, deleted);
        f.end(FIRST_PRODUCER_ID, (short) 0, true);
        f.time.advance(BACKOFF_MS * 5);
        assertTrue(f.markers.sent().isEmpty(), "no leader: nothing to send to");
        assertEquals(TransactionState.PREPARE_COMMIT, f.state());
        f.markers.setLeader(ORDERS_0, 3);
        f.time.advance(BACKOFF_MS);
        assertEquals(3, f.markers.sent().get(0).brokerId());
        assertEquals(List.of(ORDERS_0), f.markers.sent().get(0).marker().partitions());
        assertEquals(TransactionState.COMPLETE_COMMIT, f.state());
    }

    @Test
    void shouldStopWhenALeaderSaysTheCoordinatorIsFencedAndLeaveTheDecisionInTheLog() {
        TxnFixture f = new TxnFixture();
        f.markers.failNext(ORDERS_0, Errors.TRANSACTION_COORDINATOR_FENCED);
        f.init();
        f.add(FIRST_PRODUCER_ID, (short) 0, ORDERS_0);
        f.end(FIRST_PRODUCER_ID, (short) 0, true);
        f.time.advance(BACKOFF_MS * 10);
        assertEquals(1, f.markers.sent().size(), "a newer coordinator finishes it");
        assertEquals(TransactionState.PREPARE_COMMIT, f.state());
    }

    @Test
    void shouldStopWhenThePartitionMovesAndNotWriteTheCompletion() {
        TxnFixture f = committing(ORDERS_0);
        f.markers.failNext(ORDERS_0, Errors.NOT_LEADER_OR_FOLLOWER);
        f.runPending();
        int writes = f.log.appends().size();
        f.ownership.answer(Errors.NOT_COORDINATOR);
        f.time.advance(BACKOFF_MS * 10);
        assertEquals(writes, f.log.appends().size(), "no CompleteCommit from a coordinator that moved");
    }

    @Test
    void shouldRetryTheCompletionWriteUntilItIsDurable() {
        TxnFixture f = committing(ORDERS_0);
        f.log.hold();
        f.runPending();
        f.log.completeNext(Errors.COORDINATOR_NOT_AVAILABLE);
        assertEquals(TransactionState.PREPARE_COMMIT, f.state());
        f.log.release();
        f.time.advance(BACKOFF_MS);
        assertEquals(TransactionState.COMPLETE_COMMIT, f.state());
        assertEquals(Set.of(ORDERS_0), Set.copyOf(f.markers.written()), "the markers are not written again");
        assertEquals(1, f.markers.sent().size());
    }
}
