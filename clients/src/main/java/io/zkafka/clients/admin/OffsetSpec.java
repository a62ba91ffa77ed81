package io.zkafka.clients.admin;

/** Which offset listOffsets looks up: the earliest, the latest, or the first at or after a timestamp. */
public class OffsetSpec {
    private final long timestamp;

    private OffsetSpec(long timestamp) {
        this.timestamp = timestamp;
    }

    public static OffsetSpec earliest() {
        return new OffsetSpec(-2L);
    }

    public static OffsetSpec latest() {
        return new OffsetSpec(-1L);
    }

    public static OffsetSpec forTimestamp(long timestamp) {
        if (timestamp < 0) {
            throw new IllegalArgumentException("Timestamp " + timestamp + " is negative");
        }
        return new OffsetSpec(timestamp);
    }

    /** The ListOffsets wire value: -2 earliest, -1 latest, else the timestamp. */
    public long timestamp() {
        return timestamp;
    }

    @Override
    public String toString() {
        return timestamp == -2L ? "earliest" : timestamp == -1L ? "latest" : "timestamp " + timestamp;
    }
}
