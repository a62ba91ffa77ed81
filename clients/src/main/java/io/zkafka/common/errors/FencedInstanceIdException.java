package io.zkafka.common.errors;

import io.zkafka.common.protocol.Errors;

/**
 * Another consumer joined the group with this consumer's {@code group.instance.id}: this one is
 * fenced and must stop. Fatal: the consumer only closes after it.
 */
public class FencedInstanceIdException extends ApiException {
    private static final long serialVersionUID = 1L;

    public FencedInstanceIdException(String message) {
        super(Errors.FENCED_INSTANCE_ID, message);
    }
}
