package io.zkafka.storage;

import java.io.IOException;

/** An I/O failure in a log folder: the disk, not the caller, is at fault (Kafka's KAFKA_STORAGE_ERROR). */
public class KafkaStorageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public KafkaStorageException(String message, IOException cause) {
        super(message, cause);
    }

    /** A log of a folder already offline: no new I/O error, so no cause and no stack trace worth logging. */
    public KafkaStorageException(String message) {
        super(message, null, false, false);
    }
}
