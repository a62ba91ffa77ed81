package io.zkafka.common.errors;

import io.zkafka.common.protocol.Errors;

/** A batch is well formed but breaks a broker rule (for example a producer id without a sequence number). */
public class InvalidRecordException extends ApiException {
    private static final long serialVersionUID = 1L;

    public InvalidRecordException(String message) {
        super(Errors.INVALID_RECORD, message);
    }
}
