package io.zkafka.broker.handler;

import io.zkafka.broker.authorizer.Authorizer;
import io.zkafka.broker.network.ApiHandler;
import io.zkafka.broker.network.RequestContext;
import io.zkafka.common.acl.AclOperation;
import io.zkafka.common.message.AlterClientQuotasRequest;
import io.zkafka.common.message.AlterClientQuotasRequest.Entry;
import io.zkafka.common.message.AlterClientQuotasRequest.Op;
import io.zkafka.common.message.AlterClientQuotasResponse;
import io.zkafka.common.message.AlterClientQuotasResponse.EntryResult;
import io.zkafka.common.protocol.Errors;
import io.zkafka.coordination.ClientQuotaConfigs;
import io.zkafka.coordination.ClientQuotaEntity;
import io.zkafka.coordination.CoordinationException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Sets and removes client quotas in ZooKeeper, Kafka's ZooKeeper-mode semantics: each entity's changes are
 * checked together and written in one versioned write with a change notification (every broker follows),
 * or not at all. Refused with INVALID_REQUEST and a message saying why: an empty entity, an unknown or
 * repeated entity type, an empty name; Kafka's {@code ip} entities and its quota keys that ZKafka does not
 * enforce ({@code request_percentage}, {@code controller_mutation_rate}, {@code connection_creation_rate});
 * unknown keys; a key altered twice; a value that is not a positive whole number of bytes per second (the
 * byte rates are LONGs in Kafka). With {@code validate_only} nothing is written. It needs AlterConfigs on
 * the cluster, as in Kafka; without it every entity's answer is CLUSTER_AUTHORIZATION_FAILED.
 */
public final class AlterClientQuotasHandler implements ApiHandler<AlterClientQuotasRequest> {
    private static final double EPSILON = 1e-6;

    private final ClientQuotaConfigs quotas;
    private final Authorizer authorizer;

    public AlterClientQuotasHandler(ClientQuotaConfigs quotas, Authorizer authorizer) {
        this.quotas = quotas;
        this.authorizer = authorizer;
    }

    @Override
    public CompletableFuture<AlterClientQuotasResponse> handle(RequestContext context, AlterClientQuotasRequest request) {
        List<Entry> entries = request.entries() == null ? List.of() : request.entries();
        boolean authorized = authorizer.authorizeCluster(context, AclOperation.ALTER_CONFIGS);
        List<EntryResult> results = new ArrayList<>(entries.size());
        for (Entry entry : entries) {
            if (!authorized) {
                results.add(new EntryResult(entry.entity(), Errors.CLUSTER_AUTHORIZATION_FAILED,
                    "Altering client quotas needs AlterConfigs on the cluster"));
                continue;
            }
            results.add(alter(entry, request.validateOnly()));
        }
        return CompletableFuture.completedFuture(new AlterClientQuotasResponse(results));
    }

    private EntryResult alter(Entry entry, boolean validateOnly) {
        ClientQuotaEntity entity;
        Map<String, Double> set = new LinkedHashMap<>();
        Set<String> remove = new HashSet<>();
        try {
            entity = ClientQuotaEntities.toEntity(entry.entity());
            for (Op op : entry.ops() == null ? List.<Op>of() : entry.ops()) {
                check(op.key());
                if (set.containsKey(op.key()) || remove.contains(op.key())) {
                    throw new IllegalArgumentException("Quota " + op.key() + " is altered twice for one entity");
                }
                if (op.remove()) {
                    remove.add(op.key());
                } else {
                    set.put(op.key(), value(op));
                }
            }
        } catch (IllegalArgumentException e) {
            return new EntryResult(entry.entity(), Errors.INVALID_REQUEST, e.getMessage());
        }
        if (validateOnly) {
            return new EntryResult(entry.entity(), Errors.NONE, null);
        }
        try {
            quotas.alter(entity, set, remove);
            return new EntryResult(entry.entity(), Errors.NONE, null);
        } catch (IllegalArgumentException e) {
            return new EntryResult(entry.entity(), Errors.INVALID_REQUEST, e.getMessage());
        } catch (CoordinationException e) {
            return new EntryResult(entry.entity(), Errors.REQUEST_TIMED_OUT, "ZooKeeper is not reachable: " + e.getMessage());
        }
    }

    private static void check(String key) {
        if (ClientQuotaConfigs.KEYS.contains(key)) {
            return;
        }
        if (ClientQuotaEntities.UNENFORCED_KEYS.contains(key)) {
            throw new IllegalArgumentException("ZKafka does not enforce " + key + " quotas: it stores and enforces "
                + String.join(" and ", sortedKeys()) + " only");
        }
        throw new IllegalArgumentException("Invalid configuration key " + key + ": client quotas take "
            + String.join(" and ", sortedKeys()));
    }

    private static double value(Op op) {
        double value = op.value();
        if (!Double.isFinite(value) || value <= 0) {
            throw new IllegalArgumentException("Quota " + op.key() + " must be a positive number of bytes per second, not "
                + value);
        }
        if (Math.abs(Math.rint(value) - value) > EPSILON) {
            throw new IllegalArgumentException("Quota " + op.key() + " must be a whole number of bytes per second "
                + "(Kafka's LONG), not " + value);
        }
        return Math.rint(value);
    }

    private static List<String> sortedKeys() {
        return ClientQuotaConfigs.KEYS.stream().sorted().toList();
    }
}
