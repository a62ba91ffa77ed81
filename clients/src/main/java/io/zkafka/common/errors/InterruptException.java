package io.zkafka.common.errors;

/**
 * A client call was interrupted. The thread's interrupt flag is set again, so code above still
 * sees the interruption.
 */
public class InterruptException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public InterruptException(String message, InterruptedException cause) {
        super(message, cause);
        Thread.currentThread().interrupt();
    }

    public InterruptException(InterruptedException cause) {
        this("The client call was interrupted", cause);
    }
}
