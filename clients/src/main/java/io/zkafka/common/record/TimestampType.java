package io.zkafka.common.record;

/** Whose clock a batch's timestamps come from: the producer's, or the broker's at append. */
public enum TimestampType {
    CREATE_TIME("CreateTime"),
    LOG_APPEND_TIME("LogAppendTime");

    private final String displayName;

    TimestampType(String displayName) {
        this.displayName = displayName;
    }

    /** The name Kafka's tools print and its {@code message.timestamp.type} config accepts. */
    public String displayName() {
        return displayName;
    }

    public static TimestampType forName(String name) {
        for (TimestampType type : values()) {
            if (type.displayName.equals(name)) {
                return type;
            }
        }
        throw new IllegalArgumentException("Unknown timestamp type '" + name
            + "'; expected CreateTime or LogAppendTime");
    }
}
