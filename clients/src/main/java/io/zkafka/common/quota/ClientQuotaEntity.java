package io.zkafka.common.quota;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A client quota entity, as Kafka's: entity types ({@link #USER}, {@link #CLIENT_ID}) to names, a null name
 * meaning the default entity of that type. ZKafka stores and enforces user and client-id quotas; Kafka's
 * {@link #IP} entities are refused by the brokers. Immutable.
 */
public final class ClientQuotaEntity {
    public static final String USER = "user";
    public static final String CLIENT_ID = "client-id";
    /** Kafka's connection rate entity: known, but ZKafka does not enforce it. */
    public static final String IP = "ip";

    private final Map<String, String> entries;

    /** The entity of these types and names (a null name: the default of that type). */
    public ClientQuotaEntity(Map<String, String> entries) {
        this.entries = Collections.unmodifiableMap(new HashMap<>(entries));
    }

    /** Whether Kafka knows the entity type. */
    public static boolean isValidEntityType(String entityType) {
        return USER.equals(entityType) || CLIENT_ID.equals(entityType) || IP.equals(entityType);
    }

    /** The entity types and names; a null name is the default entity of its type. */
    public Map<String, String> entries() {
        return entries;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ClientQuotaEntity other && entries.equals(other.entries);
    }

    @Override
    public int hashCode() {
        return Objects.hash(entries);
    }

    @Override
    public String toString() {
        return "ClientQuotaEntity(entries=" + entries + ")";
    }
}
