package io.zkafka.coordination;

/** Base of every failure the coordination module reports; Curator and ZooKeeper exceptions never escape it. */
public class CoordinationException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CoordinationException(String message) {
        super(message);
    }

    public CoordinationException(String message, Throwable cause) {
        super(message, cause);
    }
}
