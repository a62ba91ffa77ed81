package io.zkafka.common;

/** The kind of leader election asked for, with Kafka's wire values: PREFERRED 0, UNCLEAN 1. */
public enum ElectionType {
    /** Make each partition's first assigned replica its leader, if it is in sync. */
    PREFERRED((byte) 0),
    /** Give a leaderless partition a leader even from outside its ISR (may lose data). */
    UNCLEAN((byte) 1);

    public final byte value;

    ElectionType(byte value) {
        this.value = value;
    }

    public static ElectionType forValue(byte value) {
        for (ElectionType type : values()) {
            if (type.value == value) {
                return type;
            }
        }
        throw new IllegalArgumentException("Unknown election type " + value + " (expected 0 PREFERRED or 1 UNCLEAN)");
    }
}
