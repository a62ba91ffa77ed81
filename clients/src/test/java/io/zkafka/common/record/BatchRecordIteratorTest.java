package io.zkafka.common.record;

import static io.zkafka.common.record.RecordBatchDescriptor.LAST_OFFSET_DELTA_OFFSET;
import static io.zkafka.common.record.RecordBatchDescriptor.RECORDS_COUNT_OFFSET;
import static io.zkafka.common.record.RecordBatchDescriptor.RECORDS_OFFSET;
import static io.zkafka.common.record.TestRecords.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkafka.common.errors.CorruptRecordException;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Record-level validation. The batches here hold records of key "k" and value "v" without
 * headers: 9 bytes each (length, attributes, timestamp delta, offset delta, key length, key,
 * value length, value, header count), so record {@code i} starts at {@code 61 + 9 i}.
 */
class BatchRecordIteratorTest {
    private static final int RECORD_SIZE = 9;
    private static final int OFFSET_DELTA = 3;
    private static final int KEY_LENGTH = 4;
    private static final int HEADER_COUNT = 8;

    private static ByteBuffer simpleBatch(int records) {
        RecordBatchBuilder builder = RecordBatchBuilder.uncompressed(0L, 1024);
        for (int i = 0; i < records; i++) {
            builder.append(0L, utf8("k"), utf8("v"));
        }
        ByteBuffer batch = builder.build();
        assertEquals(RECORDS_OFFSET + records * RECORD_SIZE, batch.remaining());
        return batch;
    }

    private static int fieldOf(int record, int field) {
        return RECORDS_OFFSET + record * RECORD_SIZE + field;
    }

    private static CorruptRecordException readAllExpectingCorruption(ByteBuffer batch, CompressionType compression) {
        ByteBuffer edited = compression == CompressionType.NONE ? Batches.fixCrc(batch) : Batches.recompress(batch, compression);
        return assertThrows(CorruptRecordException.class,
            () -> new RecordBatchView(edited, 0).validateRecords(1 << 20, 1 << 20));
    }

    @ParameterizedTest
    @EnumSource(CompressionType.class)
    void shouldRejectARecordCountTheRecordsDoNotHave(CompressionType compression) {
        ByteBuffer batch = simpleBatch(3);
        batch.putInt(RECORDS_COUNT_OFFSET, Integer.MAX_VALUE);
        batch.putInt(LAST_OFFSET_DELTA_OFFSET, Integer.MAX_VALUE);
        CorruptRecordException error = readAllExpectingCorruption(batch, compression);
        assertTrue(error.getMessage().contains("declares 2147483647 records but its records end after 3"),
            error.getMessage());
    }

    @ParameterizedTest
    @EnumSource(CompressionType.class)
    void shouldRejectBytesAfterTheLastRecord(CompressionType compression) {
        ByteBuffer batch = simpleBatch(3);
        batch.putInt(RECORDS_COUNT_OFFSET, 2);
        CorruptRecordException error = readAllExpectingCorruption(batch, compression);
        assertTrue(error.getMessage().contains("9 bytes follow the batch's last record"), error.getMessage());
    }

    @ParameterizedTest
    @EnumSource(CompressionType.class)
    void shouldRejectOffsetDeltasThatDoNotIncrease(CompressionType compression) {
        ByteBuffer batch = simpleBatch(3);
        batch.put(fieldOf(2, OFFSET_DELTA), (byte) 2); // zig-zag 1: the same as record 1's
        CorruptRecordException error = readAllExpectingCorruption(batch, compression);
        assertTrue(error.getMessage().contains("Offset delta 1 of record 2"), error.getMessage());
    }

    @Test
    void shouldRejectAnOffsetDeltaBeyondTheBatchsLastOffsetDelta() {
        ByteBuffer batch = simpleBatch(3);
        batch.put(fieldOf(2, OFFSET_DELTA), (byte) 6); // zig-zag 3, last offset delta is 2
        CorruptRecordException error = readAllExpectingCorruption(batch, CompressionType.NONE);
        assertTrue(error.getMessage().contains("last offset delta 2"), error.getMessage());
    }

