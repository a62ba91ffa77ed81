package io.zkafka.coordination;

import java.util.Objects;

/**
 * A client quota entity as Kafka names it: a user, a client id, or both (a user's quota for one of its
 * client ids). A null part is not part of the entity; {@link #DEFAULT} ({@code <default>}) is the default
 * of that kind, e.g. {@code (DEFAULT, null)} the default user quota and {@code ("alice", DEFAULT)} alice's
 * default per client id. Names are kept as given; only the znode path sanitizes them (an empty name has no
 * znode). Immutable.
 */
public record ClientQuotaEntity(String user, String clientId) {
    /** The name of the default entity of a kind, as Kafka's ZooKeeper mode writes it into the path. */
    public static final String DEFAULT = "<default>";

    public ClientQuotaEntity {
        if (user == null && clientId == null) {
            throw new IllegalArgumentException("a client quota entity names a user, a client id or both");
        }
    }

    /** The quota entity of a user alone. */
    public static ClientQuotaEntity ofUser(String user) {
        return new ClientQuotaEntity(user, null);
    }

    /** The quota entity of a client id alone. */
    public static ClientQuotaEntity ofClientId(String clientId) {
        return new ClientQuotaEntity(null, clientId);
    }

    // written out: the broker looks quotas up by entity on every answer while a quota is set, and the
    // record's generated methods go through method handles, which C1 alone does not inline
    @Override
    public boolean equals(Object other) {
        return this == other || other instanceof ClientQuotaEntity that
            && Objects.equals(user, that.user) && Objects.equals(clientId, that.clientId);
    }

    @Override
    public int hashCode() {
        return Objects.hashCode(user) * 31 + Objects.hashCode(clientId);
    }

    @Override
    public String toString() {
        if (clientId == null) {
            return "user " + user;
        }
        return user == null ? "client-id " + clientId : "user " + user + ", client-id " + clientId;
    }
}
