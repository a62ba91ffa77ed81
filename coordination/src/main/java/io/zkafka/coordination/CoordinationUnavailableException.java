package io.zkafka.coordination;

/** ZooKeeper could not be reached within the connection timeout, or the client is not started or already closed. Retriable once the connection is back. */
public class CoordinationUnavailableException extends CoordinationException {
    private static final long serialVersionUID = 1L;

    public CoordinationUnavailableException(String message) {
        super(message);
    }

    public CoordinationUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
