package io.zkafka.storage;

/**
 * Batches whose offsets do not go up, or a follower append whose first offset does not continue
 * the log. The message names the offsets involved.
 */
public class UnexpectedAppendOffsetException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public UnexpectedAppendOffsetException(String message) {
        super(message);
    }
}
