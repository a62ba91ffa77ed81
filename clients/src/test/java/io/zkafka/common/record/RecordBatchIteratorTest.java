package io.zkafka.common.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkafka.common.errors.CorruptRecordException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RecordBatchIteratorTest {

    @Test
    void shouldStopCleanlyAtATrailingPartialBatchCutAnywhere() {
        List<ByteBuffer> batches = List.of(
            TestRecords.buildOurs(CompressionType.NONE, 0L, TestRecords.randomInputs(new Random(1), 3, 1_000L)),
            TestRecords.buildOurs(CompressionType.GZIP, 3L, TestRecords.randomInputs(new Random(2), 4, 1_000L)),
            TestRecords.buildOurs(CompressionType.ZSTD, 7L, TestRecords.randomInputs(new Random(3), 5, 1_000L)));
        List<Integer> ends = new ArrayList<>();
        ByteBuffer all = ByteBuffer.allocate(batches.stream().mapToInt(ByteBuffer::remaining).sum());
        for (ByteBuffer batch : batches) {
            all.put(batch.duplicate());
            ends.add(all.position());
        }

        for (int cut = 0; cut <= all.capacity(); cut++) {
            ByteBuffer fetched = all.duplicate().position(0).limit(cut);
            RecordBatchIterator iterator = new RecordBatchIterator(fetched, 1 << 20);
            int complete = 0;
            while (iterator.hasNext()) {
                RecordBatchView batch = iterator.next();
                BatchRecordIterator records = batch.records();
                while (records.hasNext()) {
                    records.next();
                }
                complete++;
            }
            int expectedComplete = (int) ends.stream().filter(end -> end <= fetched.limit()).count();
            assertEquals(expectedComplete, complete, "batches in a fetch cut at " + cut);
            int expectedPosition = expectedComplete == 0 ? 0 : ends.get(expectedComplete - 1);
            assertEquals(expectedPosition, iterator.position());
            assertEquals(expectedPosition != cut, iterator.hasPartialBatch());
        }
    }

    @Test
    void shouldRejectALengthFieldNoBatchCouldHave() {
        ByteBuffer batch = TestRecords.buildOurs(CompressionType.NONE, 0L, TestRecords.randomInputs(new Random(4), 3, 1_000L));
        ByteBuffer tooShort = Batches.copy(batch);
        tooShort.putInt(RecordBatchDescriptor.LENGTH_OFFSET, 10);
        CorruptRecordException shortError = assertThrows(CorruptRecordException.class,
            () -> new RecordBatchIterator(tooShort, 1 << 20).hasNext());
        assertTrue(shortError.getMessage().contains("length 10"), shortError.getMessage());

        ByteBuffer tooLong = Batches.copy(batch);
        tooLong.putInt(RecordBatchDescriptor.LENGTH_OFFSET, 5 << 20);
        assertThrows(CorruptRecordException.class, () -> new RecordBatchIterator(tooLong, 1 << 20).hasNext());
    }

    @Test
    void shouldRejectACorruptBatchAfterValidOnes() {
        ByteBuffer first = TestRecords.buildOurs(CompressionType.NONE, 0L, TestRecords.randomInputs(new Random(5), 3, 1_000L));
        ByteBuffer second = TestRecords.buildOurs(CompressionType.NONE, 3L, TestRecords.randomInputs(new Random(6), 3, 1_000L));
        ByteBuffer both = ByteBuffer.allocate(first.remaining() + second.remaining()).put(first.duplicate())
            .put(second.duplicate()).flip();
        int flipAt = first.remaining() + second.remaining() - 2;
        both.put(flipAt, (byte) (both.get(flipAt) ^ 0x10));

        RecordBatchIterator iterator = new RecordBatchIterator(both, 1 << 20);
        assertEquals(0L, iterator.next().baseOffset());
        CorruptRecordException error = assertThrows(CorruptRecordException.class, iterator::next);
        assertTrue(error.getMessage().contains("CRC"), error.getMessage());
    }

    @Test
    void shouldIterateNothingInAnEmptyBuffer() {
        RecordBatchIterator iterator = new RecordBatchIterator(ByteBuffer.allocate(0), 1024);
        assertFalse(iterator.hasNext());
        assertFalse(iterator.hasPartialBatch());
    }
}
