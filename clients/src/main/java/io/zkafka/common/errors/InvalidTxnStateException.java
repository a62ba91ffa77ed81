package io.zkafka.common.errors;

import io.zkafka.common.protocol.Errors;

/**
 * The transaction coordinator refused a transactional request in the transaction's present state
 * (for example an EndTxn that does not match the transaction's ongoing commit or abort). Fatal for
 * the producer, as in Kafka.
 */
public class InvalidTxnStateException extends ApiException {
    private static final long serialVersionUID = 1L;

    public InvalidTxnStateException(String message) {
        super(Errors.INVALID_TXN_STATE, message);
    }
}
