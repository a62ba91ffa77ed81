package io.zkafka.common.quota;

import java.util.Objects;
import java.util.Optional;

/**
 * How one entity type of a {@link ClientQuotaFilter} must match, as Kafka's: a given name
 * ({@link #ofEntity}), the default entity ({@link #ofDefaultEntity}) or any name including the default
 * ({@link #ofEntityType}). Immutable.
 */
public final class ClientQuotaFilterComponent {
    private final String entityType;
    private final Optional<String> match;

    private ClientQuotaFilterComponent(String entityType, Optional<String> match) {
        this.entityType = Objects.requireNonNull(entityType, "entityType");
        this.match = match;
    }

    /** Entities of {@code entityType} named {@code entityName}. */
    public static ClientQuotaFilterComponent ofEntity(String entityType, String entityName) {
        return new ClientQuotaFilterComponent(entityType, Optional.of(Objects.requireNonNull(entityName, "entityName")));
    }

    /** The default entity of {@code entityType}. */
    public static ClientQuotaFilterComponent ofDefaultEntity(String entityType) {
        return new ClientQuotaFilterComponent(entityType, Optional.empty());
    }

    /** Any entity of {@code entityType}, the default included. */
    public static ClientQuotaFilterComponent ofEntityType(String entityType) {
        return new ClientQuotaFilterComponent(entityType, null);
    }

    public String entityType() {
        return entityType;
    }

    /** The name to match, empty for the default entity, or null for any entity of the type (Kafka's contract). */
    public Optional<String> match() {
        return match;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ClientQuotaFilterComponent other && entityType.equals(other.entityType)
            && Objects.equals(match, other.match);
    }

    @Override
    public int hashCode() {
        return Objects.hash(entityType, match);
    }

    @Override
    public String toString() {
        return "ClientQuotaFilterComponent(entityType=" + entityType + ", match=" + match + ")";
    }
}
