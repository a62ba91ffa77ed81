package io.zkafka.clients.admin;

import java.util.Set;

/** Options of {@link Admin#listConsumerGroups(ListConsumerGroupsOptions)}: the states to list (empty: all). */
public class ListConsumerGroupsOptions {
    private Set<ConsumerGroupState> states = Set.of();

    public ListConsumerGroupsOptions inStates(Set<ConsumerGroupState> states) {
        this.states = states == null ? Set.of() : Set.copyOf(states);
        return this;
    }

    public Set<ConsumerGroupState> states() {
        return states;
    }
}
