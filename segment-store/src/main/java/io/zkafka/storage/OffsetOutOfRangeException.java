package io.zkafka.storage;

/** A read or truncation asked for an offset outside [log start offset, log end offset]. */
public class OffsetOutOfRangeException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public OffsetOutOfRangeException(String message) {
        super(message);
    }
}
