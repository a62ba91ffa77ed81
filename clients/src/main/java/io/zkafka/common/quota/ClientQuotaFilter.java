package io.zkafka.common.quota;

import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * Which client quota entities to describe, as Kafka's: entities matching every component, with any other
 * entity types ({@link #contains}) or none ({@link #containsOnly}). Immutable.
 */
public final class ClientQuotaFilter {
    private final List<ClientQuotaFilterComponent> components;
    private final boolean strict;

    private ClientQuotaFilter(Collection<ClientQuotaFilterComponent> components, boolean strict) {
        this.components = List.copyOf(components);
        this.strict = strict;
    }

    /** Entities that match every component, whatever other types they have. */
    public static ClientQuotaFilter contains(Collection<ClientQuotaFilterComponent> components) {
        return new ClientQuotaFilter(components, false);
    }

    /** Entities that match every component and have no other type. */
    public static ClientQuotaFilter containsOnly(Collection<ClientQuotaFilterComponent> components) {
        return new ClientQuotaFilter(components, true);
    }

    /** Every entity with quotas. */
    public static ClientQuotaFilter all() {
        return contains(List.of());
    }

    public Collection<ClientQuotaFilterComponent> components() {
        return components;
    }

    public boolean strict() {
        return strict;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ClientQuotaFilter other && strict == other.strict && components.equals(other.components);
    }

    @Override
    public int hashCode() {
        return Objects.hash(components, strict);
    }

    @Override
    public String toString() {
        return "ClientQuotaFilter(components=" + components + ", strict=" + strict + ")";
    }
}
