package io.zkafka.common.errors;

import io.zkafka.common.protocol.Errors;

/**
 * The broker received a batch whose sequence number does not follow the producer's last one on that
 * partition: records in between are missing. The idempotent producer retries it while an earlier
 * batch is unresolved, and otherwise bumps its epoch; a send that fails with it may have left a gap.
 */
public class OutOfOrderSequenceException extends ApiException {
    private static final long serialVersionUID = 1L;

    public OutOfOrderSequenceException(String message) {
        super(Errors.OUT_OF_ORDER_SEQUENCE_NUMBER, message);
    }
}
