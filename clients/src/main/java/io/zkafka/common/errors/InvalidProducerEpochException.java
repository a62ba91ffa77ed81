package io.zkafka.common.errors;

import io.zkafka.common.protocol.Errors;

/**
 * The batch carries a producer epoch older than the one the broker knows for its producer id: a
 * newer incarnation of the producer has written since (Kafka's answer to a fenced produce).
 */
public class InvalidProducerEpochException extends ApiException {
    private static final long serialVersionUID = 1L;

    public InvalidProducerEpochException(String message) {
        super(Errors.INVALID_PRODUCER_EPOCH, message);
    }
}
