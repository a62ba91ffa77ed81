package io.zkafka.common.errors;

import io.zkafka.common.protocol.Errors;

/** An operation did not finish within its configured time; the message names the operation and the limit. */
public class TimeoutException extends RetriableException {
    private static final long serialVersionUID = 1L;

    public TimeoutException(String message) {
        super(Errors.REQUEST_TIMED_OUT, message);
    }

    public TimeoutException(String message, Throwable cause) {
        this(message);
        initCause(cause);
    }
}
