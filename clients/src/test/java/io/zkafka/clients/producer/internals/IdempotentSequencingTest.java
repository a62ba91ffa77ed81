package io.zkafka.clients.producer.internals;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkafka.clients.internals.Cluster;
import io.zkafka.clients.producer.RecordMetadata;
import io.zkafka.common.Node;
import io.zkafka.common.PartitionInfo;
import io.zkafka.common.TopicPartition;
import io.zkafka.common.errors.OutOfOrderSequenceException;
import io.zkafka.common.errors.TimeoutException;
import io.zkafka.common.protocol.Errors;
import io.zkafka.common.record.BatchRecordIterator;
import io.zkafka.common.record.CompressionType;
import io.zkafka.common.record.Header;
import io.zkafka.common.record.RecordBatchView;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * How the sender's pieces (accumulator and idempotence manager) number batches and keep a
 * partition's sequences in order across retries, errors, epoch bumps, expiry and splits, with the
 * broker's answers played by the test.
 */
@Timeout(30)
class IdempotentSequencingTest {
    private static final Node NODE = new Node(1, "127.0.0.1", 9092);
    private static final TopicPartition TP = new TopicPartition("t", 0);
    private static final Header[] NO_HEADERS = new Header[0];
    private static final Cluster CLUSTER = Cluster.of("c", NODE, List.of(NODE), List.of(
        new PartitionInfo("t", 0, NODE, List.of(NODE), List.of(NODE), List.of())));
    private static final ProducerIdAndEpoch PID = new ProducerIdAndEpoch(42L, (short) 0);

    private IdempotenceManager idempotence;
    private RecordAccumulator accumulator;
    private long now = 1_000;

    @BeforeEach
    void create() {
        idempotence = new IdempotenceManager();
        accumulator = new RecordAccumulator(256, CompressionType.NONE, 0L, 0L, 120_000,
            new BufferPool(1 << 20, 256), () -> { }, idempotence);
    }

    /** Appends {@code batches} batches of two records (87 bytes each: three do not fit in 256). */
    private void append(int batches) throws InterruptedException {
        for (int i = 0; i < 2 * batches; i++) {
            accumulator.append(TP, now, null, new byte[80], NO_HEADERS, null, 0L, false, now);
        }
    }

    /** Drains everything drainable now, one request's worth at a time, in order. */
    private List<ProducerBatch> drain() {
        List<ProducerBatch> all = new ArrayList<>();
        while (true) {
            Map<Integer, List<ProducerBatch>> drained = accumulator.drain(CLUSTER, Set.of(NODE), 300, now);
            List<ProducerBatch> batches = drained.getOrDefault(NODE.id(), List.of());
            if (batches.isEmpty()) {
                return all;
            }
            all.addAll(batches);
        }
    }

    private static List<Integer> sequences(List<ProducerBatch> batches) {
        return batches.stream().map(ProducerBatch::baseSequence).toList();
    }

    private void acknowledge(ProducerBatch batch, long offset) {
        idempotence.handleCompletedBatch(batch, offset);
        batch.complete(offset, -1, null);
    }

    private void retry(ProducerBatch batch) {
        accumulator.reenqueue(batch, now);
    }

    private static RecordBatchView header(ProducerBatch batch) {
        return new RecordBatchView(batch.wireBuffer(), 0);
    }

    @Test
    void shouldDrainNothingBeforeTheProducerIdIsKnown() throws Exception {
        append(2);
        assertEquals(List.of(), drain());
        idempotence.setProducerIdAndEpoch(PID);
        assertEquals(2, drain().size());
    }

    @Test
    void shouldNumberBatchesWhenFirstDrainedAndWriteTheHeaderWithAValidCrc() throws Exception {
        idempotence.setProducerIdAndEpoch(PID);
        append(3);
        List<ProducerBatch> batches = drain();
        assertEquals(List.of(0, 2, 4), sequences(batches));
        assertEquals(6, idempotence.nextSequence(TP));
        assertEquals(0, idempotence.firstInFlightSequence(TP));
        RecordBatchView second = header(batches.get(1));
        assertEquals(42L, second.producerId());
        assertEquals(0, second.producerEpoch());
        assertEquals(2, second.baseSequence());
        assertTrue(second.isValidChecksum());
    }

