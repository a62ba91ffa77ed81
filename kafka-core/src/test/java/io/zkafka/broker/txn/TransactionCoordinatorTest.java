package io.zkafka.broker.txn;

import static io.zkafka.broker.txn.TxnFixture.FIRST_PRODUCER_ID;
import static io.zkafka.broker.txn.TxnFixture.OFFSETS_PARTITION;
import static io.zkafka.broker.txn.TxnFixture.ORDERS_0;
import static io.zkafka.broker.txn.TxnFixture.ORDERS_1;
import static io.zkafka.broker.txn.TxnFixture.START_MS;
import static io.zkafka.broker.txn.TxnFixture.TIMEOUT_MS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkafka.common.TopicPartition;
import io.zkafka.common.message.InitProducerIdResponse;
import io.zkafka.common.protocol.Errors;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * The coordinator's requests against an in-memory log and marker transport, with the time standing
 * still unless the test moves it: producer ids and epoch bumps, the transaction's life from the
 * first AddPartitionsToTxn to CompleteCommit or CompleteAbort with its markers, and the answers to
 * requests out of turn.
 */
class TransactionCoordinatorTest {

    @Test
    void shouldGiveANewTransactionalIdAProducerIdAtEpochZeroAndWriteItEmpty() {
        TxnFixture f = new TxnFixture();
        InitProducerIdResponse answer = f.init();
        assertEquals(Errors.NONE, answer.error());
        assertEquals(FIRST_PRODUCER_ID, answer.producerId());
        assertEquals(0, answer.producerEpoch());
        TransactionLogRecords.Value written = f.log.last().decoded();
        assertEquals(TxnFixture.TXN, f.log.last().transactionalId());
        assertEquals(FixedTransactionOwnership.EPOCH, f.log.last().leaderEpoch(), "written under the coordinator epoch");
        assertEquals(TransactionState.EMPTY, written.state());
        assertEquals(TIMEOUT_MS, written.transactionTimeoutMs());
        assertEquals(START_MS, written.lastUpdateTimestampMs());
        assertEquals(TransactionState.EMPTY, f.state());
    }

    @Test
    void shouldBumpTheEpochOnEveryInitAndFenceTheOlderProducer() {
        TxnFixture f = new TxnFixture();
        f.init();
        InitProducerIdResponse second = f.init();
        assertEquals(FIRST_PRODUCER_ID, second.producerId(), "the same producer id");
        assertEquals(1, second.producerEpoch());
        assertEquals(Errors.PRODUCER_FENCED, f.add(FIRST_PRODUCER_ID, (short) 0, ORDERS_0), "the zombie is fenced");
        assertEquals(Errors.NONE, f.add(FIRST_PRODUCER_ID, (short) 1, ORDERS_0));
        assertEquals(Errors.INVALID_PRODUCER_ID_MAPPING, f.add(FIRST_PRODUCER_ID + 9, (short) 1, ORDERS_0));
    }

    @Test
    void shouldRefuseATimeoutAboveTheBrokersMaximumOrAnEmptyId() {
        TxnFixture f = new TxnFixture();
        assertEquals(Errors.INVALID_TRANSACTION_TIMEOUT, f.init(TxnFixture.MAX_TIMEOUT_MS + 1, -1, (short) -1).error());
        assertEquals(Errors.INVALID_TRANSACTION_TIMEOUT, f.init(0, -1, (short) -1).error());
        assertEquals(Errors.INVALID_REQUEST, f.coordinator.initProducerId(
            new io.zkafka.common.message.InitProducerIdRequest("", TIMEOUT_MS, -1, (short) -1)).getNow(null).error());
        assertTrue(f.log.appends().isEmpty(), "nothing written for a refused request");
    }

    @Test
    void shouldAnswerNotCoordinatorOrLoadingWithoutTouchingTheLog() {
        TxnFixture f = new TxnFixture();
        f.ownership.answer(Errors.NOT_COORDINATOR);
        assertEquals(Errors.NOT_COORDINATOR, f.init().error());
        f.ownership.answer(Errors.COORDINATOR_LOAD_IN_PROGRESS);
        assertEquals(Errors.COORDINATOR_LOAD_IN_PROGRESS, f.init().error());
        assertEquals(Errors.COORDINATOR_LOAD_IN_PROGRESS, f.add(1, (short) 0, ORDERS_0));
        assertTrue(f.log.appends().isEmpty());
    }

