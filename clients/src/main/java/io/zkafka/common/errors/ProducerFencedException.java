package io.zkafka.common.errors;

import io.zkafka.common.protocol.Errors;

/**
 * A newer producer with the same {@code transactional.id} has fenced this one. Fatal: the producer
 * can only be closed.
 */
public class ProducerFencedException extends ApiException {
    private static final long serialVersionUID = 1L;

    public ProducerFencedException(String message) {
        super(Errors.PRODUCER_FENCED, message);
    }
}
