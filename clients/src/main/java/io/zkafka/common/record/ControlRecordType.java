package io.zkafka.common.record;

import io.zkafka.common.errors.CorruptRecordException;
import java.nio.ByteBuffer;

/**
 * The type of a control record, from its key (Kafka's {@code ControlRecordType}): a transaction's end
 * markers. The key is {@code int16 version (0) | int16 type}.
 */
public enum ControlRecordType {
    ABORT((short) 0),
    COMMIT((short) 1),
    /** A type this build does not know (a newer writer); readers skip it. */
    UNKNOWN((short) -1);

    public static final short CURRENT_KEY_VERSION = 0;
    public static final int KEY_SIZE = 4;

    public final short type;

    ControlRecordType(short type) {
        this.type = type;
    }

    /** The type named by a control record's key, UNKNOWN for a type this build does not know. */
    public static ControlRecordType parse(ByteBuffer key) {
        if (key == null || key.remaining() < KEY_SIZE) {
            throw new CorruptRecordException("A control record's key holds "
                + (key == null ? "nothing" : key.remaining() + " bytes") + ", fewer than " + KEY_SIZE);
        }
        short version = key.getShort(key.position());
        if (version < 0) {
            throw new CorruptRecordException("Control record key version " + version);
        }
        short type = key.getShort(key.position() + 2);
        return switch (type) {
            case 0 -> ABORT;
            case 1 -> COMMIT;
            default -> UNKNOWN;
        };
    }
}
