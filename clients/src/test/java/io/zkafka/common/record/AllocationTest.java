package io.zkafka.common.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/**
 * The hot paths allocate nothing per record: appending into a builder with room, and walking an
 * uncompressed batch with a reused view. Measured with the JVM's per-thread allocation counter;
 * 10,000 records allocating even 16 bytes each would exceed the allowance tenfold.
 */
class AllocationTest {
    private static final int RECORDS = 10_000;
    private static final long ALLOWANCE = 16 * 1024;
    private static final com.sun.management.ThreadMXBean THREADS =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    @Test
    void shouldAppendRecordsWithoutAllocating() {
        byte[] key = TestRecords.utf8("key");
        byte[] value = new byte[100];
        Header[] headers = {new Header("trace-id", value), new Header("nïl", null)};
        for (int round = 0; round < 3; round++) { // warm up, then measure the last round
            RecordBatchBuilder builder = new RecordBatchBuilder(CompressionType.NONE, TimestampType.CREATE_TIME, 0L,
                8 << 20, 8 << 20);
            long before = allocatedBytes();
            for (int i = 0; i < RECORDS; i++) {
                builder.append(1_000L + i, key, value, headers);
            }
            long allocated = allocatedBytes() - before;
            if (round == 2) {
                assertTrue(allocated < ALLOWANCE, "appending " + RECORDS + " records allocated " + allocated + " bytes");
            }
        }
    }

    @Test
    void shouldReadUncompressedRecordsWithAReusedViewWithoutAllocating() {
        RecordBatchBuilder builder = RecordBatchBuilder.uncompressed(0L, 8 << 20);
        for (int i = 0; i < RECORDS; i++) {
            builder.append(i, TestRecords.utf8("k"), new byte[20]);
        }
        ByteBuffer batch = builder.build();
        RecordView view = new RecordView();
        for (int round = 0; round < 3; round++) {
            BatchRecordIterator records = new RecordBatchView(batch, 0).records();
            long before = allocatedBytes();
            long sum = 0;
            while (records.hasNext()) {
                sum += records.nextInto(view).valueSize();
            }
            long allocated = allocatedBytes() - before;
            assertEquals(20L * RECORDS, sum);
            if (round == 2) {
                assertTrue(allocated < ALLOWANCE, "reading " + RECORDS + " records allocated " + allocated + " bytes");
            }
        }
    }

    private static long allocatedBytes() {
        return THREADS.getThreadAllocatedBytes(Thread.currentThread().getId());
    }
}
