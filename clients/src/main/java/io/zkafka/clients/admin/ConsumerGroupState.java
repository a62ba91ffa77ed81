package io.zkafka.clients.admin;

import java.util.Locale;

/** Where a consumer group is in its rebalance cycle, under Kafka's names. */
public enum ConsumerGroupState {
    UNKNOWN("Unknown"),
    PREPARING_REBALANCE("PreparingRebalance"),
    COMPLETING_REBALANCE("CompletingRebalance"),
    STABLE("Stable"),
    DEAD("Dead"),
    EMPTY("Empty");

    private final String name;

    ConsumerGroupState(String name) {
        this.name = name;
    }

    /** The state named so (any case), or UNKNOWN. */
    public static ConsumerGroupState parse(String name) {
        if (name != null) {
            for (ConsumerGroupState state : values()) {
                if (state.name.toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT))) {
                    return state;
                }
            }
        }
        return UNKNOWN;
    }

    @Override
    public String toString() {
        return name;
    }
}
