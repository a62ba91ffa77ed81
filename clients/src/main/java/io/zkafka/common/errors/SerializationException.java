package io.zkafka.common.errors;

/** A key or value could not be serialized or deserialized; the message names the data and why. */
public class SerializationException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public SerializationException(String message) {
        super(message);
    }

    public SerializationException(String message, Throwable cause) {
        super(message, cause);
    }
}