    @ParameterizedTest
    @EnumSource(CompressionType.class)
    void shouldRejectAKeyLengthBeyondTheRecord(CompressionType compression) {
        ByteBuffer batch = simpleBatch(2);
        batch.put(fieldOf(0, KEY_LENGTH), (byte) 40); // zig-zag 20
        CorruptRecordException error = readAllExpectingCorruption(batch, compression);
        assertTrue(error.getMessage().contains("key length 20"), error.getMessage());
    }

    @Test
    void shouldRejectAKeyLengthBelowMinusOne() {
        ByteBuffer batch = simpleBatch(2);
        batch.put(fieldOf(1, KEY_LENGTH), (byte) 3); // zig-zag -2
        CorruptRecordException error = readAllExpectingCorruption(batch, CompressionType.NONE);
        assertTrue(error.getMessage().contains("key length -2"), error.getMessage());
    }

    @Test
    void shouldRejectANegativeHeaderCount() {
        ByteBuffer batch = simpleBatch(2);
        batch.put(fieldOf(1, HEADER_COUNT), (byte) 1); // zig-zag -1
        CorruptRecordException error = readAllExpectingCorruption(batch, CompressionType.NONE);
        assertTrue(error.getMessage().contains("Header count -1"), error.getMessage());
    }

    @Test
    void shouldRejectARecordLengthPastTheBatch() {
        ByteBuffer batch = simpleBatch(2);
        batch.put(fieldOf(1, 0), (byte) 0x7E); // zig-zag 63
        CorruptRecordException error = readAllExpectingCorruption(batch, CompressionType.NONE);
        assertTrue(error.getMessage().contains("Record length 63"), error.getMessage());
    }

    @Test
    void shouldRejectAnUnknownCompressionCodec() {
        ByteBuffer batch = simpleBatch(1);
        batch.putShort(RecordBatchDescriptor.ATTRIBUTES_OFFSET, (short) 6);
        CorruptRecordException error = readAllExpectingCorruption(batch, CompressionType.NONE);
        assertTrue(error.getMessage().contains("codec id 6"), error.getMessage());
        assertThrows(CorruptRecordException.class, () -> new RecordBatchView(batch, 0).records());
    }

    @ParameterizedTest
    @EnumSource(value = CompressionType.class, names = "NONE", mode = EnumSource.Mode.EXCLUDE)
    void shouldRefuseADecompressionBombPastTheLimit(CompressionType compression) {
        RecordBatchBuilder builder = RecordBatchBuilder.create(compression, 0L, 8 << 20);
        builder.append(0L, null, new byte[4 << 20]);
        ByteBuffer batch = builder.build();
        assertTrue(batch.remaining() < 512 * 1024, "the bomb is small: " + batch.remaining());
        RecordBatchView view = new RecordBatchView(batch, 0);
        view.validate(1 << 20);

        CorruptRecordException error = assertThrows(CorruptRecordException.class, () -> view.records(1 << 20));
        assertTrue(error.getMessage().contains("1048576"), error.getMessage());
        assertEquals(4 << 20, view.records(5 << 20).next().valueSize());
    }

    @Test
    void shouldReadUncompressedKeysAndValuesInPlace() {
        ByteBuffer batch = simpleBatch(2);
        RecordView record = new RecordBatchView(batch, 0).records().next();
        ByteBuffer value = record.value();
        assertEquals("v", new String(record.valueBytes(), java.nio.charset.StandardCharsets.UTF_8));
        batch.put(fieldOf(0, 7), (byte) 'w');
        assertEquals('w', value.get(0));
        assertTrue(value.isReadOnly());
    }

    @Test
    void shouldPointOneReusedViewAtEachRecord() {
        RecordBatchBuilder builder = RecordBatchBuilder.uncompressed(10L, 1024);
        builder.append(5L, null, utf8("a"));
        builder.append(6L, utf8("k"), null, new Header[] {new Header("h", null)});
        BatchRecordIterator records = new RecordBatchView(builder.build(), 0).records();
        RecordView view = new RecordView();

        assertSame(view, records.nextInto(view));
        assertEquals(10L, view.offset());
        assertNull(view.key());
        assertSame(view, records.nextInto(view));
        assertEquals(11L, view.offset());
        assertEquals(6L, view.timestamp());
        assertNull(view.value());
        assertEquals(new Header("h", null), view.headers()[0]);
        assertThrows(java.util.NoSuchElementException.class, () -> records.nextInto(view));
    }
}
