package io.zkafka.common.errors;

import io.zkafka.common.protocol.Errors;

/**
 * The producer id is not the one the transaction coordinator maps to this transactional id (it expired
 * or another producer took it).
 */
public class InvalidPidMappingException extends ApiException {
    private static final long serialVersionUID = 1L;

    public InvalidPidMappingException(String message) {
        super(Errors.INVALID_PRODUCER_ID_MAPPING, message);
    }
}
