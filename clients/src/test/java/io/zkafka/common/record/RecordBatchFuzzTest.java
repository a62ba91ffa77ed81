package io.zkafka.common.record;

import static io.zkafka.common.record.RecordBatchDescriptor.LAST_OFFSET_DELTA_OFFSET;
import static io.zkafka.common.record.RecordBatchDescriptor.LENGTH_OFFSET;
import static io.zkafka.common.record.RecordBatchDescriptor.RECORDS_COUNT_OFFSET;
import static io.zkafka.common.record.RecordBatchDescriptor.RECORDS_OFFSET;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import io.zkafka.common.errors.CorruptRecordException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Seeded fuzzing of everything that reads batches: header validation, record iteration with and
 * without the CRC check, and the multi-batch iterator. The only exception any input may cause is
 * {@link CorruptRecordException}; decompression is capped at {@link #MAX_DECOMPRESSED} so no
 * input can exhaust memory.
 */
class RecordBatchFuzzTest {
    private static final int MAX_BATCH = 1 << 20;
    private static final int MAX_DECOMPRESSED = 1 << 20;
    private static final int[] INTERESTING_INTS = {Integer.MIN_VALUE, -2, -1, 0, 1, 2, 48, 49, 60, 61, 62, 1000,
        MAX_BATCH, MAX_BATCH + 1, Integer.MAX_VALUE - 12, Integer.MAX_VALUE};

    private static ByteBuffer validBatch(CompressionType compression) {
        List<TestRecords.Input> inputs = TestRecords.randomInputs(new Random(compression.id()), 6, 1_000_000L);
        return TestRecords.buildOurs(compression, 10L, inputs);
    }

    @Test
    void shouldOnlyReportCorruptionForRandomBytes() {
        Random random = new Random(20_251_122L);
        for (int i = 0; i < 3_000; i++) {
            byte[] bytes = new byte[random.nextInt(400)];
            random.nextBytes(bytes);
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            if (bytes.length >= RECORDS_OFFSET && random.nextBoolean()) {
                // a plausible header so the fuzz reaches past the first checks
                buffer.putInt(LENGTH_OFFSET, bytes.length - 12).put(RecordBatchDescriptor.MAGIC_OFFSET, (byte) 2);
                buffer.putShort(RecordBatchDescriptor.ATTRIBUTES_OFFSET, (short) random.nextInt(5));
                buffer.putInt(RECORDS_COUNT_OFFSET, random.nextInt(8));
                buffer.putInt(LAST_OFFSET_DELTA_OFFSET, 7);
                Batches.fixCrc(buffer);
            }
            feed(buffer);
        }
    }

    @ParameterizedTest
    @EnumSource(CompressionType.class)
    void shouldOnlyReportCorruptionForEveryTruncation(CompressionType compression) {
        ByteBuffer batch = validBatch(compression);
        for (int length = 0; length < batch.remaining(); length++) {
            ByteBuffer truncated = Batches.copy(batch.duplicate().limit(length));
            feed(truncated);
            if (length >= RecordBatchDescriptor.LOG_OVERHEAD) {
                // the length field agreeing with the truncation, as a torn write could leave it
                feed(Batches.fixCrc(truncated.putInt(LENGTH_OFFSET, length - RecordBatchDescriptor.LOG_OVERHEAD)));
            }
        }
    }

    @ParameterizedTest
    @EnumSource(CompressionType.class)
    void shouldOnlyReportCorruptionForBitFlips(CompressionType compression) {
        ByteBuffer batch = validBatch(compression);
        Random random = new Random(31L * compression.id());
        for (int i = 0; i < 2_000; i++) {
            ByteBuffer mutated = Batches.copy(batch);
            int flips = 1 + random.nextInt(3);
            for (int f = 0; f < flips; f++) {
                int at = random.nextInt(mutated.limit());
                mutated.put(at, (byte) (mutated.get(at) ^ (1 << random.nextInt(8))));
            }
            if (i % 4 != 0) {
                Batches.fixCrc(mutated); // so most mutations reach the records
            }
            feed(mutated);
        }
    }

    @ParameterizedTest
    @EnumSource(CompressionType.class)
    void shouldOnlyReportCorruptionForMutatedRecordsInsideTheCompression(CompressionType compression) {
        ByteBuffer plain = validBatch(CompressionType.NONE);
        Random random = new Random(77L + compression.id());
        for (int i = 0; i < 1_000; i++) {
            ByteBuffer mutated = Batches.copy(plain);
            int at = RECORDS_OFFSET + random.nextInt(mutated.limit() - RECORDS_OFFSET);
            mutated.put(at, (byte) random.nextInt(256));
            if (random.nextBoolean()) {
                int at2 = RECORDS_OFFSET + random.nextInt(mutated.limit() - RECORDS_OFFSET);
                mutated.put(at2, (byte) (0x80 | random.nextInt(256))); // varint continuation bytes
            }
            feed(compression == CompressionType.NONE ? Batches.fixCrc(mutated) : Batches.recompress(mutated, compression));
        }
    }

    @ParameterizedTest
    @EnumSource(CompressionType.class)
    void shouldOnlyReportCorruptionForOutOfRangeSizesAndCounts(CompressionType compression) {
        ByteBuffer batch = validBatch(compression);
        int[] fields = {LENGTH_OFFSET, RECORDS_COUNT_OFFSET, LAST_OFFSET_DELTA_OFFSET};
        for (int field : fields) {
            for (int value : INTERESTING_INTS) {
                ByteBuffer mutated = Batches.copy(batch).putInt(field, value);
                feed(mutated);
                feed(Batches.fixCrc(mutated));
            }
        }
        for (int count : INTERESTING_INTS) {
            for (int lastOffsetDelta : INTERESTING_INTS) {
                feed(Batches.fixCrc(Batches.copy(batch).putInt(RECORDS_COUNT_OFFSET, count)
                    .putInt(LAST_OFFSET_DELTA_OFFSET, lastOffsetDelta)));
            }
        }
    }

    @Test
    void shouldStillReadTheUnmutatedBatches() {
        for (CompressionType compression : CompressionType.values()) {
            ByteBuffer batch = validBatch(compression);
            assertEquals(6, drain(new RecordBatchView(batch, 0).records(MAX_DECOMPRESSED)), compression.name());
        }
    }

    /** Feeds one input to every reader; anything but {@link CorruptRecordException} fails the test. */
    private static void feed(ByteBuffer input) {
        try {
            try {
                drain(new RecordBatchView(input, 0).records(MAX_DECOMPRESSED));
            } catch (CorruptRecordException expected) {
                // the records were checked without the CRC and found wanting
            }
            try {
                new RecordBatchView(input, 0).validateRecords(MAX_BATCH, MAX_DECOMPRESSED);
            } catch (CorruptRecordException expected) {
                // found corrupt
            }
            try {
                RecordBatchIterator batches = new RecordBatchIterator(input, MAX_BATCH);
                while (batches.hasNext()) {
                    drain(batches.next().records(MAX_DECOMPRESSED));
                }
            } catch (CorruptRecordException expected) {
                // found corrupt
            }
        } catch (Throwable unexpected) {
            fail("Unexpected " + unexpected + " for input " + TestRecords.hex(input), unexpected);
        }
    }

    private static int drain(BatchRecordIterator records) {
        RecordView view = new RecordView();
        int count = 0;
        while (records.hasNext() && count < 10_000) {
            records.nextInto(view);
            view.keyBytes();
            view.value();
            view.headers();
            count++;
        }
        return count;
    }
}
