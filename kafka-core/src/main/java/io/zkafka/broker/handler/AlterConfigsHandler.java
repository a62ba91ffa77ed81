package io.zkafka.broker.handler;

import io.zkafka.broker.authorizer.Authorizer;
import io.zkafka.broker.network.ApiHandler;
import io.zkafka.broker.network.RequestContext;
import io.zkafka.common.message.AlterConfigsRequest;
import io.zkafka.common.message.AlterConfigsResponse;
import io.zkafka.common.message.DescribeConfigsRequest;
import io.zkafka.common.message.TopicResult;
import io.zkafka.common.acl.AclOperation;
import io.zkafka.common.protocol.Errors;
import io.zkafka.common.resource.ResourceType;
import io.zkafka.config.DynamicBrokerConfig;
import io.zkafka.config.KafkaConfig;
import io.zkafka.config.TopicConfigValidator;
import io.zkafka.coordination.BrokerConfigOverrides;
import io.zkafka.coordination.CoordinationClient;
import io.zkafka.coordination.CoordinationException;
import io.zkafka.coordination.TopicConfig;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Sets or deletes topic config overrides and dynamic broker configs (a broker resource named by its id
 * for that broker, or with the empty name for every broker), incrementally (keys not named keep their
 * values), appends to or subtracts from list-valued ones (starting from the effective value, the
 * broker's default when not overridden), or replaces the whole set (a resource with the replace flag,
 * as Kafka's legacy AlterConfigs). The write is conditional on the config znode's version and re-read
 * on a race; every broker applies the change when its watcher sees it. Only
 * {@link DynamicBrokerConfig#DYNAMIC_KEYS} may be set on brokers. A topic's configs need AlterConfigs on
 * it (else TOPIC_AUTHORIZATION_FAILED), a broker's AlterConfigs on the cluster (else
 * CLUSTER_AUTHORIZATION_FAILED).
 */
public final class AlterConfigsHandler implements ApiHandler<AlterConfigsRequest> {
    private static final int ATTEMPTS = 5;

    private final CoordinationClient coordination;
    private final Function<String, String> defaultValue;
    private final DynamicBrokerConfig brokerConfig;
    private final Authorizer authorizer;

    /** {@code defaultValue}: a topic config's value when the topic does not override it (null if none). */
    public AlterConfigsHandler(CoordinationClient coordination, Function<String, String> defaultValue,
                               DynamicBrokerConfig brokerConfig, Authorizer authorizer) {
        this.coordination = coordination;
        this.defaultValue = defaultValue;
        this.brokerConfig = brokerConfig;
        this.authorizer = authorizer;
    }

    @Override
    public CompletableFuture<AlterConfigsResponse> handle(RequestContext context, AlterConfigsRequest request) {
        List<TopicResult> results = new ArrayList<>();
        for (AlterConfigsRequest.AlterResource resource : request.resources()) {
            boolean topic = resource.type() == DescribeConfigsRequest.TOPIC;
            if ((topic || resource.type() == DescribeConfigsRequest.BROKER) && !(topic
                    ? authorizer.authorize(context, AclOperation.ALTER_CONFIGS, ResourceType.TOPIC, resource.name())
                    : authorizer.authorizeCluster(context, AclOperation.ALTER_CONFIGS))) {
                results.add(new TopicResult(resource.name(), topic ? Errors.TOPIC_AUTHORIZATION_FAILED
                    : Errors.CLUSTER_AUTHORIZATION_FAILED, null));
                continue;
            }
            if (!topic && resource.type() != DescribeConfigsRequest.BROKER) {
                results.add(new TopicResult(resource.name(), Errors.INVALID_REQUEST,
                    "Only topic and broker configs can be altered, not resource type " + resource.type()));
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
                    "Replacing a resource's configs takes SET operations only"));
                continue;
            }
            results.add(resource.type() == DescribeConfigsRequest.TOPIC ? alterTopic(resource, request.validateOnly())
                : alterBroker(resource, request.validateOnly()));
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
                TopicResult result = readModifyWrite(topic, resource, current.overrides(), validateOnly,
                    TopicConfigValidator::isList, defaultValue, TopicConfigValidator::invalidReason,
                    updated -> coordination.adminWriter().updateTopicConfig(topic, updated, current.zkVersion())
                        .succeeded());
                if (result != null) {
                    return result;
                }
            }
            return new TopicResult(topic, Errors.INVALID_REQUEST, "The config of '" + topic + "' kept changing; try again");
        } catch (CoordinationException e) {
            return new TopicResult(topic, Errors.REQUEST_TIMED_OUT, "ZooKeeper is not reachable: " + e.getMessage());
        }
    }

    private TopicResult alterBroker(AlterConfigsRequest.AlterResource resource, boolean validateOnly) {
        String name = resource.name();
        String entity = name.isEmpty() ? BrokerConfigOverrides.DEFAULT_ENTITY : name;
        if (!name.isEmpty() && !name.matches("\\d{1,9}")) {
            return new TopicResult(name, Errors.INVALID_REQUEST, "A broker resource is named by a broker id, or is "
                + "empty for the cluster-wide defaults; got '" + name + "'");
        }
        KafkaConfig current = brokerConfig.current();
        Function<String, String> effective = key -> {
            Object value = current.values().get(key);
            return value instanceof List<?> list ? String.join(",", list.stream().map(String::valueOf).toList())
                : value == null ? null : String.valueOf(value);
        };
        try {
            for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
                BrokerConfigOverrides stored = coordination.reader().brokerConfig(entity);
                TopicResult result = readModifyWrite(name, resource, stored.overrides(), validateOnly,
                    KafkaConfig.LOG_CLEANUP_POLICY::equals, effective, brokerConfig::invalidReason,
                    updated -> coordination.adminWriter().updateBrokerConfig(entity, updated, stored.zkVersion())
                        .succeeded());
                if (result != null) {
                    return result;
                }
            }
            return new TopicResult(name, Errors.INVALID_REQUEST, "The dynamic configs of broker entity " + entity
                + " kept changing; try again");
        } catch (CoordinationException e) {
            return new TopicResult(name, Errors.REQUEST_TIMED_OUT, "ZooKeeper is not reachable: " + e.getMessage());
        }
    }

    /**
     * One read-modify-write of stored overrides: the resource's operations applied ({@code isList} and
     * {@code current} as {@link #apply} takes them), the result checked ({@code invalidReason}) and
     * written conditionally ({@code write}, false when another writer came first). The answer, or null
     * to read again and retry.
     */
    private static TopicResult readModifyWrite(String name, AlterConfigsRequest.AlterResource resource,
                                               Map<String, String> stored, boolean validateOnly, Predicate<String> isList,
                                               Function<String, String> current,
                                               Function<Map<String, String>, String> invalidReason,
                                               Predicate<Map<String, String>> write) {
        Map<String, String> updated = resource.replace() ? new HashMap<>() : new HashMap<>(stored);
        for (AlterConfigsRequest.AlterOp op : resource.ops()) {
            String problem = apply(op, updated, isList, current);
            if (problem != null) {
                return new TopicResult(name, Errors.INVALID_CONFIG, problem);
            }
        }
        String invalid = invalidReason.apply(updated);
        if (invalid != null) {
            return new TopicResult(name, Errors.INVALID_CONFIG, invalid);
        }
        if (validateOnly || write.test(updated)) {
            return TopicResult.ok(name);
        }
        return null;
    }

    /**
     * Applies one operation to the overrides ({@code isList}: whether a key holds a list;
     * {@code current}: a key's value when not overridden); the reason it cannot, or null.
     */
    private static String apply(AlterConfigsRequest.AlterOp op, Map<String, String> overrides, Predicate<String> isList,
                                Function<String, String> current) {
        switch (op.op()) {
            case AlterConfigsRequest.SET -> overrides.put(op.key(), op.value());
            case AlterConfigsRequest.DELETE -> overrides.remove(op.key());
            case AlterConfigsRequest.APPEND, AlterConfigsRequest.SUBTRACT -> {
                if (!isList.test(op.key())) {
                    return "Config '" + op.key() + "' is not a list: APPEND and SUBTRACT do not apply to it";
                }
                String before = overrides.containsKey(op.key()) ? overrides.get(op.key()) : current.apply(op.key());
                Set<String> values = new LinkedHashSet<>(listOf(before));
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
