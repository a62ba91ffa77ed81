package io.zkafka.coordination;

/** A reassignment was requested while {@code /admin/reassign_partitions} still holds a pending one. */
public class ReassignmentInProgressException extends CoordinationException {
    private static final long serialVersionUID = 1L;

    public ReassignmentInProgressException(String message) {
        super(message);
    }

    public ReassignmentInProgressException(String message, Throwable cause) {
        super(message, cause);
    }
}
