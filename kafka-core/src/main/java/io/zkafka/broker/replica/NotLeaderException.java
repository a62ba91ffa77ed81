package io.zkafka.broker.replica;

/** This broker does not lead the partition (any more): the client refreshes metadata and retries. */
public final class NotLeaderException extends Exception {
    private static final long serialVersionUID = 1L;

    public NotLeaderException(String message) {
        super(message, null, false, false);
    }
}
