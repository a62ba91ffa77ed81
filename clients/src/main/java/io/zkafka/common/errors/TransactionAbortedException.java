package io.zkafka.common.errors;

import io.zkafka.common.KafkaException;

/**
 * The record was never sent: its transaction was aborted first (Kafka's exception for the records a
 * transactional producer drops when {@code abortTransaction} is called or an error aborts the
 * transaction).
 */
public class TransactionAbortedException extends KafkaException {
    private static final long serialVersionUID = 1L;

    public TransactionAbortedException(String message) {
        super(message);
    }

    public TransactionAbortedException(String message, Throwable cause) {
        super(message, cause);
    }
}
