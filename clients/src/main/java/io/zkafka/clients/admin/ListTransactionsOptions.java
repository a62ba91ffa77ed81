package io.zkafka.clients.admin;

import java.util.Collection;
import java.util.Set;

/**
 * Options of {@link Admin#listTransactions}: keep only transactions in these states, of these
 * producer ids, or open for longer than a duration (each filter off by default).
 */
public class ListTransactionsOptions {
    private Set<TransactionState> filteredStates = Set.of();
    private Set<Long> filteredProducerIds = Set.of();
    private long filteredDuration = -1L;

    public ListTransactionsOptions filterStates(Collection<TransactionState> states) {
        this.filteredStates = Set.copyOf(states);
        return this;
    }

    public ListTransactionsOptions filterProducerIds(Collection<Long> producerIdFilters) {
        this.filteredProducerIds = Set.copyOf(producerIdFilters);
        return this;
    }

    /** Only transactions that have been open for longer than {@code durationMs} (and so are open). */
    public ListTransactionsOptions filterOnDuration(long durationMs) {
        if (durationMs < 0) {
            throw new IllegalArgumentException("The duration filter must not be negative: " + durationMs);
        }
        this.filteredDuration = durationMs;
        return this;
    }

    public Set<TransactionState> filteredStates() {
        return filteredStates;
    }

    public Set<Long> filteredProducerIds() {
        return filteredProducerIds;
    }

    /** The duration filter in milliseconds, -1 when off. */
    public long filteredDuration() {
        return filteredDuration;
    }
}
