package io.zkafka.broker.txn;

import static io.zkafka.broker.txn.TxnFixture.FIRST_PRODUCER_ID;
import static io.zkafka.broker.txn.TxnFixture.ORDERS_0;
import static io.zkafka.broker.txn.TxnFixture.ORDERS_1;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkafka.common.TopicPartition;
import io.zkafka.common.protocol.Errors;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A coordinator's records read back by the next one: what one coordinator wrote to its log (as one
 * batch of records, the way a new leader reads the partition) is replayed by another, which ends
 * every transaction the first had decided but not completed, under its own coordinator epoch.
 */
class TransactionFailoverTest {

    private static Map<String, TransactionLogRecords.Value> replay(ByteBuffer batch) {
        Map<String, TransactionLogRecords.Value> loaded = new HashMap<>();
        int[] records = new int[1];
        TransactionLoader.replay(batch, 0, loaded, records);
        return loaded;
    }

    @Test
    void shouldCompleteACommitDecidedBeforeTheFailoverWithTheNewCoordinatorEpoch() {
        TxnFixture before = new TxnFixture();
        before.init();
        before.add(FIRST_PRODUCER_ID, (short) 0, ORDERS_0, ORDERS_1);
        before.markers.hold();
        before.end(FIRST_PRODUCER_ID, (short) 0, true);
        before.runPending(); // the markers are on their way when the broker dies

        TxnFixture after = new TxnFixture();
        after.ownership.loadedAt(FixedTransactionOwnership.EPOCH + 1);
        after.coordinator.adoptLoaded(0, FixedTransactionOwnership.EPOCH + 1, replay(before.log.asBatch()));
        assertEquals(TransactionState.PREPARE_COMMIT, after.state());
        after.runPending();
        FakeMarkerTransport.Sent resent = after.markers.sent().get(0);
        assertTrue(resent.marker().committed(), "the decision in the log is carried out, never reversed");
        assertEquals(FixedTransactionOwnership.EPOCH + 1, resent.marker().coordinatorEpoch());
        assertEquals(Set.of(ORDERS_0, ORDERS_1), Set.copyOf(resent.marker().partitions()));
        assertEquals(TransactionState.COMPLETE_COMMIT, after.state());
        assertEquals(TransactionState.COMPLETE_COMMIT, after.log.last().decoded().state());
    }

    @Test
    void shouldCompleteAnAbortDecidedBeforeTheFailover() {
        TxnFixture before = new TxnFixture();
        before.init();
        before.add(FIRST_PRODUCER_ID, (short) 0, ORDERS_0);
        before.markers.hold();
        before.end(FIRST_PRODUCER_ID, (short) 0, false);

        TxnFixture after = new TxnFixture();
        after.coordinator.adoptLoaded(0, FixedTransactionOwnership.EPOCH, replay(before.log.asBatch()));
        after.runPending();
        assertFalse(after.markers.sent().get(0).marker().committed());
        assertEquals(TransactionState.COMPLETE_ABORT, after.state());
    }

    @Test
    void shouldLeaveAnOpenTransactionToItsProducerOrItsTimeout() {
        TxnFixture before = new TxnFixture();
        before.init();
        before.add(FIRST_PRODUCER_ID, (short) 0, ORDERS_0);

        TxnFixture after = new TxnFixture();
        after.coordinator.adoptLoaded(0, FixedTransactionOwnership.EPOCH, replay(before.log.asBatch()));
        after.runPending();
        assertEquals(TransactionState.ONGOING, after.state());
        assertTrue(after.markers.sent().isEmpty());
        assertEquals(Errors.NONE, after.end(FIRST_PRODUCER_ID, (short) 0, true).getNow(null),
            "the producer commits through the new coordinator");
        after.runPending();
        assertEquals(TransactionState.COMPLETE_COMMIT, after.state());
    }

    @Test
    void shouldKeepTheNewestRecordOfEachIdAndDropTombstonedOnes() {
        TxnFixture before = new TxnFixture();
        before.init();
        before.add(FIRST_PRODUCER_ID, (short) 0, ORDERS_0);
        before.end(FIRST_PRODUCER_ID, (short) 0, true);
        before.runPending();
        byte[] otherKey = TransactionLogRecords.key("other");
        List<InMemoryTransactionLog.Append> appends = new java.util.ArrayList<>(before.log.appends());
        io.zkafka.common.record.RecordBatchBuilder builder = io.zkafka.common.record.RecordBatchBuilder.uncompressed(0,
            Integer.MAX_VALUE);
        appends.forEach(a -> builder.append(0L, a.key(), a.value()));
        builder.append(0L, otherKey, TransactionLogRecords.value(new TransactionLogRecords.Value(9L, (short) 3, 1000,
            TransactionState.EMPTY, Set.of(), 5L, -1L)));
        builder.append(0L, otherKey, null);
        Map<String, TransactionLogRecords.Value> loaded = replay(builder.build());
        assertEquals(Set.of(TxnFixture.TXN), loaded.keySet());
        assertEquals(TransactionState.COMPLETE_COMMIT, loaded.get(TxnFixture.TXN).state());
        assertNull(loaded.get("other"));
    }

    @Test
    void shouldForgetAnUnloadedPartitionsIds() {
        TxnFixture f = new TxnFixture();
        f.init();
        f.coordinator.adoptLoaded(0, FixedTransactionOwnership.EPOCH, Map.of());
        assertNull(f.txn(), "a reload replaces the partition's ids with the log's");
        TopicPartition unused = new TopicPartition("x", 0);
        assertEquals(Errors.INVALID_PRODUCER_ID_MAPPING, f.add(FIRST_PRODUCER_ID, (short) 0, unused));
    }
}
