package io.zkafka.common.errors;

import io.zkafka.common.protocol.Errors;

/**
 * The broker already wrote a batch with this sequence number but no longer remembers where. The
 * producer treats it as success without an offset.
 */
public class DuplicateSequenceException extends ApiException {
    private static final long serialVersionUID = 1L;

    public DuplicateSequenceException(String message) {
        super(Errors.DUPLICATE_SEQUENCE_NUMBER, message);
    }
}