    @Test
    void shouldRequeueARetriedBatchInSequenceOrderAndSendOnlyTheFirstInLine() throws Exception {
        idempotence.setProducerIdAndEpoch(PID);
        append(3);
        List<ProducerBatch> sent = drain();
        append(1);
        // the broker refused all three (a leader change): the answers come back out of order
        retry(sent.get(2));
        retry(sent.get(0));
        retry(sent.get(1));
        List<ProducerBatch> first = drain();
        assertEquals(1, first.size(), "while retrying, only the first batch in flight goes out");
        assertSame(sent.get(0), first.get(0));
        assertEquals(List.of(), drain(), "the next retried batch waits until the first is answered");
        acknowledge(first.get(0), 100);
        assertEquals(List.of(sent.get(1)), drain());
        acknowledge(sent.get(1), 102);
        List<ProducerBatch> rest = drain();
        assertSame(sent.get(2), rest.get(0), "the last retried batch goes out before any new one");
        assertEquals(List.of(4, 6), sequences(rest), "once every retried batch is out again, new ones follow");
        acknowledge(sent.get(2), 104);
        assertEquals(5, idempotence.lastAckedSequence(TP));
    }

    @Test
    void shouldRetryAnOutOfOrderBatchThatIsNotNextWithoutBumpingTheEpoch() throws Exception {
        idempotence.setProducerIdAndEpoch(PID);
        append(3);
        List<ProducerBatch> sent = drain();
        acknowledge(sent.get(0), 0);
        // batch 2 overtook batch 1 at a new leader: its gap is batch 1, still unresolved
        assertTrue(idempotence.canRetry(Errors.OUT_OF_ORDER_SEQUENCE_NUMBER, 0, sent.get(2)));
        idempotence.bumpEpochIfRequested();
        assertEquals(PID, idempotence.producerIdAndEpoch(), "only the first batch in line decides");
        assertEquals(4, sent.get(2).baseSequence());
    }

    @Test
    void shouldBumpTheEpochAndResequenceWhenTheNextBatchMeetsAGap() throws Exception {
        idempotence.setProducerIdAndEpoch(PID);
        append(3);
        List<ProducerBatch> sent = drain();
        acknowledge(sent.get(0), 0);
        assertTrue(idempotence.canRetry(Errors.OUT_OF_ORDER_SEQUENCE_NUMBER, 0, sent.get(1)));
        retry(sent.get(1));
        idempotence.bumpEpochIfRequested();
        assertEquals(new ProducerIdAndEpoch(42L, (short) 1), idempotence.producerIdAndEpoch());
        assertEquals(List.of(0, 2), List.of(sent.get(1).baseSequence(), sent.get(2).baseSequence()),
            "the batches in flight start again at 0, in their order");
        assertEquals(0, header(sent.get(2)).producerEpoch(), "a batch possibly still on the wire is not touched");
        assertTrue(sent.get(2).sequenceHasBeenReset());
        assertTrue(idempotence.canRetry(Errors.OUT_OF_ORDER_SEQUENCE_NUMBER, 0, sent.get(2)),
            "a re-sequenced batch's answer to its old attempt is retried");
        retry(sent.get(2));
        assertEquals(List.of(sent.get(1)), drain());
        RecordBatchView rewritten = header(sent.get(1));
        assertEquals(1, rewritten.producerEpoch());
        assertEquals(0, rewritten.baseSequence());
        assertTrue(rewritten.isValidChecksum(), "the CRC covers the rewritten fields");
        acknowledge(sent.get(1), 10);
        assertEquals(List.of(sent.get(2)), drain());
        assertEquals(2, header(sent.get(2)).baseSequence());
        assertTrue(header(sent.get(2)).isValidChecksum());
    }

    @Test
    void shouldBumpTheEpochOnUnknownProducerIdAsKip360Says() throws Exception {
        idempotence.setProducerIdAndEpoch(PID);
        append(1);
        ProducerBatch batch = drain().get(0);
        assertTrue(idempotence.canRetry(Errors.UNKNOWN_PRODUCER_ID, 500, batch));
        idempotence.bumpEpochIfRequested();
        assertEquals(1, idempotence.producerIdAndEpoch().epoch());
        assertEquals(0, batch.baseSequence());
        assertTrue(idempotence.canRetry(Errors.UNKNOWN_PRODUCER_ID, -1, batch), "no log start offset: retry as is");
        assertFalse(idempotence.canRetry(Errors.INVALID_PRODUCER_EPOCH, 500, batch));
    }

