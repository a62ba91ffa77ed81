package io.zkafka.clients.admin;

import java.util.Objects;

/** A transactional id as ListTransactions names it: its current producer id and state. Immutable. */
public final class TransactionListing {
    private final String transactionalId;
    private final long producerId;
    private final TransactionState state;

    public TransactionListing(String transactionalId, long producerId, TransactionState state) {
        this.transactionalId = Objects.requireNonNull(transactionalId);
        this.producerId = producerId;
        this.state = Objects.requireNonNull(state);
    }

    public String transactionalId() {
        return transactionalId;
    }

    public long producerId() {
        return producerId;
    }

    public TransactionState state() {
        return state;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TransactionListing that && transactionalId.equals(that.transactionalId)
            && producerId == that.producerId && state == that.state;
    }

    @Override
    public int hashCode() {
        return Objects.hash(transactionalId, producerId, state);
    }

    @Override
    public String toString() {
        return "TransactionListing(transactionalId='" + transactionalId + "', producerId=" + producerId + ", state="
            + state + ")";
    }
}
