package io.zkafka.broker.group;

import static io.zkafka.broker.group.CoordinatorFixture.GROUP;
import static io.zkafka.broker.group.CoordinatorFixture.answered;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkafka.common.TopicPartition;
import io.zkafka.common.message.OffsetFetchRequest;
import io.zkafka.common.message.OffsetFetchResponse;
import io.zkafka.common.message.TxnOffsetCommitRequest;
import io.zkafka.common.message.TxnOffsetCommitResponse;
import io.zkafka.common.protocol.Errors;
import io.zkafka.common.record.EndTransactionMarker;
import io.zkafka.common.record.ControlRecordType;
import io.zkafka.common.record.RecordBatchBuilder;
import io.zkafka.common.record.RecordBatchDescriptor;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Offsets committed in a transaction (TxnOffsetCommit): written as the producer's transactional
 * batch, invisible to OffsetFetch until the commit marker reaches the offsets partition (a
 * require_stable fetch is answered UNSTABLE_OFFSET_COMMIT meanwhile), dropped by an abort marker, and
 * rebuilt the same way from the log by the next coordinator.
 */
class TransactionalOffsetsTest {
    private static final long PRODUCER = 4_000L;
    private static final long MARKER_OFFSET = 17L;
    private static final TopicPartition EVENTS_0 = new TopicPartition("events", 0);
    private static final TopicPartition OFFSETS_0 = new TopicPartition(OffsetsTopic.NAME, 0);

    private static TxnOffsetCommitRequest txnCommit(long producerId, long offset, int generation, String memberId) {
        return new TxnOffsetCommitRequest("txn-1", GROUP, producerId, (short) 2, generation, memberId, null,
            List.of(new TxnOffsetCommitRequest.Topic("events", List.of(new TxnOffsetCommitRequest.Partition(0, offset,
                -1, "m")))));
    }

    private static Errors answer(CoordinatorFixture f, TxnOffsetCommitRequest request) {
        TxnOffsetCommitResponse response = answered(f.coordinator.offsets().txnCommit(request));
        return response.errors().get(EVENTS_0);
    }

    private static OffsetFetchResponse.Partition fetch(CoordinatorFixture f, boolean requireStable) {
        return f.coordinator.offsets().fetch(new OffsetFetchRequest(GROUP, List.of(new OffsetFetchRequest.Topic(
            "events", List.of(0))), requireStable)).topics().get(0).partitions().get(0);
    }

    @Test
    void shouldWriteTheOffsetsAsTheProducersTransactionalBatchAndHideThemUntilTheCommitMarker() {
        CoordinatorFixture f = new CoordinatorFixture();
        answered(f.commit("", -1, 5));
        assertEquals(Errors.NONE, answer(f, txnCommit(PRODUCER, 42, -1, "")));
        InMemoryGroupLog.Append written = f.log.last();
        assertEquals(PRODUCER, written.producerId(), "the producer's batch, so its marker decides it");
        assertEquals(2, written.producerEpoch());
        assertEquals(5, f.committed(), "the transaction's offset is not visible yet");
        assertEquals(Errors.UNSTABLE_OFFSET_COMMIT, fetch(f, true).error(), "a require_stable fetch must wait");

        f.coordinator.txnMarkerListener().onTransactionCompleted(new TopicPartition("events", 0), PRODUCER, true, MARKER_OFFSET);
        assertEquals(5, f.committed(), "a marker on another topic's partition changes nothing");
        f.coordinator.txnMarkerListener().onTransactionCompleted(OFFSETS_0, PRODUCER, true, MARKER_OFFSET);
        assertEquals(42, f.committed());
        OffsetFetchResponse.Partition stable = fetch(f, true);
        assertEquals(Errors.NONE, stable.error());
        assertEquals(42, stable.offset());
        assertEquals("m", stable.metadata());
    }

    @Test
    void shouldDropTheOffsetsOnAnAbortMarker() {
        CoordinatorFixture f = new CoordinatorFixture();
        answered(f.commit("", -1, 5));
        answer(f, txnCommit(PRODUCER, 42, -1, ""));
        f.coordinator.txnMarkerListener().onTransactionCompleted(OFFSETS_0, PRODUCER, false, MARKER_OFFSET);
        assertEquals(5, f.committed());
        assertEquals(Errors.NONE, fetch(f, true).error());
        assertTrue(f.group().pendingTxnOffsets.isEmpty());
    }

    @Test
    void shouldKeepEachProducersOffsetsApart() {
        CoordinatorFixture f = new CoordinatorFixture();
        answer(f, txnCommit(PRODUCER, 42, -1, ""));
        answer(f, txnCommit(PRODUCER + 1, 50, -1, ""));
        f.coordinator.txnMarkerListener().onTransactionCompleted(OFFSETS_0, PRODUCER + 1, false, MARKER_OFFSET);
        assertEquals(Errors.UNSTABLE_OFFSET_COMMIT, fetch(f, true).error(), "the other transaction is still open");
        f.coordinator.txnMarkerListener().onTransactionCompleted(OFFSETS_0, PRODUCER, true, MARKER_OFFSET);
        assertEquals(42, f.committed());
    }

