package io.zkafka.common.record;

import io.zkafka.common.errors.CorruptRecordException;
import java.nio.ByteBuffer;

/**
 * A transaction's commit or abort marker: the one record of a control batch that a partition leader
 * appends for a producer when its transaction coordinator ends the transaction (Kafka's format).
 *
 * <pre>
 * control batch: attributes transactional | control, the producer's id and epoch, base sequence -1,
 *                exactly one record:
 *   key    int16 version (0) | int16 type (0 abort, 1 commit)
 *   value  int16 version (0) | int32 coordinator epoch
 * </pre>
 */
public record EndTransactionMarker(ControlRecordType type, int coordinatorEpoch) {
    public static final short CURRENT_VALUE_VERSION = 0;
    private static final int VALUE_SIZE = 6;

    public EndTransactionMarker {
        if (type != ControlRecordType.ABORT && type != ControlRecordType.COMMIT) {
            throw new IllegalArgumentException("An end transaction marker is a COMMIT or an ABORT, not " + type);
        }
    }

    public boolean isCommit() {
        return type == ControlRecordType.COMMIT;
    }

    /**
     * The marker as a control batch at base offset 0 (the leader stamps the real one), written for
     * {@code producerId} at {@code producerEpoch} at {@code timestamp}.
     */
    public ByteBuffer toBatch(long producerId, short producerEpoch, long timestamp) {
        ByteBuffer key = ByteBuffer.allocate(ControlRecordType.KEY_SIZE);
        key.putShort(ControlRecordType.CURRENT_KEY_VERSION).putShort(type.type).flip();
        ByteBuffer value = ByteBuffer.allocate(VALUE_SIZE);
        value.putShort(CURRENT_VALUE_VERSION).putInt(coordinatorEpoch).flip();
        RecordBatchBuilder builder = RecordBatchBuilder.uncompressed(0, 64)
            .producer(producerId, producerEpoch, RecordBatchDescriptor.NO_SEQUENCE)
            .transactional(true)
            .controlBatch(true);
        builder.append(timestamp, key.array(), value.array());
        return builder.build();
    }

    /** The marker in the one record of a control batch; null for a control type this build does not know. */
    public static EndTransactionMarker read(RecordView record) {
        ControlRecordType type = ControlRecordType.parse(record.key());
        if (type == ControlRecordType.UNKNOWN) {
            return null;
        }
        ByteBuffer value = record.value();
        if (value == null || value.remaining() < VALUE_SIZE) {
            throw new CorruptRecordException("An end transaction marker's value holds "
                + (value == null ? "nothing" : value.remaining() + " bytes") + ", fewer than " + VALUE_SIZE);
        }
        short version = value.getShort(value.position());
        if (version < 0) {
            throw new CorruptRecordException("End transaction marker value version " + version);
        }
        return new EndTransactionMarker(type, value.getInt(value.position() + 2));
    }

    /** The marker of a control batch, reading its one record; null for an unknown control type. */
    public static EndTransactionMarker read(RecordBatchView batch) {
        if (!batch.isControlBatch()) {
            throw new IllegalArgumentException("Not a control batch: " + batch);
        }
        BatchRecordIterator records = batch.records();
        if (!records.hasNext()) {
            throw new CorruptRecordException("A control batch without a record at offset " + batch.baseOffset());
        }
        return read(records.next());
    }
}
