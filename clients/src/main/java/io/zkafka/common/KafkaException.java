package io.zkafka.common;

/**
 * The root of the clients' own exceptions, as Kafka's {@code org.apache.kafka.common.KafkaException}:
 * every error a broker answered ({@link io.zkafka.common.errors.ApiException}) is one, and a
 * transactional producer wraps an error that aborts its transaction in one.
 */
public class KafkaException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public KafkaException(String message) {
        super(message);
    }

    public KafkaException(String message, Throwable cause) {
        super(message, cause);
    }

    public KafkaException(Throwable cause) {
        super(cause);
    }
}