    @Test
    void shouldStartTheTransactionWithItsFirstPartitionsAndAddMoreWithoutMovingItsStart() {
        TxnFixture f = new TxnFixture();
        f.init();
        assertEquals(Errors.NONE, f.add(FIRST_PRODUCER_ID, (short) 0, ORDERS_0));
        assertEquals(TransactionState.ONGOING, f.state());
        assertEquals(START_MS, f.log.last().decoded().startTimestampMs());
        int writes = f.log.appends().size();
        f.time.advance(500);
        assertEquals(Errors.NONE, f.add(FIRST_PRODUCER_ID, (short) 0, ORDERS_0), "already in: no write");
        assertEquals(writes, f.log.appends().size());
        assertEquals(Errors.NONE, f.add(FIRST_PRODUCER_ID, (short) 0, ORDERS_1));
        TransactionLogRecords.Value written = f.log.last().decoded();
        assertEquals(Set.of(ORDERS_0, ORDERS_1), written.partitions());
        assertEquals(START_MS, written.startTimestampMs(), "the transaction started with its first partition");
        assertEquals(START_MS + 500, written.lastUpdateTimestampMs());
    }

    @Test
    void shouldAddTheGroupsOffsetsPartitionForAddOffsets() {
        TxnFixture f = new TxnFixture();
        f.init();
        assertEquals(Errors.NONE, f.addOffsets(FIRST_PRODUCER_ID, (short) 0, "billing").getNow(null));
        assertEquals(Set.of(new TopicPartition("__consumer_offsets", OFFSETS_PARTITION)), f.txn().partitions());
        assertEquals(Errors.INVALID_GROUP_ID, f.addOffsets(FIRST_PRODUCER_ID, (short) 0, "").getNow(null));
    }

    @Test
    void shouldCommitByWritingTheDecisionThenTheMarkersThenTheCompletion() {
        TxnFixture f = new TxnFixture();
        f.init();
        f.add(FIRST_PRODUCER_ID, (short) 0, ORDERS_0, ORDERS_1);
        f.markers.hold();
        CompletableFuture<Errors> commit = f.end(FIRST_PRODUCER_ID, (short) 0, true);
        assertEquals(Errors.NONE, commit.getNow(null), "answered once PrepareCommit is in the log");
        assertEquals(TransactionState.PREPARE_COMMIT, f.state());
        assertEquals(TransactionState.PREPARE_COMMIT, f.log.last().decoded().state());
        assertEquals(Set.of(ORDERS_0, ORDERS_1), f.log.last().decoded().partitions());

        f.runPending();
        assertEquals(1, f.markers.sent().size(), "one request for the one leader");
        FakeMarkerTransport.Sent sent = f.markers.sent().get(0);
        assertEquals(FakeMarkerTransport.LEADER, sent.brokerId());
        assertTrue(sent.marker().committed());
        assertEquals(FIRST_PRODUCER_ID, sent.marker().producerId());
        assertEquals(0, sent.marker().producerEpoch());
        assertEquals(FixedTransactionOwnership.EPOCH, sent.marker().coordinatorEpoch());
        assertEquals(Set.of(ORDERS_0, ORDERS_1), Set.copyOf(sent.marker().partitions()));
        assertEquals(TransactionState.PREPARE_COMMIT, f.state(), "not complete before the markers are written");

        f.markers.releaseAll();
        f.runPending();
        assertEquals(TransactionState.COMPLETE_COMMIT, f.state());
        TransactionLogRecords.Value completed = f.log.last().decoded();
        assertEquals(TransactionState.COMPLETE_COMMIT, completed.state());
        assertTrue(completed.partitions().isEmpty());
        assertEquals(List.of(TransactionState.EMPTY, TransactionState.ONGOING, TransactionState.PREPARE_COMMIT,
            TransactionState.COMPLETE_COMMIT), f.log.writtenStates());
    }

