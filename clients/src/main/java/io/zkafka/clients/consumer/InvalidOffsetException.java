package io.zkafka.clients.consumer;

import io.zkafka.common.TopicPartition;
import io.zkafka.common.errors.ApiException;
import io.zkafka.common.protocol.Errors;
import java.util.Set;

/** A partition has no valid position and {@code auto.offset.reset} cannot give it one. */
public abstract class InvalidOffsetException extends ApiException {
    private static final long serialVersionUID = 1L;

    protected InvalidOffsetException(Errors error, String message) {
        super(error, message);
    }

    /** The partitions concerned. */
    public abstract Set<TopicPartition> partitions();
}
