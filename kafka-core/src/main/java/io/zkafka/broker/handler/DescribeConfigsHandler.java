package io.zkafka.broker.handler;

import io.zkafka.broker.authorizer.Authorizer;
import io.zkafka.broker.network.ApiHandler;
import io.zkafka.broker.network.RequestContext;
import io.zkafka.broker.replica.ReplicaManager;
import io.zkafka.common.acl.AclOperation;
import io.zkafka.common.message.DescribeConfigsRequest;
import io.zkafka.common.message.DescribeConfigsResponse.ConfigEntry;
import io.zkafka.common.message.DescribeConfigsResponse.ResourceConfigs;
import io.zkafka.common.message.DescribeConfigsResponse;
import io.zkafka.common.protocol.Errors;
import io.zkafka.common.resource.ResourceType;
import io.zkafka.config.KafkaConfig;
import io.zkafka.config.TopicConfigValidator;
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
 * not) and this broker's own configuration. DescribeConfigs on the topic, or on the cluster for the
 * broker's, else TOPIC_AUTHORIZATION_FAILED or CLUSTER_AUTHORIZATION_FAILED.
 */
public final class DescribeConfigsHandler implements ApiHandler<DescribeConfigsRequest> {
    private final ReplicaManager replicas;
    private final MetadataCache metadata;
    private final CoordinationClient coordination;
    private final KafkaConfig config;
    private final Authorizer authorizer;

    public DescribeConfigsHandler(ReplicaManager replicas, MetadataCache metadata, CoordinationClient coordination,
                                  KafkaConfig config, Authorizer authorizer) {
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
            TopicConfigValidator.MIN_INSYNC_REPLICAS, String.valueOf(config.getInt(KafkaConfig.MIN_INSYNC_REPLICAS))));
        values.put(TopicConfigValidator.UNCLEAN_LEADER_ELECTION_ENABLE, overrides.getOrDefault(
            TopicConfigValidator.UNCLEAN_LEADER_ELECTION_ENABLE,
            String.valueOf(config.getBoolean(KafkaConfig.UNCLEAN_LEADER_ELECTION_ENABLE))));
        Map<String, String> topicOverrides = overrides;
        List<ConfigEntry> entries = new ArrayList<>();
        values.forEach((key, value) -> {
            if (ref.keys() == null || ref.keys().contains(key)) {
                entries.add(new ConfigEntry(key, value, !topicOverrides.containsKey(key), false));
            }
        });
        return new ResourceConfigs(ref.type(), ref.name(), Errors.NONE, null, entries);
    }

    private ResourceConfigs describeBroker(DescribeConfigsRequest.ConfigResourceRef ref) {
        if (!ref.name().isEmpty() && !ref.name().equals(String.valueOf(config.brokerId()))) {
            return new ResourceConfigs(ref.type(), ref.name(), Errors.INVALID_REQUEST,
                "This is broker " + config.brokerId() + "; ask broker " + ref.name() + " itself", List.of());
        }
        List<ConfigEntry> entries = new ArrayList<>();
        new TreeMap<>(config.values()).forEach((key, value) -> {
            if (ref.keys() == null || ref.keys().contains(key)) {
                entries.add(new ConfigEntry(key, value == null ? null : String.valueOf(value),
                    !config.originals().containsKey(key), true));
            }
        });
        return new ResourceConfigs(ref.type(), ref.name(), Errors.NONE, null, entries);
    }
}
