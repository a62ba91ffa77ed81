package io.zkafka.clients.producer.internals;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkafka.clients.internals.Cluster;
import io.zkafka.common.Node;
import io.zkafka.common.PartitionInfo;
import io.zkafka.common.TopicPartition;
import io.zkafka.common.errors.TimeoutException;
import io.zkafka.common.record.CompressionType;
import io.zkafka.common.record.Header;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RecordAccumulatorTest {
    private static final Node NODE = new Node(1, "127.0.0.1", 9092);
    private static final TopicPartition TP0 = new TopicPartition("t", 0);
    private static final TopicPartition TP1 = new TopicPartition("t", 1);
    private static final Header[] NO_HEADERS = new Header[0];
    private static final Cluster CLUSTER = Cluster.of("c", NODE, List.of(NODE), List.of(
        new PartitionInfo("t", 0, NODE, List.of(NODE), List.of(NODE), List.of()),
        new PartitionInfo("t", 1, NODE, List.of(NODE), List.of(NODE), List.of())));

    private final AtomicInteger wakeups = new AtomicInteger();

    private RecordAccumulator accumulator(int batchSize, long lingerMs, long bufferMemory) {
        return new RecordAccumulator(batchSize, CompressionType.NONE, lingerMs, 100L, 120_000,
            new BufferPool(bufferMemory, batchSize), wakeups::incrementAndGet);
    }

    private static FutureRecordMetadata append(RecordAccumulator accumulator, TopicPartition tp, int valueBytes,
                                               long nowMs) throws InterruptedException {
        return accumulator.append(tp, nowMs, null, new byte[valueBytes], NO_HEADERS, null, 0L, false, nowMs);
    }

    @Test
    void shouldFillOneBatchUntilBatchSizeAndThenSendItWithoutWaitingForLinger() throws Exception {
        RecordAccumulator accumulator = accumulator(1024, 60_000, 1 << 20);
        append(accumulator, TP0, 100, 0);
        assertEquals(Set.of(), accumulator.ready(CLUSTER, 0).readyNodes(), "one record waits for linger.ms");
        int appended = 1;
        while (accumulator.ready(CLUSTER, 0).readyNodes().isEmpty()) {
            append(accumulator, TP0, 100, 0);
            appended++;
            assertTrue(appended < 20, "a full batch never became ready");
        }
        Map<Integer, List<ProducerBatch>> drained = accumulator.drain(CLUSTER, Set.of(NODE), 1 << 20, 0);
        ProducerBatch first = drained.get(NODE.id()).get(0);
        assertTrue(first.estimatedSizeInBytes() <= 1024);
        assertEquals(appended - 1, first.recordCount(), "the record that did not fit started the next batch");
        assertTrue(wakeups.get() > 0, "the sender was woken");
    }

    @Test
    void shouldHoldANonFullBatchForLingerMs() throws Exception {
        RecordAccumulator accumulator = accumulator(16_384, 100, 1 << 20);
        append(accumulator, TP0, 10, 1_000);
        RecordAccumulator.ReadyCheckResult early = accumulator.ready(CLUSTER, 1_040);
        assertEquals(Set.of(), early.readyNodes());
        assertEquals(60, early.nextReadyCheckDelayMs());
        assertEquals(Set.of(NODE), accumulator.ready(CLUSTER, 1_100).readyNodes());
    }

    @Test
    void shouldMakeEveryBatchReadyDuringAFlush() throws Exception {
        RecordAccumulator accumulator = accumulator(16_384, 60_000, 1 << 20);
        append(accumulator, TP0, 10, 0);
        accumulator.beginFlush();
        assertEquals(Set.of(NODE), accumulator.ready(CLUSTER, 0).readyNodes());
    }

    @Test
    void shouldDrainOneRequestPerBrokerWithinMaxRequestSize() throws Exception {
        RecordAccumulator accumulator = accumulator(16_384, 0, 1 << 20);
        append(accumulator, TP0, 600, 0);
        append(accumulator, TP1, 600, 0);
        List<ProducerBatch> firstRequest = accumulator.drain(CLUSTER, Set.of(NODE), 700, 0).get(NODE.id());
        assertEquals(1, firstRequest.size(), "the second batch would pass max.request.size");
        List<ProducerBatch> secondRequest = accumulator.drain(CLUSTER, Set.of(NODE), 700, 0).get(NODE.id());
        assertEquals(1, secondRequest.size());
        assertNotSame(firstRequest.get(0).topicPartition, secondRequest.get(0).topicPartition);
        assertTrue(firstRequest.get(0).isClosed(), "a drained batch is closed for the wire");
    }

    @Test
    void shouldBlockAppendsWhileBufferMemoryIsFullAndThenTimeOut() throws Exception {
        RecordAccumulator accumulator = accumulator(1024, 60_000, 2048);
        append(accumulator, TP0, 10, 0);
        append(accumulator, TP1, 10, 0);
        long start = System.nanoTime();
        TimeoutException e = assertThrows(TimeoutException.class, () -> accumulator.append(
            new TopicPartition("t", 2), 0, null, new byte[10], NO_HEADERS, null, 50L, false, 0));
        assertTrue(System.nanoTime() - start >= 50_000_000L, "append blocked for max.block.ms");
        assertTrue(e.getMessage().contains("Failed to allocate"), e.getMessage());
    }

    @Test
    void shouldFreeMemoryForBlockedAppendsWhenABatchCompletes() throws Exception {
        RecordAccumulator accumulator = accumulator(1024, 0, 1024);
        append(accumulator, TP0, 10, 0);
        ProducerBatch sent = accumulator.drain(CLUSTER, Set.of(NODE), 1 << 20, 0).get(NODE.id()).get(0);
        sent.complete(0L, -1L, null);
        accumulator.deallocate(sent);
        append(accumulator, TP1, 10, 0);
        assertEquals(Set.of(NODE), accumulator.ready(CLUSTER, 0).readyNodes());
    }

    @Test
    void shouldAbortInsteadOfStartingANewBatchWhenAskedTo() throws Exception {
        RecordAccumulator accumulator = accumulator(1024, 0, 1 << 20);
        assertSame(RecordAccumulator.ABORTED_FOR_NEW_BATCH,
            accumulator.append(TP0, 0, null, new byte[1], NO_HEADERS, null, 0L, true, 0));
        append(accumulator, TP0, 1, 0);
        assertNotSame(RecordAccumulator.ABORTED_FOR_NEW_BATCH,
            accumulator.append(TP0, 0, null, new byte[1], NO_HEADERS, null, 0L, true, 0),
            "an existing batch with room takes the record");
    }

    @Test
    void shouldExpireQueuedBatchesPastTheDeliveryTimeout() throws Exception {
        RecordAccumulator accumulator = new RecordAccumulator(1024, CompressionType.NONE, 60_000, 100L, 5_000,
            new BufferPool(1 << 20, 1024), () -> { });
        append(accumulator, TP0, 10, 1_000);
        assertEquals(List.of(), accumulator.expiredBatches(5_999));
        List<ProducerBatch> expired = accumulator.expiredBatches(6_000);
        assertEquals(1, expired.size());
        assertEquals(TP0, expired.get(0).topicPartition);
    }

    @Test
    void shouldHoldARetriedBatchForTheRetryBackoff() throws Exception {
        RecordAccumulator accumulator = accumulator(1024, 0, 1 << 20);
        append(accumulator, TP0, 10, 0);
        ProducerBatch batch = accumulator.drain(CLUSTER, Set.of(NODE), 1 << 20, 0).get(NODE.id()).get(0);
        accumulator.reenqueue(batch, 1_000);
        assertEquals(Set.of(), accumulator.ready(CLUSTER, 1_050).readyNodes());
        assertEquals(Map.of(), accumulator.drain(CLUSTER, Set.of(NODE), 1 << 20, 1_050));
        assertEquals(Set.of(NODE), accumulator.ready(CLUSTER, 1_100).readyNodes());
        assertSame(batch, accumulator.drain(CLUSTER, Set.of(NODE), 1 << 20, 1_100).get(NODE.id()).get(0));
    }

    @Test
    void shouldReportTopicsWhoseLeaderIsUnknown() throws Exception {
        RecordAccumulator accumulator = accumulator(1024, 0, 1 << 20);
        append(accumulator, new TopicPartition("unknown", 0), 10, 0);
        assertEquals(Set.of("unknown"), accumulator.ready(CLUSTER, 0).unknownLeaderTopics());
    }
}
