package io.zkafka.common.errors;

import io.zkafka.common.protocol.Errors;

/** An error that may go away if the same request is sent again later (after a metadata refresh). */
public class RetriableException extends ApiException {
    private static final long serialVersionUID = 1L;

    public RetriableException(Errors error, String message) {
        super(error, message);
    }
}
