package io.zkafka.common.record;

import static io.zkafka.common.record.TestRecords.readKafka;
import static io.zkafka.common.record.TestRecords.readOurs;
import static io.zkafka.common.record.TestRecords.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.MutableRecordBatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class RecordBatchBuilderTest {
    private static final Header[] NONE = new Header[0];

    @ParameterizedTest
    @EnumSource(CompressionType.class)
    void shouldKeepExplicitOffsetDeltasWithGapsAndTheOriginalLastOffset(CompressionType compression) {
        RecordBatchBuilder builder = RecordBatchBuilder.create(compression, 100L, 1 << 20).lastOffsetDelta(12);
        builder.appendWithOffsetDelta(0, 10L, utf8("a"), utf8("1"), NONE);
        builder.appendWithOffsetDelta(3, 11L, utf8("b"), utf8("2"), NONE);
        builder.appendWithOffsetDelta(9, 12L, utf8("c"), utf8("3"), NONE);
        ByteBuffer batch = builder.build();

        RecordBatchView view = new RecordBatchView(batch, 0);
        view.validate(1 << 20);
        assertEquals(112L, view.lastOffset());
        assertEquals(3, view.recordCount());
        assertEquals(List.of(100L, 103L, 109L), offsets(readOurs(batch)));
        MutableRecordBatch kafka = kafkaBatch(batch);
        assertTrue(kafka.isValid());
        assertEquals(112L, kafka.lastOffset());
        assertEquals(List.of(100L, 103L, 109L), offsets(readKafka(batch)));
    }

    @Test
    void shouldRejectAnOffsetDeltaThatDoesNotIncrease() {
        RecordBatchBuilder builder = RecordBatchBuilder.uncompressed(0L, 1024);
        builder.appendWithOffsetDelta(5, 1L, null, null, NONE);
        assertThrows(IllegalArgumentException.class, () -> builder.appendWithOffsetDelta(5, 1L, null, null, NONE));
        assertThrows(IllegalArgumentException.class, () -> builder.appendWithOffsetDelta(2, 1L, null, null, NONE));
        assertEquals(6, builder.nextOffsetDelta());
    }

    @Test
    void shouldRejectALastOffsetDeltaBelowTheLastRecord() {
        RecordBatchBuilder builder = RecordBatchBuilder.uncompressed(0L, 1024).lastOffsetDelta(1);
        builder.appendWithOffsetDelta(4, 1L, null, null, NONE);
        assertThrows(IllegalStateException.class, builder::build);
    }

    @Test
    void shouldBuildAnEmptyBatchThatKeepsItsOffsetsAndProducerState() {
        ByteBuffer batch = RecordBatchBuilder.create(CompressionType.ZSTD, 50L, 1024)
            .producer(77L, (short) 2, 10).transactional(true).baseTimestamp(1234L).lastOffsetDelta(4).build();

        RecordBatchView view = new RecordBatchView(batch, 0);
        view.validate(1024);
        assertEquals(RecordBatchDescriptor.HEADER_SIZE, view.sizeInBytes());
        assertEquals(0, view.recordCount());
        assertEquals(54L, view.lastOffset());
        assertEquals(CompressionType.NONE, view.compressionType());
        assertFalse(view.records().hasNext());
        MutableRecordBatch kafka = kafkaBatch(batch);
        assertTrue(kafka.isValid());
        assertEquals(54L, kafka.lastOffset());
        assertEquals(77L, kafka.producerId());
        assertEquals(2, kafka.producerEpoch());
        assertTrue(kafka.isTransactional());
        assertEquals(1234L, kafka.maxTimestamp());
        assertEquals(0, kafka.countOrNull());
    }

    @Test
    void shouldRefuseToBuildWithoutRecordsOrALastOffsetDelta() {
        assertThrows(IllegalStateException.class, () -> RecordBatchBuilder.uncompressed(0L, 1024).build());
    }

    @Test
    void shouldMeasureTimestampDeltasFromAnExplicitBaseTimestamp() {
        ByteBuffer batch = withRecordsAt(RecordBatchBuilder.uncompressed(0L, 1024).baseTimestamp(1_000L), 1_500L, 900L);
        RecordBatchView view = new RecordBatchView(batch, 0);
        assertEquals(1_000L, view.baseTimestamp());
        assertEquals(1_500L, view.maxTimestamp());
        assertEquals(List.of(1_500L, 900L), timestamps(readOurs(batch)));
        assertEquals(List.of(1_500L, 900L), timestamps(readKafka(batch)));
    }

    @Test
    void shouldStoreADeleteHorizonKafkaRecognises() {
        ByteBuffer batch = withRecordsAt(RecordBatchBuilder.uncompressed(0L, 1024).deleteHorizon(2_000_000L), 1_999_000L);
        MutableRecordBatch kafka = kafkaBatch(batch);
        assertTrue(kafka.isValid());
        assertTrue(kafka.deleteHorizonMs().isPresent());
        assertEquals(2_000_000L, kafka.deleteHorizonMs().getAsLong());
        assertEquals(List.of(1_999_000L), timestamps(readKafka(batch)));
    }

    @ParameterizedTest
    @EnumSource(CompressionType.class)
    void shouldGiveEveryRecordTheLogAppendTime(CompressionType compression) {
        ByteBuffer batch = withRecordsAt(RecordBatchBuilder.create(compression, 0L, 1024).logAppendTime(5_000L), 1L, 2L, 3L);
        assertEquals(TimestampType.LOG_APPEND_TIME, new RecordBatchView(batch, 0).timestampType());
        assertEquals(List.of(5_000L, 5_000L, 5_000L), timestamps(readOurs(batch)));
        assertEquals(List.of(5_000L, 5_000L, 5_000L), timestamps(readKafka(batch)));
    }

    @Test
    void shouldStayValidAfterTheBrokerStampsBaseOffsetAndLeaderEpoch() {
        ByteBuffer batch = withRecordsAt(RecordBatchBuilder.uncompressed(0L, 1024), 1L, 2L);
        RecordBatchView view = new RecordBatchView(batch, 0);
        view.setBaseOffset(1_000L);
        view.setPartitionLeaderEpoch(9);
        view.validate(1024);
        assertEquals(List.of(1_000L, 1_001L), offsets(readOurs(batch)));
        assertEquals(9, kafkaBatch(batch).partitionLeaderEpoch());
        assertTrue(kafkaBatch(batch).isValid());
    }

    @Test
    void shouldRecomputeTheCrcWhenStampingLogAppendTime() {
        ByteBuffer batch = withRecordsAt(RecordBatchBuilder.create(CompressionType.LZ4, 0L, 1024), 1L, 2L);
        new RecordBatchView(batch, 0).setMaxTimestamp(TimestampType.LOG_APPEND_TIME, 7_777L);
        new RecordBatchView(batch, 0).validate(1024);
        assertTrue(kafkaBatch(batch).isValid());
        assertEquals(List.of(7_777L, 7_777L), timestamps(readOurs(batch)));
        assertEquals(List.of(7_777L, 7_777L), timestamps(readKafka(batch)));
    }

    @Test
    void shouldCopyKeysAndValuesFromAnotherBatchAsTheCleanerDoes() {
        List<TestRecords.Input> inputs = TestRecords.randomInputs(new java.util.Random(3), 20, 1_000_000L);
        ByteBuffer original = TestRecords.buildOurs(CompressionType.GZIP, 500L, inputs);
        RecordBatchView view = new RecordBatchView(original, 0);
        RecordBatchBuilder cleaned = RecordBatchBuilder.create(CompressionType.GZIP, view.baseOffset(), 1 << 20)
            .baseTimestamp(view.baseTimestamp()).lastOffsetDelta(view.lastOffsetDelta());
        List<String> kept = new ArrayList<>();
        BatchRecordIterator records = view.records();
        while (records.hasNext()) {
            RecordView record = records.next();
            if (record.offsetDelta() % 3 == 0) {
                ByteBuffer key = record.key();
                int keyPosition = key == null ? 0 : key.position();
                cleaned.appendBuffersWithOffsetDelta(record.offsetDelta(), record.timestamp(), key, record.value(),
                    record.headers());
                assertEquals(keyPosition, key == null ? 0 : key.position());
                kept.add(TestRecords.describe(record));
            }
        }
        ByteBuffer batch = cleaned.build();
        assertEquals(kept, readOurs(batch));
        assertEquals(kept, readKafka(batch));
        assertEquals(519L, new RecordBatchView(batch, 0).lastOffset());
    }

    @Test
    void shouldKeepToTheSizeLimitExceptForTheFirstRecord() {
        RecordBatchBuilder builder = RecordBatchBuilder.uncompressed(0L, 100);
        byte[] big = new byte[200];
        assertTrue(builder.hasRoomFor(1L, null, big, NONE));
        builder.append(1L, null, big);
        assertFalse(builder.hasRoomFor(1L, null, new byte[1], NONE));
        assertEquals(RecordBatchDescriptor.HEADER_SIZE + RecordBatchBuilder.sizeOfRecord(0, 0L, null, big, NONE),
            builder.estimatedSizeInBytes());
    }

    @Test
    void shouldRefuseAppendsAndBuildsAfterBuilding() {
        RecordBatchBuilder builder = RecordBatchBuilder.uncompressed(0L, 1024);
        builder.append(1L, null, null);
        builder.build();
        assertThrows(IllegalStateException.class, () -> builder.append(1L, null, null));
        assertThrows(IllegalStateException.class, builder::build);
    }

    private static MutableRecordBatch kafkaBatch(ByteBuffer batch) {
        return MemoryRecords.readableRecords(batch.duplicate()).batches().iterator().next();
    }

    private static List<Long> offsets(List<String> described) {
        return described.stream().map(s -> Long.parseLong(s.substring(0, s.indexOf(' ')))).toList();
    }

    private static List<Long> timestamps(List<String> described) {
        return described.stream().map(s -> Long.parseLong(s.substring(s.indexOf('@') + 1, s.indexOf(" key=")))).toList();
    }

    /** Appends one keyless record per timestamp, valued by its index, and builds. */
    private static ByteBuffer withRecordsAt(RecordBatchBuilder builder, long... timestamps) {
        for (int i = 0; i < timestamps.length; i++) {
            builder.append(timestamps[i], null, utf8("v" + i));
        }
        return builder.build();
    }
}
