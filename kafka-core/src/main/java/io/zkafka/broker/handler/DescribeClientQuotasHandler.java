package io.zkafka.broker.handler;

import static io.zkafka.common.quota.ClientQuotaEntity.CLIENT_ID;
import static io.zkafka.common.quota.ClientQuotaEntity.USER;

import io.zkafka.broker.authorizer.Authorizer;
import io.zkafka.broker.network.ApiHandler;
import io.zkafka.broker.network.RequestContext;
import io.zkafka.common.acl.AclOperation;
import io.zkafka.common.message.DescribeClientQuotasRequest;
import io.zkafka.common.message.DescribeClientQuotasRequest.Component;
import io.zkafka.common.message.DescribeClientQuotasResponse;
import io.zkafka.common.message.DescribeClientQuotasResponse.Entry;
import io.zkafka.common.message.DescribeClientQuotasResponse.Value;
import io.zkafka.common.protocol.Errors;
import io.zkafka.coordination.ClientQuotaConfigs;
import io.zkafka.coordination.ClientQuotaEntity;
import io.zkafka.coordination.CoordinationException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Describes client quotas from ZooKeeper with the filter semantics of Kafka's DescribeClientQuotas: an
 * entity matches when, for every component, it has that entity type with a name that matches (EXACT: the
 * name given; DEFAULT: the default entity; ANY: any name or the default) and, when {@code strict}, no entity
 * type the components do not name. Only entities with quotas are listed. A component of an unknown or
 * repeated type, Kafka's {@code ip} type (ZKafka does not enforce it), or a match that contradicts its match
 * type is INVALID_REQUEST. It needs DescribeConfigs on the cluster, as in Kafka.
 */
public final class DescribeClientQuotasHandler implements ApiHandler<DescribeClientQuotasRequest> {
    private final ClientQuotaConfigs quotas;
    private final Authorizer authorizer;

    public DescribeClientQuotasHandler(ClientQuotaConfigs quotas, Authorizer authorizer) {
        this.quotas = quotas;
        this.authorizer = authorizer;
    }

    @Override
    public CompletableFuture<DescribeClientQuotasResponse> handle(RequestContext context,
                                                                  DescribeClientQuotasRequest request) {
        if (!authorizer.authorizeCluster(context, AclOperation.DESCRIBE_CONFIGS)) {
            return answer(Errors.CLUSTER_AUTHORIZATION_FAILED, "Describing client quotas needs DescribeConfigs on the cluster");
        }
        List<Component> components = request.components() == null ? List.of() : request.components();
        String problem = check(components);
        if (problem != null) {
            return answer(Errors.INVALID_REQUEST, problem);
        }
        List<Entry> entries = new ArrayList<>();
        try {
            for (Map.Entry<ClientQuotaEntity, Map<String, Double>> quota : quotas.readAll().entrySet()) {
                if (matches(quota.getKey(), components, request.strict())) {
                    List<Value> values = new ArrayList<>();
                    quota.getValue().forEach((key, value) -> values.add(new Value(key, value)));
                    entries.add(new Entry(ClientQuotaEntities.toData(quota.getKey()), values));
                }
            }
        } catch (CoordinationException e) {
            return answer(Errors.REQUEST_TIMED_OUT, "ZooKeeper is not reachable: " + e.getMessage());
        }
        return CompletableFuture.completedFuture(new DescribeClientQuotasResponse(Errors.NONE, null, entries));
    }

    private static CompletableFuture<DescribeClientQuotasResponse> answer(Errors error, String message) {
        return CompletableFuture.completedFuture(new DescribeClientQuotasResponse(error, message, null));
    }

    private static String check(List<Component> components) {
        Set<String> types = new HashSet<>();
        for (Component component : components) {
            String problem = ClientQuotaEntities.checkType(component.entityType());
            if (problem != null) {
                return problem;
            }
            if (!types.add(component.entityType())) {
                return "Duplicate filter component entity type " + component.entityType();
            }
            switch (component.matchType()) {
                case DescribeClientQuotasRequest.MATCH_EXACT -> {
                    if (component.match() == null) {
                        return "An exact match of " + component.entityType() + " needs a name to match";
                    }
                }
                case DescribeClientQuotasRequest.MATCH_DEFAULT, DescribeClientQuotasRequest.MATCH_ANY -> {
                    if (component.match() != null) {
                        return "A match of the default or any " + component.entityType() + " takes no name, got '"
                            + component.match() + "'";
                    }
                }
                default -> {
                    return "Unknown match type " + component.matchType() + " of " + component.entityType()
                        + " (0 exact, 1 default, 2 any)";
                }
            }
        }
        return null;
    }

    static boolean matches(ClientQuotaEntity entity, List<Component> components, boolean strict) {
        Set<String> named = new HashSet<>();
        for (Component component : components) {
            named.add(component.entityType());
            String name = component.entityType().equals(USER) ? entity.user() : entity.clientId();
            if (name == null) {
                return false;
            }
            boolean isDefault = name.equals(ClientQuotaEntity.DEFAULT);
            boolean match = switch (component.matchType()) {
                case DescribeClientQuotasRequest.MATCH_EXACT -> !isDefault && name.equals(component.match());
                case DescribeClientQuotasRequest.MATCH_DEFAULT -> isDefault;
                default -> true;
            };
            if (!match) {
                return false;
            }
        }
        if (strict) {
            return (entity.user() == null || named.contains(USER))
                && (entity.clientId() == null || named.contains(CLIENT_ID));
        }
        return true;
    }
}
