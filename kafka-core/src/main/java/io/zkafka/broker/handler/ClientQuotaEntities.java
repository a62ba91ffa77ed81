package io.zkafka.broker.handler;

import static io.zkafka.common.quota.ClientQuotaEntity.CLIENT_ID;
import static io.zkafka.common.quota.ClientQuotaEntity.IP;
import static io.zkafka.common.quota.ClientQuotaEntity.USER;

import io.zkafka.common.message.ClientQuotaEntityData;
import io.zkafka.coordination.ClientQuotaEntity;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Client quota entities between the wire (Kafka's entity types, a null name for a default) and ZooKeeper's
 * {@link ClientQuotaEntity} ({@code <default>} for a default), and the checks both quota handlers make.
 * Stateless.
 */
final class ClientQuotaEntities {
    /** Quota keys Kafka knows that ZKafka does not enforce, so does not store. */
    static final Set<String> UNENFORCED_KEYS = Set.of("request_percentage", "controller_mutation_rate",
        "connection_creation_rate");
    static final String IP_REFUSED = "ZKafka does not enforce ip quotas (connection_creation_rate): it stores and "
        + "enforces user and client-id quotas only";

    private ClientQuotaEntities() {
    }

    /** Why an entity type cannot be asked for, or null when it can. */
    static String checkType(String entityType) {
        if (IP.equals(entityType)) {
            return IP_REFUSED;
        }
        if (!USER.equals(entityType) && !CLIENT_ID.equals(entityType)) {
            return "Invalid entity type '" + entityType + "': client quota entities are of type " + USER + " and "
                + CLIENT_ID;
        }
        return null;
    }

    /** The ZooKeeper entity of wire parts; throws {@link IllegalArgumentException} naming what is wrong. */
    static ClientQuotaEntity toEntity(List<ClientQuotaEntityData> parts) {
        if (parts == null || parts.isEmpty()) {
            throw new IllegalArgumentException("Invalid empty client quota entity: it names a user, a client-id or both");
        }
        String user = null;
        String clientId = null;
        boolean hasUser = false;
        boolean hasClientId = false;
        for (ClientQuotaEntityData part : parts) {
            String problem = checkType(part.entityType());
            if (problem != null) {
                throw new IllegalArgumentException(problem);
            }
            if (part.entityName() != null && (part.entityName().isEmpty()
                    || part.entityName().equals(ClientQuotaEntity.DEFAULT))) {
                throw new IllegalArgumentException("Invalid " + part.entityType() + " name '" + part.entityName()
                    + "': a name must not be empty nor " + ClientQuotaEntity.DEFAULT + " (a null name is the default entity)");
            }
            String name = part.entityName() == null ? ClientQuotaEntity.DEFAULT : part.entityName();
            boolean duplicate = part.entityType().equals(USER) ? hasUser : hasClientId;
            if (duplicate) {
                throw new IllegalArgumentException("Duplicate entity type " + part.entityType() + " in one client quota entity");
            }
            if (part.entityType().equals(USER)) {
                hasUser = true;
                user = name;
            } else {
                hasClientId = true;
                clientId = name;
            }
        }
        return new ClientQuotaEntity(user, clientId);
    }

    /** The wire parts of a ZooKeeper entity, user first. */
    static List<ClientQuotaEntityData> toData(ClientQuotaEntity entity) {
        List<ClientQuotaEntityData> out = new ArrayList<>(2);
        if (entity.user() != null) {
            out.add(new ClientQuotaEntityData(USER, wireName(entity.user())));
        }
        if (entity.clientId() != null) {
            out.add(new ClientQuotaEntityData(CLIENT_ID, wireName(entity.clientId())));
        }
        return out;
    }

    private static String wireName(String name) {
        return ClientQuotaEntity.DEFAULT.equals(name) ? null : name;
    }
}
