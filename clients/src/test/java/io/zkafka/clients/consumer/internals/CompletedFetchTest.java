package io.zkafka.clients.consumer.internals;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkafka.clients.consumer.ConsumerRecord;
import io.zkafka.common.TopicPartition;
import io.zkafka.common.errors.CorruptRecordException;
import io.zkafka.common.errors.SerializationException;
import io.zkafka.common.message.FetchResponse;
import io.zkafka.common.record.ControlRecordType;
import io.zkafka.common.record.EndTransactionMarker;
import io.zkafka.common.record.RecordBatchView;
import io.zkafka.common.record.CompressionType;
import io.zkafka.common.record.Header;
import io.zkafka.common.record.RecordBatchBuilder;
import io.zkafka.common.record.RecordBatchDescriptor;
import io.zkafka.common.serialization.Deserializer;
import io.zkafka.common.serialization.LongDeserializer;
import io.zkafka.common.serialization.StringDeserializer;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.MemoryRecordsBuilder;
import org.apache.kafka.common.record.RecordBatch;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class CompletedFetchTest {
    private static final TopicPartition TP = new TopicPartition("t", 0);
    private static final StringDeserializer STRINGS = new StringDeserializer();

    /** Batches of {@code perBatch} records each ("k{offset}" / "v{offset}"), starting at {@code baseOffset}. */
    static ByteBuffer batches(CompressionType compression, long baseOffset, int batchCount, int perBatch) {
        ByteBuffer all = ByteBuffer.allocate(1 << 20);
        long offset = baseOffset;
        for (int b = 0; b < batchCount; b++) {
            RecordBatchBuilder builder = RecordBatchBuilder.create(compression, offset, 1 << 20);
            for (int r = 0; r < perBatch; r++) {
                builder.append(1000L + offset + r, utf8("k" + (offset + r)), utf8("v" + (offset + r)),
                    new Header[] {new Header("h", utf8("x"))});
            }
            all.put(builder.build());
            offset += perBatch;
        }
        return all.flip();
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static List<ConsumerRecord<String, String>> take(CompletedFetch fetch, int max, long position) {
        List<ConsumerRecord<String, String>> out = new ArrayList<>();
        fetch.fetchRecords(STRINGS, STRINGS, max, position, out);
        return out;
    }

    @ParameterizedTest
    @EnumSource(CompressionType.class)
    void shouldReturnRecordsFromThePositionOnAcrossSeveralPolls(CompressionType compression) {
        CompletedFetch fetch = CompletedFetch.of(TP, 0, 12L, batches(compression, 10L, 3, 4), true);
        List<ConsumerRecord<String, String>> first = take(fetch, 5, 12L);
        assertEquals(List.of(12L, 13L, 14L, 15L, 16L), first.stream().map(ConsumerRecord::offset).toList(),
            "records before the fetched position are skipped");
        assertEquals("k13", first.get(1).key());
        assertEquals("v13", first.get(1).value());
        assertEquals(1013L, first.get(1).timestamp());
        assertEquals(1, first.get(1).headers().size());
        assertEquals(17L, fetch.nextPosition());
        assertFalse(fetch.isConsumed());
        List<ConsumerRecord<String, String>> rest = take(fetch, 100, fetch.nextPosition());
        assertEquals(List.of(17L, 18L, 19L, 20L, 21L), rest.stream().map(ConsumerRecord::offset).toList());
        assertTrue(fetch.isConsumed());
        assertEquals(22L, fetch.nextPosition());
    }

    @Test
    void shouldStopCleanlyAtATrailingPartialBatch() {
        ByteBuffer whole = batches(CompressionType.NONE, 0L, 3, 2);
        ByteBuffer cut = whole.duplicate().limit(whole.limit() - 5).slice();
        assertEquals(4L, CompletedFetch.nextOffsetAfterCompleteBatches(cut));
        CompletedFetch fetch = CompletedFetch.of(TP, 0, 0L, cut, true);
        assertEquals(4, take(fetch, 100, 0L).size());
        assertTrue(fetch.isConsumed());
        assertEquals(4L, fetch.nextPosition());
    }

    @Test
    void shouldReportNoCompleteBatchWhenTheFirstIsCut() {
        ByteBuffer whole = batches(CompressionType.NONE, 0L, 1, 10);
        assertEquals(-1L, CompletedFetch.nextOffsetAfterCompleteBatches(whole.duplicate().limit(30).slice()));
        assertEquals(10L, CompletedFetch.nextOffsetAfterCompleteBatches(whole));
    }

    @Test
    void shouldRefuseAnImpossibleBatchLength() {
        ByteBuffer bytes = batches(CompressionType.NONE, 0L, 1, 1);
        bytes.putInt(RecordBatchDescriptor.LENGTH_OFFSET, 3);
        assertThrows(CorruptRecordException.class, () -> CompletedFetch.nextOffsetAfterCompleteBatches(bytes));
    }

    @Test
    void shouldCheckCrcsWhenAskedAndNameThePartition() {
        ByteBuffer bytes = batches(CompressionType.NONE, 0L, 1, 3);
        int lastByte = bytes.limit() - 1;
        bytes.put(lastByte, (byte) (bytes.get(lastByte) ^ 0x01));
        CompletedFetch checked = CompletedFetch.of(TP, 0, 0L, bytes.duplicate(), true);
        CorruptRecordException e = assertThrows(CorruptRecordException.class, () -> take(checked, 10, 0L));
        assertTrue(e.getMessage().contains(TP.toString()) && e.getMessage().contains("CRC"), e.getMessage());
        CompletedFetch unchecked = CompletedFetch.of(TP, 0, 0L, bytes.duplicate(), false);
        assertEquals(3, take(unchecked, 10, 0L).size(), "check.crcs=false skips the CRC");
    }

    @Test
    void shouldReadBatchesWrittenByKafkaAndSkipItsControlBatches() {
        ByteBuffer buffer = ByteBuffer.allocate(4096);
        MemoryRecordsBuilder builder = MemoryRecords.builder(buffer, RecordBatch.MAGIC_VALUE_V2, Compression.NONE,
            TimestampType.CREATE_TIME, 5L);
        builder.append(100L, utf8("a"), utf8("1"));
        builder.append(101L, utf8("b"), utf8("2"));
        ByteBuffer data = builder.build().buffer();
        MemoryRecords control = MemoryRecords.withEndTransactionMarker(7L, 200L, RecordBatch.NO_PARTITION_LEADER_EPOCH,
            1L, (short) 0, new org.apache.kafka.common.record.EndTransactionMarker(
                org.apache.kafka.common.record.ControlRecordType.COMMIT, 0));
        ByteBuffer both = ByteBuffer.allocate(data.remaining() + control.sizeInBytes());
        both.put(data).put(control.buffer()).flip();
        CompletedFetch fetch = CompletedFetch.of(TP, 0, 5L, both, true);
        List<ConsumerRecord<String, String>> records = take(fetch, 10, 5L);
        assertEquals(List.of("a", "b"), records.stream().map(ConsumerRecord::key).toList());
        assertTrue(fetch.isConsumed());
        assertEquals(8L, fetch.nextPosition(), "the position moves past the control batch");
    }

    @Test
    void shouldNameThePartitionAndOffsetOfARecordThatDoesNotDeserialize() {
        CompletedFetch fetch = CompletedFetch.of(TP, 0, 0L, batches(CompressionType.NONE, 0L, 1, 3), true);
        Deserializer<Long> longs = new LongDeserializer();
        List<ConsumerRecord<String, Long>> out = new ArrayList<>();
        SerializationException e = assertThrows(SerializationException.class,
            () -> fetch.fetchRecords(STRINGS, longs, 10, 0L, out));
        assertTrue(e.getMessage().contains(TP + " at offset 0"), e.getMessage());
        assertEquals(0L, fetch.nextPosition(), "the position stays before the bad record");
    }

    /** A transactional batch of producer {@code producerId}, one record per offset from {@code baseOffset}. */
    static ByteBuffer transactional(long producerId, long baseOffset, int count) {
        RecordBatchBuilder builder = RecordBatchBuilder.uncompressed(baseOffset, 1 << 16)
            .producer(producerId, (short) 0, (int) baseOffset).transactional(true);
        for (int r = 0; r < count; r++) {
            builder.append(1000L, utf8("k" + (baseOffset + r)), utf8("v" + (baseOffset + r)));
        }
        return builder.build();
    }

    static ByteBuffer marker(long producerId, long offset, boolean commit) {
        ByteBuffer batch = new EndTransactionMarker(commit ? ControlRecordType.COMMIT : ControlRecordType.ABORT, 3)
            .toBatch(producerId, (short) 0, 1000L);
        new RecordBatchView(batch, batch.position()).setBaseOffset(offset);
        return batch;
    }

    static ByteBuffer idempotent(long producerId, long baseOffset, int count) {
        RecordBatchBuilder builder = RecordBatchBuilder.uncompressed(baseOffset, 1 << 16)
            .producer(producerId, (short) 0, 0);
        for (int r = 0; r < count; r++) {
            builder.append(1000L, utf8("k" + (baseOffset + r)), utf8("v" + (baseOffset + r)));
        }
        return builder.build();
    }

    /**
     * Producer 1 aborts offsets 0-1 (marker at 4) and then commits 6-7 (marker at 8); producer 2 commits
     * 2-3 (marker at 5); producer 3 writes 9-10 outside any transaction.
     */
    static ByteBuffer interleavedTransactions() {
        ByteBuffer all = ByteBuffer.allocate(1 << 16);
        all.put(transactional(1L, 0L, 2)).put(transactional(2L, 2L, 2)).put(marker(1L, 4L, false))
            .put(marker(2L, 5L, true)).put(transactional(1L, 6L, 2)).put(marker(1L, 8L, true))
            .put(idempotent(3L, 9L, 2));
        return all.flip();
    }

    @Test
    void shouldDropAbortedTransactionsAndControlRecordsWhenReadCommitted() {
        CompletedFetch fetch = CompletedFetch.of(TP, 0, 0L, interleavedTransactions(), true,
            List.of(new FetchResponse.AbortedTransaction(1L, 0L)));
        List<Long> offsets = new ArrayList<>();
        while (!fetch.isConsumed()) {
            take(fetch, 1, fetch.nextPosition()).forEach(r -> offsets.add(r.offset()));
        }
        assertEquals(List.of(2L, 3L, 6L, 7L, 9L, 10L), offsets,
            "the aborted transaction's records never, the same producer's next (committed) transaction's yes");
        assertEquals(11L, fetch.nextPosition(), "the position moves past the aborted records and the markers");
    }

    @Test
    void shouldMovePastAFetchHoldingOnlyAnAbortedTransaction() {
        ByteBuffer all = ByteBuffer.allocate(1 << 16);
        all.put(transactional(1L, 5L, 3)).put(marker(1L, 8L, false)).flip();
        CompletedFetch fetch = CompletedFetch.of(TP, 0, 5L, all, true, List.of(new FetchResponse.AbortedTransaction(1L, 5L)));
        assertTrue(take(fetch, 100, 5L).isEmpty());
        assertTrue(fetch.isConsumed());
        assertEquals(9L, fetch.nextPosition());
    }

    @Test
    void shouldReturnAbortedRecordsButNoControlRecordsWhenReadUncommitted() {
        CompletedFetch fetch = CompletedFetch.of(TP, 0, 0L, interleavedTransactions(), true);
        assertEquals(List.of(0L, 1L, 2L, 3L, 6L, 7L, 9L, 10L),
            take(fetch, 100, 0L).stream().map(ConsumerRecord::offset).toList());
        assertEquals(11L, fetch.nextPosition());
    }
}