    @Test
    void shouldCheckAConsumersGroupMetadataAndAcceptACommitterWithout() {
        CoordinatorFixture f = new CoordinatorFixture();
        String member = f.stableMember();
        assertEquals(Errors.NONE, answer(f, txnCommit(PRODUCER, 1, 1, member)));
        assertEquals(Errors.ILLEGAL_GENERATION, answer(f, txnCommit(PRODUCER, 1, 7, member)));
        assertEquals(Errors.UNKNOWN_MEMBER_ID, answer(f, txnCommit(PRODUCER, 1, 1, "someone-else")));
        assertEquals(Errors.NONE, answer(f, txnCommit(PRODUCER, 1, -1, "")),
            "no group metadata: not checked, even with members (Kafka's rule)");
        f.ownership.answer(Errors.NOT_COORDINATOR);
        assertEquals(Errors.NOT_COORDINATOR, answer(f, txnCommit(PRODUCER, 1, -1, "")));
    }

    @Test
    void shouldAnswerTheWritesErrorAndHoldNothingPendingWhenItFails() {
        CoordinatorFixture f = new CoordinatorFixture();
        f.log.hold();
        var pending = f.coordinator.offsets().txnCommit(txnCommit(PRODUCER, 42, -1, ""));
        f.log.completeNext(Errors.REQUEST_TIMED_OUT);
        assertEquals(Errors.COORDINATOR_NOT_AVAILABLE, answered(pending).errors().get(EVENTS_0));
        assertTrue(f.group().pendingTxnOffsets.isEmpty());
    }

    @Test
    void shouldReplayTransactionalOffsetsAndTheirMarkersFromTheLog() {
        ByteBuffer log = ByteBuffer.allocate(1 << 16);
        long offset = 0;
        offset = put(log, offset, plainCommit(7));                   // committed outside a transaction
        offset = put(log, offset, txnBatch(PRODUCER, 42));           // committed by its marker below
        offset = put(log, offset, txnBatch(PRODUCER + 1, 99));       // aborted below
        offset = put(log, offset, txnBatch(PRODUCER + 2, 77));       // still open
        offset = put(log, offset, marker(PRODUCER, true));
        put(log, offset, marker(PRODUCER + 1, false));
        log.flip();
        Map<String, GroupLoader.LoadedGroup> loaded = new HashMap<>();
        GroupLoader.replay(log, 0, loaded, OFFSETS_0, new int[1]);

        CoordinatorFixture f = new CoordinatorFixture();
        f.coordinator.adoptLoaded(0, loaded);
        assertEquals(42, f.committed(), "the committed transaction's offset, newer than the plain commit");
        assertEquals(Errors.UNSTABLE_OFFSET_COMMIT, fetch(f, true).error(), "producer +2's transaction is open");
        f.coordinator.txnMarkerListener().onTransactionCompleted(OFFSETS_0, PRODUCER + 2, true, MARKER_OFFSET);
        assertEquals(77, f.committed());
    }

    private static long put(ByteBuffer log, long offset, ByteBuffer batch) {
        batch.putLong(RecordBatchDescriptor.BASE_OFFSET_OFFSET, offset);
        int records = batch.getInt(RecordBatchDescriptor.RECORDS_COUNT_OFFSET);
        log.put(batch);
        return offset + records;
    }

    private static ByteBuffer plainCommit(long committed) {
        RecordBatchBuilder builder = RecordBatchBuilder.uncompressed(0, Integer.MAX_VALUE);
        builder.append(0L, GroupRecords.offsetCommitKey(GROUP, "events", 0),
            GroupRecords.offsetValue(new GroupRecords.OffsetValue(committed, -1, "", 0L)));
        return builder.build();
    }

    private static ByteBuffer txnBatch(long producerId, long committed) {
        RecordBatchBuilder builder = RecordBatchBuilder.uncompressed(0, Integer.MAX_VALUE)
            .producer(producerId, (short) 0, RecordBatchDescriptor.NO_SEQUENCE).transactional(true);
        builder.append(0L, GroupRecords.offsetCommitKey(GROUP, "events", 0),
            GroupRecords.offsetValue(new GroupRecords.OffsetValue(committed, -1, "", 0L)));
        return builder.build();
    }

    private static ByteBuffer marker(long producerId, boolean commit) {
        return new EndTransactionMarker(commit ? ControlRecordType.COMMIT : ControlRecordType.ABORT, 5)
            .toBatch(producerId, (short) 0, 0L);
    }

}
