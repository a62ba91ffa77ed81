package io.zkafka.common.errors;

import io.zkafka.common.protocol.Errors;

/**
 * A transaction marker was sent at a coordinator epoch older than the one the partition last saw
 * for its producer: a newer transaction coordinator has taken over (Kafka's code 52).
 */
public class TransactionCoordinatorFencedException extends ApiException {
    private static final long serialVersionUID = 1L;

    public TransactionCoordinatorFencedException(String message) {
        super(Errors.TRANSACTION_COORDINATOR_FENCED, message);
    }
}
