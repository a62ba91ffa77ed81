package io.zkafka.common.record;

/**
 * The static layout of a record batch, byte-compatible with Apache Kafka's record batch format v2
 * (magic 2). All multi-byte fields are big-endian.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                     base offset (int64)                       |   0
 * |                                                               |
 * +---------------------------------------------------------------+
 * |   batch length (int32): bytes after this field                |   8
 * +---------------------------------------------------------------+
 * |   partition leader epoch (int32)                              |  12
 * +---------------+-----------------------------------------------+
 * | magic (int8)  |   crc (uint32, CRC-32C of attributes .. end)  |  16
 * +---------------+---------------+-------------------------------+
 * |   ...crc      | attributes (int16)            | last offset   |  21
 * +---------------+-------------------------------+   delta       |
 * |   (int32)                                                     |  23
 * +---------------------------------------------------------------+
 * |   base timestamp (int64)                                      |  27
 * +---------------------------------------------------------------+
 * |   max timestamp (int64)                                       |  35
 * +---------------------------------------------------------------+
 * |   producer id (int64)                                         |  43
 * +-------------------------------+-------------------------------+
 * |   producer epoch (int16)      |   base sequence (int32)       |  51
 * +-------------------------------+-------------------------------+
 * |   record count (int32)                                        |  57
 * +---------------------------------------------------------------+
 * |   records (compressed as a whole when attributes say so)      |  61
 * +---------------------------------------------------------------+
 * </pre>
 *
 * <p>Attributes: bits 0-2 compression codec ({@link CompressionType#id()}), bit 3 timestamp type
 * (0 create time, 1 log append time), bit 4 transactional, bit 5 control batch, bit 6 delete
 * horizon present. The CRC covers the attributes field to the end of the batch, so the broker may
 * stamp the base offset and partition leader epoch without recomputing it.
 */
public final class RecordBatchDescriptor {

    public static final byte MAGIC_V2 = 2;

    public static final int BASE_OFFSET_OFFSET = 0;
    public static final int BASE_OFFSET_LENGTH = 8;
    public static final int LENGTH_OFFSET = BASE_OFFSET_OFFSET + BASE_OFFSET_LENGTH;
    public static final int LENGTH_LENGTH = 4;
    /** Bytes before the batch length's count starts: a reader needs this many to know the size. */
    public static final int LOG_OVERHEAD = LENGTH_OFFSET + LENGTH_LENGTH;
    public static final int PARTITION_LEADER_EPOCH_OFFSET = LENGTH_OFFSET + LENGTH_LENGTH;
    public static final int PARTITION_LEADER_EPOCH_LENGTH = 4;
    public static final int MAGIC_OFFSET = PARTITION_LEADER_EPOCH_OFFSET + PARTITION_LEADER_EPOCH_LENGTH;
    public static final int MAGIC_LENGTH = 1;
    public static final int CRC_OFFSET = MAGIC_OFFSET + MAGIC_LENGTH;
    public static final int CRC_LENGTH = 4;
    public static final int ATTRIBUTES_OFFSET = CRC_OFFSET + CRC_LENGTH;
    public static final int ATTRIBUTES_LENGTH = 2;
    public static final int LAST_OFFSET_DELTA_OFFSET = ATTRIBUTES_OFFSET + ATTRIBUTES_LENGTH;
    public static final int LAST_OFFSET_DELTA_LENGTH = 4;
    public static final int BASE_TIMESTAMP_OFFSET = LAST_OFFSET_DELTA_OFFSET + LAST_OFFSET_DELTA_LENGTH;
    public static final int BASE_TIMESTAMP_LENGTH = 8;
    public static final int MAX_TIMESTAMP_OFFSET = BASE_TIMESTAMP_OFFSET + BASE_TIMESTAMP_LENGTH;
    public static final int MAX_TIMESTAMP_LENGTH = 8;
    public static final int PRODUCER_ID_OFFSET = MAX_TIMESTAMP_OFFSET + MAX_TIMESTAMP_LENGTH;
    public static final int PRODUCER_ID_LENGTH = 8;
    public static final int PRODUCER_EPOCH_OFFSET = PRODUCER_ID_OFFSET + PRODUCER_ID_LENGTH;
    public static final int PRODUCER_EPOCH_LENGTH = 2;
    public static final int BASE_SEQUENCE_OFFSET = PRODUCER_EPOCH_OFFSET + PRODUCER_EPOCH_LENGTH;
    public static final int BASE_SEQUENCE_LENGTH = 4;
    public static final int RECORDS_COUNT_OFFSET = BASE_SEQUENCE_OFFSET + BASE_SEQUENCE_LENGTH;
    public static final int RECORDS_COUNT_LENGTH = 4;
    public static final int RECORDS_OFFSET = RECORDS_COUNT_OFFSET + RECORDS_COUNT_LENGTH;
    /** Size of an empty batch: the header alone. */
    public static final int HEADER_SIZE = RECORDS_OFFSET;

    public static final int COMPRESSION_CODEC_MASK = 0x07;
    public static final int TIMESTAMP_TYPE_MASK = 0x08;
    public static final int TRANSACTIONAL_FLAG_MASK = 0x10;
    public static final int CONTROL_FLAG_MASK = 0x20;
    public static final int DELETE_HORIZON_FLAG_MASK = 0x40;

    public static final long NO_PRODUCER_ID = -1L;
    public static final short NO_PRODUCER_EPOCH = -1;
    public static final int NO_SEQUENCE = -1;
    public static final int NO_PARTITION_LEADER_EPOCH = -1;
    public static final long NO_TIMESTAMP = -1L;

    private RecordBatchDescriptor() {
    }
}
