package io.zkafka.common.errors;

import io.zkafka.common.protocol.Errors;

/** A record (or batch) is larger than the client's or the broker's limit; the message gives both sizes. */
public class RecordTooLargeException extends ApiException {
    private static final long serialVersionUID = 1L;

    public RecordTooLargeException(String message) {
        super(Errors.MESSAGE_TOO_LARGE, message);
    }
}
