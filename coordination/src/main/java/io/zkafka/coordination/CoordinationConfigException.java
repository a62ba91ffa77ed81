package io.zkafka.coordination;

/** A coordination setting is missing or invalid; the message names the key. */
public class CoordinationConfigException extends CoordinationException {
    private static final long serialVersionUID = 1L;

    public CoordinationConfigException(String message) {
        super(message);
    }

    public CoordinationConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