    @Test
    void shouldAbortWithAbortMarkers() {
        TxnFixture f = new TxnFixture();
        f.init();
        f.add(FIRST_PRODUCER_ID, (short) 0, ORDERS_0);
        assertEquals(Errors.NONE, f.end(FIRST_PRODUCER_ID, (short) 0, false).getNow(null));
        f.runPending();
        assertFalse(f.markers.sent().get(0).marker().committed());
        assertEquals(TransactionState.COMPLETE_ABORT, f.state());
        assertEquals(List.of(ORDERS_0), f.markers.written());
    }

    @Test
    void shouldSendOneMarkerRequestPerLeaderBroker() {
        TxnFixture f = new TxnFixture();
        f.markers.setLeader(ORDERS_1, 3);
        f.init();
        f.add(FIRST_PRODUCER_ID, (short) 0, ORDERS_0, ORDERS_1);
        f.end(FIRST_PRODUCER_ID, (short) 0, true);
        f.runPending();
        assertEquals(Set.of(FakeMarkerTransport.LEADER, 3), Set.copyOf(f.markers.sent().stream()
            .map(FakeMarkerTransport.Sent::brokerId).toList()));
        assertEquals(TransactionState.COMPLETE_COMMIT, f.state());
    }

    @Test
    void shouldAnswerRequestsOutOfTurnAsKafkaDoes() {
        TxnFixture f = new TxnFixture();
        f.init();
        assertEquals(Errors.INVALID_TXN_STATE, f.end(FIRST_PRODUCER_ID, (short) 0, true).getNow(null),
            "no transaction to end");
        f.add(FIRST_PRODUCER_ID, (short) 0, ORDERS_0);
        f.markers.hold();
        f.end(FIRST_PRODUCER_ID, (short) 0, true);
        assertEquals(Errors.CONCURRENT_TRANSACTIONS, f.end(FIRST_PRODUCER_ID, (short) 0, true).getNow(null),
            "a retried commit while the markers go out");
        assertEquals(Errors.INVALID_TXN_STATE, f.end(FIRST_PRODUCER_ID, (short) 0, false).getNow(null),
            "an abort after the commit decision");
        assertEquals(Errors.CONCURRENT_TRANSACTIONS, f.add(FIRST_PRODUCER_ID, (short) 0, ORDERS_1),
            "the next transaction waits for this one to complete");
        assertEquals(Errors.CONCURRENT_TRANSACTIONS, f.init().error());
        f.markers.releaseAll();
        f.runPending();
        assertEquals(Errors.NONE, f.end(FIRST_PRODUCER_ID, (short) 0, true).getNow(null), "a retry after completion");
        assertEquals(Errors.INVALID_TXN_STATE, f.end(FIRST_PRODUCER_ID, (short) 0, false).getNow(null));
        assertEquals(Errors.NONE, f.add(FIRST_PRODUCER_ID, (short) 0, ORDERS_1), "the next transaction starts");
        assertEquals(Set.of(ORDERS_1), f.txn().partitions());
    }

    @Test
    void shouldAnswerConcurrentTransactionsWhileAWriteIsPendingAndKeepTheStateWhenItFails() {
        TxnFixture f = new TxnFixture();
        f.init();
        f.add(FIRST_PRODUCER_ID, (short) 0, ORDERS_0);
        f.log.hold();
        CompletableFuture<Errors> commit = f.end(FIRST_PRODUCER_ID, (short) 0, true);
        assertNull(commit.getNow(null), "waits for the log");
        assertEquals(Errors.CONCURRENT_TRANSACTIONS, f.add(FIRST_PRODUCER_ID, (short) 0, ORDERS_1));
        f.log.completeNext(Errors.REQUEST_TIMED_OUT);
        assertEquals(Errors.COORDINATOR_NOT_AVAILABLE, commit.getNow(null), "a timed-out write is retriable");
        assertEquals(TransactionState.ONGOING, f.state(), "nothing applied");
        f.log.release();
        assertEquals(Errors.NONE, f.end(FIRST_PRODUCER_ID, (short) 0, true).getNow(null), "the retry goes through");
        f.runPending();
        assertEquals(TransactionState.COMPLETE_COMMIT, f.state());
    }