    @Test
    void shouldStartAPartitionAtZeroUnderANewEpochOnlyOnceItsOldBatchesAreDone() throws Exception {
        TopicPartition other = new TopicPartition("t", 1);
        idempotence.setProducerIdAndEpoch(PID);
        append(2);
        List<ProducerBatch> sent = drain();
        // another partition's gap bumped the epoch while these two are in flight
        ProducerBatch elsewhere = new ProducerBatch(other, ByteBuffer.allocate(256), now);
        elsewhere.tryAppend(now, null, new byte[1], NO_HEADERS, null);
        idempotence.assignSequence(elsewhere);
        elsewhere.close(CompressionType.NONE);
        idempotence.handleFailedBatch(elsewhere, new OutOfOrderSequenceException("gap"), true);
        idempotence.bumpEpochIfRequested();
        append(1);
        assertEquals(List.of(), drain(), "no new batch while old-epoch batches are in flight");
        assertEquals(0, sent.get(0).producerIdAndEpoch().epoch(), "their sequences are kept");
        acknowledge(sent.get(0), 0);
        acknowledge(sent.get(1), 2);
        List<ProducerBatch> fresh = drain();
        assertEquals(List.of(0), sequences(fresh));
        assertEquals(1, fresh.get(0).producerIdAndEpoch().epoch());
    }

    @Test
    void shouldHoldAPartitionWithAnExpiredBatchUntilItsOutcomeIsKnown() throws Exception {
        idempotence.setProducerIdAndEpoch(PID);
        append(2);
        List<ProducerBatch> sent = drain();
        idempotence.handleFailedBatch(sent.get(0), new TimeoutException("expired"), false);
        idempotence.markSequenceUnresolved(sent.get(0));
        append(1);
        idempotence.maybeResolveSequences();
        assertEquals(List.of(), drain(), "nothing new while the expired batch's fate is open");
        acknowledge(sent.get(1), 2);
        idempotence.maybeResolveSequences();
        idempotence.bumpEpochIfRequested();
        assertEquals(PID, idempotence.producerIdAndEpoch(), "the later batch was written, so the expired one was");
        List<ProducerBatch> next = drain();
        assertEquals(List.of(4), sequences(next));
        acknowledge(next.get(0), 4);

        append(1);
        ProducerBatch lost = drain().get(0);
        idempotence.handleFailedBatch(lost, new TimeoutException("expired"), false);
        idempotence.markSequenceUnresolved(lost);
        idempotence.maybeResolveSequences();
        idempotence.bumpEpochIfRequested();
        assertEquals(1, idempotence.producerIdAndEpoch().epoch(), "nothing after it was acknowledged: start again");
        append(1);
        List<ProducerBatch> afterBump = drain();
        assertEquals(List.of(0), sequences(afterBump));
        assertEquals(1, afterBump.get(0).producerIdAndEpoch().epoch());
    }

    @Test
    void shouldSplitATooLargeBatchKeepingItsSequencesRecordsAndFutures() throws Exception {
        idempotence.setProducerIdAndEpoch(PID);
        List<FutureRecordMetadata> futures = new ArrayList<>();
        List<RecordMetadata> called = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            futures.add(accumulator.append(TP, now + i, ("k" + i).getBytes(StandardCharsets.UTF_8),
                ("v" + i).getBytes(StandardCharsets.UTF_8), new Header[] {new Header("h", new byte[] {(byte) i})},
                (metadata, e) -> called.add(metadata), 0L, false, now));
        }
        ProducerBatch big = drain().get(0);
        assertEquals(4, big.recordCount());
        idempotence.removeInFlightBatch(big);
        int twoRecordsEach = (big.uncompressedSizeInBytes() + io.zkafka.common.record.RecordBatchDescriptor.HEADER_SIZE)
            / 2 + 1;
        assertEquals(2, accumulator.splitAndReenqueue(big, twoRecordsEach));
        accumulator.deallocate(big);
        List<ProducerBatch> pieces = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            List<ProducerBatch> drained = drain();
            assertEquals(1, drained.size(), "the pieces go one at a time, in sequence order");
            pieces.add(drained.get(0));
            acknowledge(drained.get(0), 10 + 10L * i);
        }
        assertEquals(List.of(0, 2), sequences(pieces));
        List<String> values = new ArrayList<>();
        for (ProducerBatch piece : pieces) {
            RecordBatchView view = header(piece);
            assertTrue(view.isValidChecksum());
            BatchRecordIterator records = view.records();
            while (records.hasNext()) {
                var record = records.next();
                values.add(StandardCharsets.UTF_8.decode(record.value()).toString() + "@" + record.timestamp()
                    + "/" + record.headers()[0].value()[0]);
            }
        }
        assertEquals(List.of("v0@1000/0", "v1@1001/1", "v2@1002/2", "v3@1003/3"), values);
        assertEquals(List.of(10L, 11L, 20L, 21L), futures.stream().map(f -> {
            try {
                return f.get(1, TimeUnit.SECONDS).offset();
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }).toList(), "each future follows its record into its piece");
        assertEquals(List.of(10L, 11L, 20L, 21L), called.stream().map(RecordMetadata::offset).toList());
        assertTrue(futures.get(3).isDone());
    }
}
