package io.zkafka.broker.handler;

import io.zkafka.broker.authorizer.Authorizer;
import io.zkafka.broker.network.ApiHandler;
import io.zkafka.broker.network.RequestContext;
import io.zkafka.common.acl.AclOperation;
import io.zkafka.common.message.AlterConfigsRequest;
import io.zkafka.common.message.AlterConfigsResponse;
import io.zkafka.common.message.DescribeConfigsRequest;
import io.zkafka.common.message.TopicResult;
import io.zkafka.common.protocol.Errors;
import io.zkafka.common.resource.ResourceType;
import io.zkafka.config.TopicConfigValidator;
import io.zkafka.coordination.CoordinationClient;
import io.zkafka.coordination.CoordinationException;
import io.zkafka.coordination.TopicConfig;
import io.zkafka.coordination.UpdateResult;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * Sets or deletes topic config overrides, incrementally (keys not named keep their values), appends
 * to or subtracts from list-valued ones (starting from the effective value, the broker's default when
 * not overridden), or replaces the whole override set (a resource with the replace flag, as Kafka's
 * legacy AlterConfigs). The write is conditional on the config znode's version and re-read on a race;
 * every broker applies the change when its watcher sees it. Broker configs are read-only here (set
 * them in server.properties). A topic's configs need AlterConfigs on it (else TOPIC_AUTHORIZATION_FAILED),
 * a broker's AlterConfigs on the cluster (else CLUSTER_AUTHORIZATION_FAILED).
 */
public final class AlterConfigsHandler implements ApiHandler<AlterConfigsRequest> {
    private static final int ATTEMPTS = 5;

    private final CoordinationClient coordination;
    private final Function<String, String> defaultValue;
    private final Authorizer authorizer;

    /** {@code defaultValue}: a topic config's value when the topic does not override it (null if none). */
    public AlterConfigsHandler(CoordinationClient coordination, Function<String, String> defaultValue,
                               Authorizer authorizer) {
        this.coordination = coordination;
        this.defaultValue = defaultValue;
        this.authorizer = authorizer;
    }

    @Override
    public CompletableFuture<AlterConfigsResponse> handle(RequestContext context, AlterConfigsRequest request) {
        List<TopicResult> results = new ArrayList<>();
        for (AlterConfigsRequest.AlterResource resource : request.resources()) {
            boolean topic = resource.type() == DescribeConfigsRequest.TOPIC;
            if (!(topic ? authorizer.authorize(context, AclOperation.ALTER_CONFIGS, ResourceType.TOPIC, resource.name())
                    : authorizer.authorizeCluster(context, AclOperation.ALTER_CONFIGS))) {
                results.add(new TopicResult(resource.name(), topic ? Errors.TOPIC_AUTHORIZATION_FAILED
                    : Errors.CLUSTER_AUTHORIZATION_FAILED, null));
                continue;
            }
            if (!topic) {
                results.add(new TopicResult(resource.name(), Errors.INVALID_REQUEST,
                    "Only topic configs can be altered; broker configs are set in server.properties"));
                continue;
            }
            AlterConfigsRequest.AlterOp unknown = resource.ops().stream()
                .filter(op -> op.op() < AlterConfigsRequest.SET || op.op() > AlterConfigsRequest.SUBTRACT)
                .findFirst().orElse(null);
            if (unknown != null) {
                results.add(new TopicResult(resource.name(), Errors.INVALID_REQUEST,
                    "Unknown config operation " + unknown.op() + " for '" + unknown.key() + "'"));
                continue;
            }
            if (resource.replace() && resource.ops().stream().anyMatch(op -> op.op() != AlterConfigsRequest.SET)) {
                results.add(new TopicResult(resource.name(), Errors.INVALID_REQUEST,
                    "Replacing a topic's configs takes SET operations only"));
                continue;
            }
            results.add(alterTopic(resource, request.validateOnly()));
        }
        return CompletableFuture.completedFuture(new AlterConfigsResponse(results));
    }

    private TopicResult alterTopic(AlterConfigsRequest.AlterResource resource, boolean validateOnly) {
        String topic = resource.name();
        try {
            for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
                if (coordination.reader().topicAssignment(topic).isEmpty()) {
                    return new TopicResult(topic, Errors.UNKNOWN_TOPIC_OR_PARTITION, "Topic '" + topic + "' does not exist");
                }
                TopicConfig current = coordination.reader().topicConfig(topic);
                Map<String, String> updated = resource.replace() ? new HashMap<>() : new HashMap<>(current.overrides());
                for (AlterConfigsRequest.AlterOp op : resource.ops()) {
                    String problem = apply(op, updated);
                    if (problem != null) {
                        return new TopicResult(topic, Errors.INVALID_CONFIG, problem);
                    }
                }
                String invalid = TopicConfigValidator.invalidReason(updated);
                if (invalid != null) {
                    return new TopicResult(topic, Errors.INVALID_CONFIG, invalid);
                }
                if (validateOnly) {
                    return TopicResult.ok(topic);
                }
                UpdateResult result = coordination.adminWriter().updateTopicConfig(topic, updated, current.zkVersion());
                if (result.succeeded()) {
                    return TopicResult.ok(topic);
                }
            }
            return new TopicResult(topic, Errors.INVALID_REQUEST, "The config of '" + topic + "' kept changing; try again");
        } catch (CoordinationException e) {
            return new TopicResult(topic, Errors.REQUEST_TIMED_OUT, "ZooKeeper is not reachable: " + e.getMessage());
        }
    }

    /** Applies one operation to the overrides; the reason it cannot, or null. */
    private String apply(AlterConfigsRequest.AlterOp op, Map<String, String> overrides) {
        switch (op.op()) {
            case AlterConfigsRequest.SET -> overrides.put(op.key(), op.value());
            case AlterConfigsRequest.DELETE -> overrides.remove(op.key());
            case AlterConfigsRequest.APPEND, AlterConfigsRequest.SUBTRACT -> {
                if (!TopicConfigValidator.isList(op.key())) {
                    return "Config '" + op.key() + "' is not a list: APPEND and SUBTRACT do not apply to it";
                }
                String current = overrides.containsKey(op.key()) ? overrides.get(op.key()) : defaultValue.apply(op.key());
                Set<String> values = new LinkedHashSet<>(listOf(current));
                if (op.op() == AlterConfigsRequest.APPEND) {
                    values.addAll(listOf(op.value()));
                } else {
                    values.removeAll(listOf(op.value()));
                }
                overrides.put(op.key(), String.join(",", values));
            }
            default -> {
                return "Unknown config operation " + op.op();
            }
        }
        return null;
    }

    private static List<String> listOf(String value) {
        if (value == null || value.isBlank()) {
            return List.of();
        }
        return Arrays.stream(value.split(",")).map(String::trim).filter(v -> !v.isEmpty()).toList();
    }
}
