package io.zkafka.clients.producer.internals;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkafka.clients.producer.RecordMetadata;
import io.zkafka.common.TopicPartition;
import io.zkafka.common.record.CompressionType;
import io.zkafka.common.record.Header;
import io.zkafka.common.record.RecordBatchView;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.MutableRecordBatch;
import org.apache.kafka.common.record.Record;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

class ProducerBatchTest {
    private static final TopicPartition TP = new TopicPartition("t", 3);
    private static final Header[] NO_HEADERS = new Header[0];

    private static byte[] utf8(String s) {
        return s == null ? null : s.getBytes(StandardCharsets.UTF_8);
    }

    private static ProducerBatch filledBatch(int records) {
        ProducerBatch batch = new ProducerBatch(TP, ByteBuffer.allocate(64 * 1024), 0L);
        for (int i = 0; i < records; i++) {
            byte[] key = i % 5 == 0 ? null : utf8("key-" + i);
            byte[] value = i % 7 == 0 ? null : utf8("value-" + i + "-" + "x".repeat(i % 50));
            Header[] headers = i % 3 == 0 ? new Header[] {new Header("h" + i, utf8("v" + i)), new Header("nil", null)}
                : NO_HEADERS;
            assertNotNull(batch.tryAppend(1_700_000_000_000L + i * 3L, key, value, headers, null));
        }
        return batch;
    }

    @ParameterizedTest
    @EnumSource(CompressionType.class)
    void shouldWriteABatchThatKafkaReadsBackRecordForRecord(CompressionType compression) {
        ProducerBatch batch = filledBatch(300);
        batch.close(compression);
        ByteBuffer wire = batch.wireBuffer();
        new RecordBatchView(wire, 0).setBaseOffset(1000L);

        MutableRecordBatch kafka = MemoryRecords.readableRecords(wire).batches().iterator().next();
        kafka.ensureValid();
        assertEquals(compression.id(), kafka.compressionType().id);
        assertEquals(1000L, kafka.baseOffset());
        assertEquals(1299L, kafka.lastOffset());
        int i = 0;
        for (Record record : kafka) {
            assertEquals(1000L + i, record.offset());
            assertEquals(1_700_000_000_000L + i * 3L, record.timestamp());
            assertArrayEquals(i % 5 == 0 ? null : utf8("key-" + i), bytes(record.key()));
            assertArrayEquals(i % 7 == 0 ? null : utf8("value-" + i + "-" + "x".repeat(i % 50)), bytes(record.value()));
            assertEquals(i % 3 == 0 ? 2 : 0, record.headers().length);
            i++;
        }
        assertEquals(300, i);
    }

    private static byte[] bytes(ByteBuffer buffer) {
        if (buffer == null) {
            return null;
        }
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }

    @Test
    void shouldRefuseARecordThatDoesNotFitAndReportFull() {
        ProducerBatch batch = new ProducerBatch(TP, ByteBuffer.allocate(200), 0L);
        assertNotNull(batch.tryAppend(1L, null, new byte[100], NO_HEADERS, null));
        assertFalse(batch.isFull());
        assertNull(batch.tryAppend(1L, null, new byte[100], NO_HEADERS, null));
        assertTrue(batch.isFull());
        assertEquals(1, batch.recordCount());
    }

    @Test
    void shouldCompleteEveryRecordFutureFromTheBatchResultAndRunCallbacksInOrder() throws Exception {
        ProducerBatch batch = new ProducerBatch(TP, ByteBuffer.allocate(4096), 0L);
        List<String> calls = new ArrayList<>();
        List<FutureRecordMetadata> futures = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            int n = i;
            futures.add(batch.tryAppend(100L + i, utf8("k"), utf8("value" + i), NO_HEADERS,
                (metadata, error) -> calls.add(n + "@" + metadata.offset() + "/" + metadata.timestamp())));
        }
        assertFalse(futures.get(0).isDone());
        assertTrue(batch.complete(40L, -1L, null));
        assertEquals(List.of("0@40/100", "1@41/101", "2@42/102", "3@43/103", "4@44/104"), calls);
        RecordMetadata third = futures.get(2).get();
        assertEquals(42L, third.offset());
        assertEquals(TP.partition(), third.partition());
        assertEquals(1, third.serializedKeySize());
        assertEquals(6, third.serializedValueSize());
        assertFalse(batch.complete(99L, -1L, null), "a batch completes once");
    }

    @Test
    void shouldUseTheLogAppendTimeWhenTheBrokerGivesOne() throws Exception {
        ProducerBatch batch = new ProducerBatch(TP, ByteBuffer.allocate(4096), 0L);
        FutureRecordMetadata future = batch.tryAppend(100L, null, utf8("v"), NO_HEADERS, null);
        batch.complete(7L, 5555L, null);
        assertEquals(5555L, future.get().timestamp());
    }

    @Test
    void shouldFailEveryFutureAndCallbackWithTheBatchError() {
        ProducerBatch batch = new ProducerBatch(TP, ByteBuffer.allocate(4096), 0L);
        Exception[] seen = new Exception[1];
        FutureRecordMetadata future = batch.tryAppend(1L, null, utf8("v"), NO_HEADERS, (m, e) -> seen[0] = e);
        IllegalStateException failure = new IllegalStateException("boom");
        batch.complete(-1L, -1L, failure);
        ExecutionException thrown = assertThrows(ExecutionException.class, future::get);
        assertSame(failure, thrown.getCause());
        assertSame(failure, seen[0]);
    }
}
