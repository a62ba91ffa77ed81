package io.zkafka.broker.txn;

import static io.zkafka.broker.txn.TxnFixture.ABORT_CHECK_MS;
import static io.zkafka.broker.txn.TxnFixture.EXPIRATION_CHECK_MS;
import static io.zkafka.broker.txn.TxnFixture.EXPIRATION_MS;
import static io.zkafka.broker.txn.TxnFixture.FIRST_PRODUCER_ID;
import static io.zkafka.broker.txn.TxnFixture.ORDERS_0;
import static io.zkafka.broker.txn.TxnFixture.TIMEOUT_MS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkafka.common.protocol.Errors;
import org.junit.jupiter.api.Test;

/**
 * The coordinator's clocks, on the injected time: a transaction open longer than its timeout is
 * aborted at the first check after it, under a bumped epoch; an idle transactional id expires.
 */
class TransactionTimeoutTest {

    @Test
    void shouldAbortATransactionOpenLongerThanItsTimeoutAndFenceItsProducer() {
        TxnFixture f = new TxnFixture();
        f.init();
        f.add(FIRST_PRODUCER_ID, (short) 0, ORDERS_0);
        // checks run every 10 s from the start: the last one before the timeout leaves it alone
        f.time.advance(TIMEOUT_MS);
        assertEquals(TransactionState.ONGOING, f.state(), "60 s open is not more than a 60 s timeout");
        f.time.advance(ABORT_CHECK_MS);
        assertEquals(TransactionState.COMPLETE_ABORT, f.state());
        FakeMarkerTransport.Sent abort = f.markers.sent().get(0);
        assertFalse(abort.marker().committed());
        assertEquals(1, abort.marker().producerEpoch(), "written under the bumped epoch: the partitions fence it too");
        TransactionLogRecords.Value prepared = f.log.appends().get(f.log.appends().size() - 2).decoded();
        assertEquals(TransactionState.PREPARE_ABORT, prepared.state());
        assertEquals(1, prepared.producerEpoch());
        assertEquals(Errors.PRODUCER_FENCED, f.end(FIRST_PRODUCER_ID, (short) 0, true).getNow(null));
        assertEquals(Errors.PRODUCER_FENCED, f.add(FIRST_PRODUCER_ID, (short) 0, ORDERS_0));
    }

    @Test
    void shouldLetTheTimedOutProducerBumpItsEpochAndGoOnAsKip360Allows() {
        TxnFixture f = new TxnFixture();
        f.init();
        f.add(FIRST_PRODUCER_ID, (short) 0, ORDERS_0);
        f.time.advance(TIMEOUT_MS + ABORT_CHECK_MS);
        assertEquals(TransactionState.COMPLETE_ABORT, f.state());
        assertEquals(1, f.init(TIMEOUT_MS, FIRST_PRODUCER_ID, (short) 0).producerEpoch(),
            "its own epoch was the last one: it gets the current epoch");
    }

    @Test
    void shouldRetryATimeoutAbortWhoseWriteFailedWithoutBumpingAgain() {
        TxnFixture f = new TxnFixture();
        f.init();
        f.add(FIRST_PRODUCER_ID, (short) 0, ORDERS_0);
        f.log.hold();
        f.time.advance(TIMEOUT_MS + ABORT_CHECK_MS);
        f.log.completeNext(Errors.NOT_ENOUGH_REPLICAS);
        assertEquals(TransactionState.PREPARE_EPOCH_FENCE, f.state(), "fenced, abort not written");
        assertEquals(1, f.txn().producerEpoch());
        f.log.release();
        f.time.advance(ABORT_CHECK_MS);
        assertEquals(TransactionState.COMPLETE_ABORT, f.state());
        assertEquals(1, f.txn().producerEpoch(), "one bump only");
    }

    @Test
    void shouldNotAbortBeforeTheTimeoutOrWhatIsNotOpen() {
        TxnFixture f = new TxnFixture();
        f.init();
        f.time.advance(TIMEOUT_MS * 3L);
        assertEquals(TransactionState.EMPTY, f.state());
        f.add(FIRST_PRODUCER_ID, (short) 0, ORDERS_0);
        f.time.advance(TIMEOUT_MS - ABORT_CHECK_MS);
        assertEquals(TransactionState.ONGOING, f.state());
        assertTrue(f.markers.sent().isEmpty());
    }

    @Test
    void shouldRemoveAnIdleTransactionalIdAfterTheExpirationWithATombstone() {
        TxnFixture f = new TxnFixture();
        f.init();
        f.time.advance(EXPIRATION_MS - 1);
        assertNotNull(f.txn(), "not idle long enough yet");
        f.time.advance(EXPIRATION_CHECK_MS);
        assertNull(f.txn());
        assertNull(f.log.last().value(), "a tombstone, so compaction drops the id");
        assertEquals(TxnFixture.TXN, f.log.last().transactionalId());
        assertEquals(FIRST_PRODUCER_ID + 1, f.init().producerId(), "a new producer id for the id's next use");
    }

    @Test
    void shouldNotExpireAnIdWhileItsTransactionIsOpen() {
        TxnFixture f = new TxnFixture();
        f.log.hold();
        f.coordinator.adoptLoaded(0, FixedTransactionOwnership.EPOCH, java.util.Map.of(TxnFixture.TXN,
            new TransactionLogRecords.Value(7L, (short) 0, Integer.MAX_VALUE, TransactionState.ONGOING,
                java.util.Set.of(ORDERS_0), TxnFixture.START_MS, TxnFixture.START_MS)));
        f.time.advance(EXPIRATION_MS + EXPIRATION_CHECK_MS);
        assertNotNull(f.txn());
        assertEquals(0, f.log.heldCount(), "nothing written");
    }
}
