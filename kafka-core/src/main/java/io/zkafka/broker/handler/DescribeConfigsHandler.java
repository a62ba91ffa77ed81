package io.zkafka.broker.handler;

import io.zkafka.broker.authorizer.Authorizer;
import io.zkafka.broker.network.ApiHandler;
import io.zkafka.broker.network.RequestContext;
import io.zkafka.broker.replica.ReplicaManager;
import io.zkafka.common.message.DescribeConfigsRequest;
import io.zkafka.common.message.DescribeConfigsResponse.ConfigEntry;
import io.zkafka.common.message.DescribeConfigsResponse.ResourceConfigs;
import io.zkafka.common.message.DescribeConfigsResponse;
import io.zkafka.common.acl.AclOperation;
import io.zkafka.common.protocol.Errors;
import io.zkafka.common.resource.ResourceType;
import io.zkafka.config.DynamicBrokerConfig;
import io.zkafka.config.KafkaConfig;
import io.zkafka.config.TopicConfigValidator;
import io.zkafka.coordination.BrokerConfigOverrides;
import io.zkafka.coordination.CoordinationClient;
import io.zkafka.coordination.CoordinationException;
import io.zkafka.metadata.MetadataCache;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/**
 * Topic configs (the broker's defaults with the topic's overrides on top, each marked default or
 * not), this broker's own configuration in force (each key with where its value comes from: this
 * broker's dynamic configs, the cluster-wide ones, server.properties or the default), and the
 * cluster-wide dynamic broker configs (the broker resource with the empty name). DescribeConfigs on
 * the topic, or on the cluster for a broker's, else TOPIC_AUTHORIZATION_FAILED or
 * CLUSTER_AUTHORIZATION_FAILED.
 */
public final class DescribeConfigsHandler implements ApiHandler<DescribeConfigsRequest> {
    private final ReplicaManager replicas;
    private final MetadataCache metadata;
    private final CoordinationClient coordination;
    private final DynamicBrokerConfig config;
    private final Authorizer authorizer;

    public DescribeConfigsHandler(ReplicaManager replicas, MetadataCache metadata, CoordinationClient coordination,
                                  DynamicBrokerConfig config, Authorizer authorizer) {
        this.replicas = replicas;
        this.metadata = metadata;
        this.coordination = coordination;
        this.config = config;
        this.authorizer = authorizer;
    }

    @Override
    public CompletableFuture<DescribeConfigsResponse> handle(RequestContext context, DescribeConfigsRequest request) {
        List<ResourceConfigs> resources = new ArrayList<>();
        for (DescribeConfigsRequest.ConfigResourceRef ref : request.resources()) {
            resources.add(switch (ref.type()) {
                case DescribeConfigsRequest.TOPIC -> authorizer.authorize(context, AclOperation.DESCRIBE_CONFIGS,
                    ResourceType.TOPIC, ref.name()) ? describeTopic(ref)
                    : new ResourceConfigs(ref.type(), ref.name(), Errors.TOPIC_AUTHORIZATION_FAILED, null, List.of());
                case DescribeConfigsRequest.BROKER -> authorizer.authorizeCluster(context, AclOperation.DESCRIBE_CONFIGS)
                    ? describeBroker(ref)
                    : new ResourceConfigs(ref.type(), ref.name(), Errors.CLUSTER_AUTHORIZATION_FAILED, null, List.of());
                default -> new ResourceConfigs(ref.type(), ref.name(), Errors.INVALID_REQUEST,
                    "Unsupported resource type " + ref.type(), List.of());
            });
        }
        return CompletableFuture.completedFuture(new DescribeConfigsResponse(resources));
    }

