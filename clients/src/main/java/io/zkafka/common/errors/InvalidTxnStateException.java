package io.zkafka.common.errors;

import io.zkafka.common.protocol.Errors;

/**
 * A producer's write does not fit the state of its transaction in the partition, such as a
 * non-transactional batch while its transaction is open (Kafka's code 48).
 */
public class InvalidTxnStateException extends ApiException {
    private static final long serialVersionUID = 1L;

    public InvalidTxnStateException(String message) {
        super(Errors.INVALID_TXN_STATE, message);
    }
}
