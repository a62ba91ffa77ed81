package io.zkafka.storage;

/** An appended batch is larger than the log's {@code max.message.bytes} (Kafka's MESSAGE_TOO_LARGE). */
public class RecordBatchTooLargeException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public RecordBatchTooLargeException(String message) {
        super(message);
    }
}
