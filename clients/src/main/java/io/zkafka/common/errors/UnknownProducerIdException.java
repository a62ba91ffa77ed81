package io.zkafka.common.errors;

import io.zkafka.common.protocol.Errors;

/**
 * The broker has no state for the producer id (it expired after {@code producer.id.expiration.ms}, or
 * the partition lost it) and the batch does not start a sequence at 0. The idempotent producer
 * bumps its epoch and starts that partition's sequence again (KIP-360).
 */
public class UnknownProducerIdException extends ApiException {
    private static final long serialVersionUID = 1L;

    public UnknownProducerIdException(String message) {
        super(Errors.UNKNOWN_PRODUCER_ID, message);
    }
}
