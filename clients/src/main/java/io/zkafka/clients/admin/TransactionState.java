package io.zkafka.clients.admin;

import java.util.Locale;

/**
 * A transaction's state as its coordinator names it (Kafka's admin {@code TransactionState}):
 * {@link #toString()} is the name on the wire and in the tools ("Ongoing", "PrepareCommit", ...); a
 * name this client does not know parses as {@link #UNKNOWN}.
 */
public enum TransactionState {
    ONGOING("Ongoing"),
    PREPARE_ABORT("PrepareAbort"),
    PREPARE_COMMIT("PrepareCommit"),
    COMPLETE_ABORT("CompleteAbort"),
    COMPLETE_COMMIT("CompleteCommit"),
    EMPTY("Empty"),
    PREPARE_EPOCH_FENCE("PrepareEpochFence"),
    UNKNOWN("Unknown");

    private final String name;

    TransactionState(String name) {
        this.name = name;
    }

    /** The state of a coordinator's name for it (exact, as on the wire), or {@link #UNKNOWN}. */
    public static TransactionState parse(String name) {
        for (TransactionState state : values()) {
            if (state.name.equals(name)) {
                return state;
            }
        }
        return UNKNOWN;
    }

    /** The state of a name a person typed: the wire name in any case, or the constant's name. */
    public static TransactionState parseLenient(String name) {
        String wanted = name.trim().toLowerCase(Locale.ROOT).replace("_", "");
        for (TransactionState state : values()) {
            if (state != UNKNOWN && state.name.toLowerCase(Locale.ROOT).equals(wanted)) {
                return state;
            }
        }
        throw new IllegalArgumentException("Unknown transaction state '" + name + "': expected one of Ongoing, "
            + "PrepareAbort, PrepareCommit, CompleteAbort, CompleteCommit, Empty, PrepareEpochFence");
    }

    @Override
    public String toString() {
        return name;
    }
}
