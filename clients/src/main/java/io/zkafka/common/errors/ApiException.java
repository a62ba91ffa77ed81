package io.zkafka.common.errors;

import io.zkafka.common.KafkaException;
import io.zkafka.common.protocol.Errors;

/**
 * An error a broker answered with, turned back into an exception at the client's API edge. The
 * {@link #error()} says which; {@link RetriableException} marks the ones worth retrying.
 */
public class ApiException extends KafkaException {
    private static final long serialVersionUID = 1L;

    private final Errors error;

    public ApiException(Errors error, String message) {
        super(message);
        this.error = error;
    }

    public ApiException(Errors error, String message, Throwable cause) {
        super(message, cause);
        this.error = error;
    }

    public Errors error() {
        return error;
    }

    /**
     * The exception for a wire error, with {@code detail} (a topic, a partition) in its message; the
     * producer-state errors get their own classes, as in Kafka.
     */
    public static ApiException forError(Errors error, String detail) {
        String message = detail == null || detail.isEmpty()
            ? error.name() + ": " + error.message()
            : error.name() + " (" + detail + "): " + error.message();
        return switch (error) {
            case OUT_OF_ORDER_SEQUENCE_NUMBER -> new OutOfOrderSequenceException(message);
            case DUPLICATE_SEQUENCE_NUMBER -> new DuplicateSequenceException(message);
            case INVALID_PRODUCER_EPOCH -> new InvalidProducerEpochException(message);
            case INVALID_PRODUCER_ID_MAPPING -> new InvalidPidMappingException(message);
            case UNKNOWN_PRODUCER_ID -> new UnknownProducerIdException(message);
            case PRODUCER_FENCED -> new ProducerFencedException(message);
            case INVALID_RECORD -> new InvalidRecordException(message);
            case INVALID_TXN_STATE -> new InvalidTxnStateException(message);
            case TRANSACTION_COORDINATOR_FENCED -> new TransactionCoordinatorFencedException(message);
            case SASL_AUTHENTICATION_FAILED, UNSUPPORTED_SASL_MECHANISM, ILLEGAL_SASL_STATE ->
                new AuthenticationException(error, message);
            default -> error.isRetriable() ? new RetriableException(error, message) : new ApiException(error, message);
        };
    }
}
