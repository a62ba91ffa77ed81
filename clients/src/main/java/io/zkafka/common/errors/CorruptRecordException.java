package io.zkafka.common.errors;

/**
 * Bytes that claim to be a record batch but are not a valid one: bad CRC, bad magic, a length out
 * of range, a truncated batch, records that do not parse. The message says which.
 */
public class CorruptRecordException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CorruptRecordException(String message) {
        super(message);
    }

    public CorruptRecordException(String message, Throwable cause) {
        super(message, cause);
    }
}
