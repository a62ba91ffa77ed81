package io.zkafka.common.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zkafka.common.errors.CorruptRecordException;
import java.nio.ByteBuffer;
import org.apache.kafka.common.record.ControlRecordType;
import org.apache.kafka.common.record.EndTransactionMarker;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.Record;
import org.apache.kafka.common.record.RecordBatch;
import org.junit.jupiter.api.Test;

/** Our end transaction markers are Kafka's, byte for byte in meaning: Kafka's reader agrees, and ours reads Kafka's. */
class EndTransactionMarkerTest {

    @Test
    void shouldWriteAControlBatchThatKafkaReadsAsACommitMarker() {
        ByteBuffer batch = new io.zkafka.common.record.EndTransactionMarker(io.zkafka.common.record.ControlRecordType.COMMIT, 42)
            .toBatch(9_001L, (short) 4, 1_700_000_000_000L);
        RecordBatch kafkaBatch = MemoryRecords.readableRecords(batch).batches().iterator().next();
        assertTrue(kafkaBatch.isControlBatch());
        assertTrue(kafkaBatch.isTransactional());
        assertEquals(9_001L, kafkaBatch.producerId());
        assertEquals((short) 4, kafkaBatch.producerEpoch());
        assertEquals(RecordBatch.NO_SEQUENCE, kafkaBatch.baseSequence());
        kafkaBatch.ensureValid();
        Record record = kafkaBatch.iterator().next();
        assertEquals(ControlRecordType.COMMIT, ControlRecordType.parse(record.key()));
        EndTransactionMarker marker = EndTransactionMarker.deserialize(record);
        assertEquals(42, marker.coordinatorEpoch());
    }

    @Test
    void shouldReadKafkasAbortMarker() {
        MemoryRecords kafka = MemoryRecords.withEndTransactionMarker(5L, 1_000L, 3, 7_777L, (short) 2,
            new EndTransactionMarker(ControlRecordType.ABORT, 11));
        RecordBatchView view = new RecordBatchView(kafka.buffer(), 0);
        io.zkafka.common.record.EndTransactionMarker ours = io.zkafka.common.record.EndTransactionMarker.read(view);
        assertEquals(io.zkafka.common.record.ControlRecordType.ABORT, ours.type());
        assertEquals(11, ours.coordinatorEpoch());
        assertEquals(7_777L, view.producerId());
    }

    @Test
    void shouldSkipUnknownControlTypesAndRefuseShortKeys() {
        ByteBuffer key = ByteBuffer.allocate(4).putShort((short) 0).putShort((short) 9).flip();
        assertEquals(io.zkafka.common.record.ControlRecordType.UNKNOWN, io.zkafka.common.record.ControlRecordType.parse(key));
        RecordBatchBuilder builder = RecordBatchBuilder.uncompressed(0, 64).transactional(true).controlBatch(true)
            .producer(1L, (short) 0, -1);
        builder.append(0L, key.array(), new byte[6]);
        assertNull(io.zkafka.common.record.EndTransactionMarker.read(new RecordBatchView(builder.build(), 0)));
        assertThrows(CorruptRecordException.class,
            () -> io.zkafka.common.record.ControlRecordType.parse(ByteBuffer.allocate(2)));
    }
}