    private ResourceConfigs describeTopic(DescribeConfigsRequest.ConfigResourceRef ref) {
        // ZooKeeper itself, not this broker's watcher cache: a client that just created or altered
        // the topic through another broker must see its own change
        boolean exists;
        Map<String, String> overrides;
        try {
            exists = coordination.reader().topicAssignment(ref.name()).isPresent();
            overrides = exists ? coordination.reader().topicConfig(ref.name()).overrides() : Map.of();
        } catch (CoordinationException e) {
            exists = metadata.image().assignments().containsKey(ref.name());
            overrides = metadata.image().topicOverrides(ref.name());
        }
        if (!exists) {
            return new ResourceConfigs(ref.type(), ref.name(), Errors.UNKNOWN_TOPIC_OR_PARTITION,
                "Topic '" + ref.name() + "' does not exist", List.of());
        }
        Map<String, String> values = new TreeMap<>(replicas.logConfigWith(overrides).values());
        values.put(TopicConfigValidator.MIN_INSYNC_REPLICAS, overrides.getOrDefault(
            TopicConfigValidator.MIN_INSYNC_REPLICAS, String.valueOf(replicas.defaultMinInsyncReplicas())));
        values.put(TopicConfigValidator.UNCLEAN_LEADER_ELECTION_ENABLE, overrides.getOrDefault(
            TopicConfigValidator.UNCLEAN_LEADER_ELECTION_ENABLE,
            String.valueOf(config.current().getBoolean(KafkaConfig.UNCLEAN_LEADER_ELECTION_ENABLE))));
        Map<String, String> topicOverrides = overrides;
        List<ConfigEntry> entries = new ArrayList<>();
        values.forEach((key, value) -> {
            if (ref.keys() == null || ref.keys().contains(key)) {
                boolean isDefault = !topicOverrides.containsKey(key);
                entries.add(new ConfigEntry(key, value, isDefault, false,
                    isDefault ? DescribeConfigsResponse.SOURCE_DEFAULT_CONFIG : DescribeConfigsResponse.SOURCE_TOPIC_CONFIG));
            }
        });
        return new ResourceConfigs(ref.type(), ref.name(), Errors.NONE, null, entries);
    }

    private ResourceConfigs describeBroker(DescribeConfigsRequest.ConfigResourceRef ref) {
        if (ref.name().isEmpty()) {
            return describeClusterDefaults(ref);
        }
        KafkaConfig current = config.current();
        if (!ref.name().equals(String.valueOf(current.brokerId()))) {
            return new ResourceConfigs(ref.type(), ref.name(), Errors.INVALID_REQUEST,
                "This is broker " + current.brokerId() + "; ask broker " + ref.name() + " itself", List.of());
        }
        List<ConfigEntry> entries = new ArrayList<>();
        new TreeMap<>(current.values()).forEach((key, value) -> {
            if (ref.keys() == null || ref.keys().contains(key)) {
                DynamicBrokerConfig.Source source = config.sourceOf(key);
                entries.add(new ConfigEntry(key, value == null ? null : String.valueOf(value),
                    source == DynamicBrokerConfig.Source.DEFAULT, !DynamicBrokerConfig.DYNAMIC_KEYS.contains(key),
                    sourceId(source)));
            }
        });
        return new ResourceConfigs(ref.type(), ref.name(), Errors.NONE, null, entries);
    }

    /** The cluster-wide dynamic broker configs as stored now (what a client that just set them expects to see). */
    private ResourceConfigs describeClusterDefaults(DescribeConfigsRequest.ConfigResourceRef ref) {
        Map<String, String> stored;
        try {
            stored = coordination.reader().brokerConfig(BrokerConfigOverrides.DEFAULT_ENTITY).overrides();
        } catch (CoordinationException e) {
            stored = config.clusterDefaults();
        }
        List<ConfigEntry> entries = new ArrayList<>();
        new TreeMap<>(stored).forEach((key, value) -> {
            if (ref.keys() == null || ref.keys().contains(key)) {
                entries.add(new ConfigEntry(key, value, false, false,
                    DescribeConfigsResponse.SOURCE_DYNAMIC_DEFAULT_BROKER_CONFIG));
            }
        });
        return new ResourceConfigs(ref.type(), ref.name(), Errors.NONE, null, entries);
    }

    private static byte sourceId(DynamicBrokerConfig.Source source) {
        return switch (source) {
            case DYNAMIC_BROKER -> DescribeConfigsResponse.SOURCE_DYNAMIC_BROKER_CONFIG;
            case DYNAMIC_DEFAULT_BROKER -> DescribeConfigsResponse.SOURCE_DYNAMIC_DEFAULT_BROKER_CONFIG;
            case STATIC_BROKER -> DescribeConfigsResponse.SOURCE_STATIC_BROKER_CONFIG;
            case DEFAULT -> DescribeConfigsResponse.SOURCE_DEFAULT_CONFIG;
        };
    }
}
