package io.zkafka.tools.internals;

import io.zkafka.clients.admin.Admin;
import io.zkafka.common.quota.ClientQuotaAlteration;
import io.zkafka.common.quota.ClientQuotaEntity;
import io.zkafka.common.quota.ClientQuotaFilter;
import io.zkafka.common.quota.ClientQuotaFilterComponent;
import io.zkafka.common.security.ScramMechanism;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

/**
 * {@code kafka-configs.sh --entity-type users|clients}: client quotas through the admin client, Kafka's
 * forms. An entity is a list of (type, name) pairs, {@code users} and/or {@code clients}, a name of
 * {@code ""} being the default ({@code --entity-default}) and a missing name any entity of the type.
 *
 * <pre>
 * --add-config 'producer_byte_rate=1048576,consumer_byte_rate=2097152'   --delete-config 'consumer_byte_rate'
 * Quota configs for user-principal 'alice', client-id 'app' are producer_byte_rate=1048576.0   (--describe)
 * Quota configs for the default client-id are consumer_byte_rate=1024.0
 * </pre>
 *
 * Stateless.
 */
public final class ClientQuotas {
    public static final String USERS = "users";
    public static final String CLIENTS = "clients";
    /** The quota keys ZKafka enforces. */
    public static final List<String> ENFORCED_KEYS = List.of("consumer_byte_rate", "producer_byte_rate");
    /** Kafka's other user and client quota keys: sent on, so that the brokers say they do not enforce them. */
    private static final Set<String> KAFKA_KEYS = Set.of("request_percentage", "controller_mutation_rate");

    private ClientQuotas() {
    }

    /** Whether Kafka calls {@code key} a user or client quota. */
    public static boolean isQuotaKey(String key) {
        return ENFORCED_KEYS.contains(key) || KAFKA_KEYS.contains(key);
    }

    public static boolean isScramKey(String key) {
        return ScramMechanism.forName(key) != null;
    }

    /** Kafka's entity of these command-line types and names ("" the default). */
    public static ClientQuotaEntity entity(List<String> types, List<String> names) {
        Map<String, String> entries = new HashMap<>();
        for (int i = 0; i < types.size(); i++) {
            entries.put(entityType(types.get(i)), names.get(i).isEmpty() ? null : names.get(i));
        }
        return new ClientQuotaEntity(entries);
    }

    /** Kafka's strict filter of these types and (possibly fewer) names, as kafka-configs.sh describes. */
    public static ClientQuotaFilter filter(List<String> types, List<String> names) {
        List<ClientQuotaFilterComponent> components = new ArrayList<>();
        for (int i = 0; i < types.size(); i++) {
            String type = entityType(types.get(i));
            String name = i < names.size() ? names.get(i) : null;
            components.add(name == null ? ClientQuotaFilterComponent.ofEntityType(type)
                : name.isEmpty() ? ClientQuotaFilterComponent.ofDefaultEntity(type)
                : ClientQuotaFilterComponent.ofEntity(type, name));
        }
        return ClientQuotaFilter.containsOnly(components);
    }

    /** The quotas of exactly this entity (none: empty). */
    public static CompletableFuture<Map<String, Double>> quotasOf(Admin admin, List<String> types, List<String> names) {
        ClientQuotaEntity entity = entity(types, names);
        return admin.describeClientQuotas(filter(types, names)).entities()
            .thenApply(entities -> entities.getOrDefault(entity, Map.of()));
    }

    /** The alteration of {@code --add-config} and {@code --delete-config}; a value that is not a number is refused. */
    public static ClientQuotaAlteration alteration(ClientQuotaEntity entity, Map<String, String> toSet, Set<String> toDelete) {
        List<ClientQuotaAlteration.Op> ops = new ArrayList<>();
        toSet.forEach((key, value) -> {
            try {
                ops.add(new ClientQuotaAlteration.Op(key, Double.parseDouble(value.trim())));
            } catch (NumberFormatException e) {
                throw new ToolException("Cannot parse quota configuration value for " + key + ": " + value);
            }
        });
        toDelete.forEach(key -> ops.add(new ClientQuotaAlteration.Op(key, null)));
        return new ClientQuotaAlteration(entity, ops);
    }

    /** Kafka's describe lines, entities and keys in a stable order. */
    public static List<String> describeLines(Map<ClientQuotaEntity, Map<String, Double>> entities) {
        Map<String, String> lines = new TreeMap<>();
        entities.forEach((entity, quotas) -> {
            List<String> parts = new ArrayList<>();
            part(entity, ClientQuotaEntity.USER, "user-principal", parts);
            part(entity, ClientQuotaEntity.CLIENT_ID, "client-id", parts);
            part(entity, ClientQuotaEntity.IP, "ip", parts);
            String entityText = String.join(", ", parts);
            lines.put(entityText, "Quota configs for " + entityText + " are " + new TreeMap<>(quotas).entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", ")));
        });
        return new ArrayList<>(lines.values());
    }

    private static void part(ClientQuotaEntity entity, String type, String label, List<String> parts) {
        if (entity.entries().containsKey(type)) {
            String name = entity.entries().get(type);
            parts.add(name == null ? "the default " + label : label + " '" + name + "'");
        }
    }

    private static String entityType(String commandLineType) {
        return commandLineType.equals(USERS) ? ClientQuotaEntity.USER : ClientQuotaEntity.CLIENT_ID;
    }
}