    @Test
    void shouldNotApplyAWriteThatCompletesAfterThePartitionMoved() {
        TxnFixture f = new TxnFixture();
        f.init();
        f.add(FIRST_PRODUCER_ID, (short) 0, ORDERS_0);
        f.log.hold();
        CompletableFuture<Errors> commit = f.end(FIRST_PRODUCER_ID, (short) 0, true);
        f.ownership.loadedAt(FixedTransactionOwnership.EPOCH + 1); // led again at a new epoch
        f.log.completeNext(Errors.NONE);
        assertEquals(Errors.NOT_COORDINATOR, commit.getNow(null));
        assertEquals(TransactionState.ONGOING, f.state());
        f.runPending();
        assertTrue(f.markers.sent().isEmpty(), "the new coordinator sends the markers");
    }

    @Test
    void shouldBumpTheEpochOfACurrentProducerThatAsksWithItsIdAndEpochAndAnswerItsRetry() {
        TxnFixture f = new TxnFixture();
        f.init();
        InitProducerIdResponse bumped = f.init(TIMEOUT_MS, FIRST_PRODUCER_ID, (short) 0);
        assertEquals(Errors.NONE, bumped.error());
        assertEquals(1, bumped.producerEpoch());
        InitProducerIdResponse retried = f.init(TIMEOUT_MS, FIRST_PRODUCER_ID, (short) 0);
        assertEquals(1, retried.producerEpoch(), "the retry of a bump that happened gets the current epoch");
        assertEquals(Errors.PRODUCER_FENCED, f.init(TIMEOUT_MS, FIRST_PRODUCER_ID + 1, (short) 1).error());
        f.init();
        assertEquals(Errors.PRODUCER_FENCED, f.init(TIMEOUT_MS, FIRST_PRODUCER_ID, (short) 0).error(),
            "an epoch two bumps old is fenced");
    }

    @Test
    void shouldAbortAnOpenTransactionUnderABumpedEpochWhenANewProducerInitializes() {
        TxnFixture f = new TxnFixture();
        f.init();
        f.add(FIRST_PRODUCER_ID, (short) 0, ORDERS_0);
        InitProducerIdResponse first = f.init();
        assertEquals(Errors.CONCURRENT_TRANSACTIONS, first.error(), "retried by the client until the abort is done");
        f.runPending();
        FakeMarkerTransport.Sent abort = f.markers.sent().get(0);
        assertFalse(abort.marker().committed());
        assertEquals(1, abort.marker().producerEpoch(), "the abort marker carries the bumped epoch");
        assertEquals(TransactionState.COMPLETE_ABORT, f.state());
        assertEquals(Errors.PRODUCER_FENCED, f.end(FIRST_PRODUCER_ID, (short) 0, true).getNow(null),
            "the zombie cannot commit");
        InitProducerIdResponse retried = f.init();
        assertEquals(Errors.NONE, retried.error());
        assertEquals(2, retried.producerEpoch());
    }

    @Test
    void shouldTakeANewProducerIdWhenTheEpochsAreUsedUp() {
        TxnFixture f = new TxnFixture();
        f.coordinator.adoptLoaded(0, FixedTransactionOwnership.EPOCH, java.util.Map.of(TxnFixture.TXN,
            new TransactionLogRecords.Value(77L, (short) (Short.MAX_VALUE - 1), TIMEOUT_MS,
                TransactionState.COMPLETE_COMMIT, Set.of(), START_MS, START_MS)));
        InitProducerIdResponse rotated = f.init();
        assertEquals(Errors.NONE, rotated.error());
        assertEquals(FIRST_PRODUCER_ID, rotated.producerId());
        assertEquals(0, rotated.producerEpoch());
        assertEquals(Errors.INVALID_PRODUCER_ID_MAPPING, f.add(77L, (short) (Short.MAX_VALUE - 1), ORDERS_0));
    }
}
