package io.zkafka.coordination;

/**
 * One sequential znode under {@code /log_dir_event_notification} (Kafka's ZooKeeper mode): its name
 * (for deletion once handled), the broker whose log dir failed and the event type
 * ({@link #LOG_DIR_FAILURE}, the only one). Immutable.
 */
public record LogDirEventNotification(String name, int brokerId, int event) {
    /** Kafka's LogDirFailure event type. */
    public static final int LOG_DIR_FAILURE = 1;
}
