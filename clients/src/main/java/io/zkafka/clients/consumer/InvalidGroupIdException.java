package io.zkafka.clients.consumer;

import io.zkafka.common.errors.ApiException;
import io.zkafka.common.protocol.Errors;

/** A group API was used without a {@code group.id}. */
public class InvalidGroupIdException extends ApiException {
    public InvalidGroupIdException(String message) {
        super(Errors.INVALID_GROUP_ID, message);
    }
}
