package io.zkafka.clients.admin;

import io.zkafka.clients.admin.internals.AdminCallRunner;
import io.zkafka.clients.admin.internals.CoordinatorCallRunner;
import io.zkafka.clients.admin.internals.Futures;
import io.zkafka.clients.admin.internals.KeyedCall;
import io.zkafka.clients.admin.internals.WholeResponseCall;
import io.zkafka.clients.consumer.OffsetAndMetadata;
import io.zkafka.clients.internals.ClientUtils;
import io.zkafka.clients.internals.Cluster;
import io.zkafka.clients.internals.Metadata;
import io.zkafka.clients.internals.MetricsConfigs;
import io.zkafka.clients.internals.NetworkClient;
import io.zkafka.clients.internals.NetworkMetrics;
import io.zkafka.clients.internals.OffsetLookup;
import io.zkafka.common.ElectionType;
import io.zkafka.common.Metric;
import io.zkafka.common.MetricName;
import io.zkafka.common.Node;
import io.zkafka.common.acl.AclBinding;
import io.zkafka.common.acl.AclBindingFilter;
import io.zkafka.common.PartitionInfo;
import io.zkafka.common.TopicPartition;
import io.zkafka.common.errors.ApiException;
import io.zkafka.common.message.AlterConfigsRequest;
import io.zkafka.common.message.AlterConfigsResponse;
import io.zkafka.common.message.AlterPartitionReassignmentsRequest;
import io.zkafka.common.message.AlterPartitionReassignmentsResponse;
import io.zkafka.common.message.AlterUserScramCredentialsRequest;
import io.zkafka.common.message.AlterUserScramCredentialsResponse;
import io.zkafka.common.message.ApiVersionsRequest;
import io.zkafka.common.message.ApiVersionsResponse;
import io.zkafka.common.message.CreatePartitionsRequest;
import io.zkafka.common.message.CreatePartitionsResponse;
import io.zkafka.common.message.CreateTopicsRequest;
import io.zkafka.common.message.CreateTopicsResponse;
import io.zkafka.common.message.DeleteTopicsRequest;
import io.zkafka.common.message.DeleteTopicsResponse;
import io.zkafka.common.message.DescribeClusterRequest;
import io.zkafka.common.message.DescribeClusterResponse;
import io.zkafka.common.message.DescribeConfigsRequest;
import io.zkafka.common.message.DescribeConfigsResponse;
import io.zkafka.common.message.DescribeLogDirsRequest;
import io.zkafka.common.message.DescribeLogDirsResponse;
import io.zkafka.common.message.DescribeUserScramCredentialsRequest;
import io.zkafka.common.message.DescribeUserScramCredentialsResponse;
import io.zkafka.common.message.ElectLeadersRequest;
import io.zkafka.common.message.ElectLeadersResponse;
import io.zkafka.common.message.ListPartitionReassignmentsRequest;
import io.zkafka.common.message.ListPartitionReassignmentsResponse;
import io.zkafka.common.message.MetadataRequest;
import io.zkafka.common.message.MetadataResponse;
import io.zkafka.common.message.PartitionResult;
import io.zkafka.common.message.TopicResult;
import io.zkafka.common.metrics.Metrics;
import io.zkafka.common.protocol.Errors;
import io.zkafka.common.quota.ClientQuotaAlteration;
import io.zkafka.common.quota.ClientQuotaFilter;
import io.zkafka.common.security.SaslClientConfig;
import io.zkafka.common.security.SslContexts;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * The admin client. Topic and partition changes and config alterations go to the controller
 * (found in metadata; a broker answering NOT_CONTROLLER sends the call round again after a
 * metadata refresh); descriptions go to any broker.
 *
 * <p>Thread-safe. No thread of its own: calls advance on the network client's I/O thread, which
 * also completes the result futures, so callers must not block inside callbacks chained on them.
 */
public final class KafkaAdminClient extends AdminClient {
    private final String clientId;
    private final NetworkClient network;
    private final Metadata metadata;
    private final AdminCallRunner runner;
    private final OffsetLookup offsetLookup;
    private final ConsumerGroupAdmin groups;
    private final TransactionAdmin transactions;
    private final AclAdmin acls;
    private final ClientQuotaAdmin quotas;
    private final RecordsDeletion recordsDeletion;
    private final int requestTimeoutMs;
    private final long defaultApiTimeoutMs;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Metrics metrics;

    private KafkaAdminClient(AdminClientConfig config) {
        this.clientId = ClientUtils.clientId(config.getString(AdminClientConfig.CLIENT_ID_CONFIG), "adminclient");
        List<String> bootstrap = ClientUtils.parseBootstrapServers(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
            config.getList(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG));
        this.requestTimeoutMs = config.getInt(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG);
        this.defaultApiTimeoutMs = config.getInt(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG);
        long retryBackoffMs = config.getLong(AdminClientConfig.RETRY_BACKOFF_MS_CONFIG);
        this.metrics = MetricsConfigs.newMetrics(config);
        this.network = new NetworkClient(clientId, 64 << 20,
            (int) Math.min(Integer.MAX_VALUE, config.getLong(AdminClientConfig.SOCKET_CONNECTION_SETUP_TIMEOUT_MS_CONFIG)),
            SslContexts.forClientConfig(config.values()), SaslClientConfig.forClientConfig(config.values()),
            new NetworkMetrics(metrics, "admin-client-metrics", clientId));
        this.metadata = new Metadata(network, bootstrap, retryBackoffMs,
            config.getLong(AdminClientConfig.METADATA_MAX_AGE_CONFIG), requestTimeoutMs, false, false);
        this.runner = new AdminCallRunner(network, metadata, requestTimeoutMs, retryBackoffMs);
        this.offsetLookup = new OffsetLookup(network, metadata, requestTimeoutMs, retryBackoffMs);
        CoordinatorCallRunner coordinators = new CoordinatorCallRunner(network, runner, requestTimeoutMs, retryBackoffMs);
        this.groups = new ConsumerGroupAdmin(metadata, runner, coordinators, this::deadline);
        this.transactions = new TransactionAdmin(metadata, runner, coordinators, this::deadline, requestTimeoutMs);
        this.acls = new AclAdmin(runner, KafkaAdminClient::anyBroker, this::deadline);
        this.quotas = new ClientQuotaAdmin(runner, KafkaAdminClient::anyBroker, this::deadline);
        this.recordsDeletion = new RecordsDeletion(metadata, runner, requestTimeoutMs, this::deadline);
    }

    /** Kafka's {@code admin-client-metrics}: connections, requests, responses, bytes, request latency. */
    @Override
    public Map<MetricName, ? extends Metric> metrics() {
        return metrics.metrics();
    }

    static KafkaAdminClient createInternal(AdminClientConfig config) {
        return new KafkaAdminClient(config);
    }

    private long deadline() {
        return System.currentTimeMillis() + defaultApiTimeoutMs;
    }

    private static String controller(Cluster cluster) {
        Node controller = cluster.controller();
        return controller == null ? null : controller.address();
    }

    private static String anyBroker(Cluster cluster) {
        List<Node> nodes = cluster.nodes();
        return nodes.isEmpty() ? null : nodes.get(ThreadLocalRandom.current().nextInt(nodes.size())).address();
    }

    private static <K> Map<K, CompletableFuture<Void>> futuresFor(Collection<K> keys) {
        Map<K, CompletableFuture<Void>> futures = new LinkedHashMap<>();
        keys.forEach(key -> futures.put(key, new CompletableFuture<>()));
        return futures;
    }

    private static Map<String, KeyedCall.ItemResult<Void>> byTopic(List<TopicResult> results) {
        Map<String, KeyedCall.ItemResult<Void>> byName = new HashMap<>();
        results.forEach(r -> byName.put(r.name(), new KeyedCall.ItemResult<>(null, r.error(), r.errorMessage())));
        return byName;
    }

    @Override
    public CreateTopicsResult createTopics(Collection<NewTopic> newTopics) {
        Map<String, NewTopic> byName = new LinkedHashMap<>();
        newTopics.forEach(topic -> byName.put(topic.name(), topic));
        Map<String, CompletableFuture<Void>> futures = futuresFor(byName.keySet());
        KeyedCall<String, Void, CreateTopicsResponse> call = new KeyedCall<>("createTopics", futures,
            pending -> new CreateTopicsRequest(pending.stream().map(name -> creatable(byName.get(name))).toList(),
                requestTimeoutMs, false),
            response -> byTopic(response.results()), name -> "topic " + name);
        runner.run(call, KafkaAdminClient::controller, deadline());
        return new CreateTopicsResult(futures);
    }

    private static CreateTopicsRequest.CreatableTopic creatable(NewTopic topic) {
        List<List<Integer>> assignment = null;
        if (topic.replicasAssignments() != null) {
            assignment = new ArrayList<>();
            for (int p = 0; p < topic.replicasAssignments().size(); p++) {
                List<Integer> replicas = topic.replicasAssignments().get(p);
                if (replicas == null) {
                    throw new IllegalArgumentException("The replica assignment of topic " + topic.name()
                        + " skips partition " + p);
                }
                assignment.add(List.copyOf(replicas));
            }
        }
        return new CreateTopicsRequest.CreatableTopic(topic.name(), topic.numPartitions(), topic.replicationFactor(),
            assignment, Map.copyOf(topic.configs()));
    }

    @Override
    public DeleteTopicsResult deleteTopics(Collection<String> topics) {
        Map<String, CompletableFuture<Void>> futures = futuresFor(topics);
        KeyedCall<String, Void, DeleteTopicsResponse> call = new KeyedCall<>("deleteTopics", futures,
            pending -> new DeleteTopicsRequest(List.copyOf(pending), requestTimeoutMs),
            response -> byTopic(response.results()), name -> "topic " + name);
        runner.run(call, KafkaAdminClient::controller, deadline());
        return new DeleteTopicsResult(futures);
    }

    @Override
    public CreatePartitionsResult createPartitions(Map<String, NewPartitions> newPartitions) {
        Map<String, CompletableFuture<Void>> futures = futuresFor(newPartitions.keySet());
        KeyedCall<String, Void, CreatePartitionsResponse> call = new KeyedCall<>("createPartitions", futures,
            pending -> new CreatePartitionsRequest(pending.stream().map(name ->
                new CreatePartitionsRequest.PartitionsTopic(name, newPartitions.get(name).totalCount(),
                    newPartitions.get(name).assignments())).toList(),
                requestTimeoutMs, false),
            response -> byTopic(response.results()), name -> "topic " + name);
        runner.run(call, KafkaAdminClient::controller, deadline());
        return new CreatePartitionsResult(futures);
    }

    @Override
    public ListTopicsResult listTopics(ListTopicsOptions options) {
        CompletableFuture<Map<String, TopicListing>> future = new CompletableFuture<>();
        runMetadata("listTopics", null, future, response -> {
            Map<String, TopicListing> listings = new LinkedHashMap<>();
            response.topics().stream()
                .filter(t -> t.error() == Errors.NONE && (options.shouldListInternal() || !t.isInternal()))
                .sorted((a, b) -> a.name().compareTo(b.name()))
                .forEach(t -> listings.put(t.name(), new TopicListing(t.name(), t.isInternal())));
            return listings;
        });
        return new ListTopicsResult(future);
    }

    @Override
    public DescribeTopicsResult describeTopics(Collection<String> topicNames) {
        Map<String, CompletableFuture<TopicDescription>> futures = new LinkedHashMap<>();
        topicNames.forEach(name -> futures.put(name, new CompletableFuture<>()));
        CompletableFuture<MetadataResponse> all = new CompletableFuture<>();
        runMetadata("describeTopics", List.copyOf(futures.keySet()), all, Function.identity());
        all.whenComplete((response, error) -> {
            if (error != null) {
                futures.values().forEach(f -> f.completeExceptionally(ClientUtils.unwrap(error)));
                return;
            }
            Cluster cluster = Cluster.from(response);
            Map<String, MetadataResponse.TopicMetadata> byName = new HashMap<>();
            response.topics().forEach(t -> byName.put(t.name(), t));
            futures.forEach((name, future) -> {
                MetadataResponse.TopicMetadata topic = byName.get(name);
                if (topic == null || topic.error() != Errors.NONE) {
                    Errors why = topic == null ? Errors.UNKNOWN_TOPIC_OR_PARTITION : topic.error();
                    future.completeExceptionally(ApiException.forError(why, "topic " + name));
                    return;
                }
                List<TopicPartitionInfo> partitions = new ArrayList<>();
                for (PartitionInfo p : cluster.partitionsForTopic(name)) {
                    partitions.add(new TopicPartitionInfo(p.partition(), p.leader(), p.replicas(), p.inSyncReplicas()));
                }
                future.complete(new TopicDescription(name, topic.isInternal(), partitions, topic.topicId()));
            });
        });
        return new DescribeTopicsResult(futures);
    }

    /** Asks any broker for metadata of the topics (null: all) and completes {@code future} with {@code convert}. */
    private <T> void runMetadata(String name, List<String> topics, CompletableFuture<T> future,
                                 Function<MetadataResponse, T> convert) {
        runner.run(new AdminCallRunner.Call<MetadataResponse>() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public MetadataRequest request() {
                return new MetadataRequest(topics, false);
            }

            @Override
            public String handle(MetadataResponse response) {
                future.complete(convert.apply(response));
                return null;
            }

            @Override
            public void fail(RuntimeException error) {
                future.completeExceptionally(error);
            }
        }, KafkaAdminClient::anyBroker, deadline());
    }

    @Override
    public DescribeClusterResult describeCluster() {
        CompletableFuture<DescribeClusterResponse> response = new CompletableFuture<>();
        runner.run(new AdminCallRunner.Call<DescribeClusterResponse>() {
            @Override
            public String name() {
                return "describeCluster";
            }

            @Override
            public DescribeClusterRequest request() {
                return new DescribeClusterRequest();
            }

            @Override
            public String handle(DescribeClusterResponse answer) {
                if (answer.error() != Errors.NONE) {
                    throw ApiException.forError(answer.error(), "describeCluster");
                }
                response.complete(answer);
                return null;
            }

            @Override
            public void fail(RuntimeException error) {
                response.completeExceptionally(error);
            }
        }, KafkaAdminClient::anyBroker, deadline());
        CompletableFuture<Collection<Node>> nodes = response.thenApply(r -> r.brokers().stream()
            .map(b -> new Node(b.id(), b.host(), b.port(), b.rack())).toList());
        CompletableFuture<Node> controller = response.thenApply(r -> r.brokers().stream()
            .filter(b -> b.id() == r.controllerId()).findFirst()
            .map(b -> new Node(b.id(), b.host(), b.port(), b.rack())).orElse(null));
        return new DescribeClusterResult(nodes, controller, response.thenApply(DescribeClusterResponse::clusterId));
    }

    @Override
    public ListOffsetsResult listOffsets(Map<TopicPartition, OffsetSpec> topicPartitionOffsets) {
        Map<TopicPartition, CompletableFuture<ListOffsetsResult.ListOffsetsResultInfo>> futures = new HashMap<>();
        Map<TopicPartition, Long> timestamps = new HashMap<>();
        topicPartitionOffsets.forEach((tp, spec) -> {
            futures.put(tp, new CompletableFuture<>());
            timestamps.put(tp, spec.timestamp());
        });
        offsetLookup.listOffsets(timestamps, deadline()).whenComplete((found, error) -> futures.forEach((tp, f) -> {
            if (error != null) {
                f.completeExceptionally(ClientUtils.unwrap(error));
            } else {
                OffsetLookup.OffsetResult r = found.get(tp);
                f.complete(new ListOffsetsResult.ListOffsetsResultInfo(r.offset(), r.timestamp(),
                    r.leaderEpoch() < 0 ? Optional.empty() : Optional.of(r.leaderEpoch())));
            }
        }));
        return new ListOffsetsResult(futures);
    }

    @Override
    public DeleteRecordsResult deleteRecords(Map<TopicPartition, RecordsToDelete> recordsToDelete) {
        return recordsDeletion.delete(recordsToDelete);
    }

    @Override
    public DescribeLogDirsResult describeLogDirs(Collection<Integer> brokers) {
        Map<Integer, CompletableFuture<Map<String, LogDirDescription>>> futures = new LinkedHashMap<>();
        for (int broker : new LinkedHashSet<>(brokers)) {
            WholeResponseCall<DescribeLogDirsResponse> call = new WholeResponseCall<>("describeLogDirs",
                () -> new DescribeLogDirsRequest(null), response -> null);
            futures.put(broker, call.future().thenApply(KafkaAdminClient::logDirsOf));
            runner.run(call, brokerById(String.valueOf(broker)), deadline());
        }
        return new DescribeLogDirsResult(futures);
    }

    @Override
    public DescribeUserScramCredentialsResult describeUserScramCredentials(List<String> users) {
        WholeResponseCall<DescribeUserScramCredentialsResponse> call = new WholeResponseCall<>(
            "describeUserScramCredentials", () -> new DescribeUserScramCredentialsRequest(users), response -> null);
        runner.run(call, KafkaAdminClient::anyBroker, deadline());
        return new DescribeUserScramCredentialsResult(call.future());
    }

    @Override
    public AlterUserScramCredentialsResult alterUserScramCredentials(List<UserScramCredentialAlteration> alterations) {
        List<AlterUserScramCredentialsRequest.Deletion> deletions = new ArrayList<>();
        List<AlterUserScramCredentialsRequest.Upsertion> upsertions = new ArrayList<>();
        Map<String, CompletableFuture<Void>> futures = new LinkedHashMap<>();
        for (UserScramCredentialAlteration alteration : alterations) {
            futures.putIfAbsent(alteration.user(), new CompletableFuture<>());
            if (alteration instanceof UserScramCredentialDeletion deletion) {
                deletions.add(new AlterUserScramCredentialsRequest.Deletion(deletion.user(), deletion.mechanism().type()));
            } else if (alteration instanceof UserScramCredentialUpsertion upsertion) {
                upsertions.add(new AlterUserScramCredentialsRequest.Upsertion(upsertion.user(),
                    upsertion.credentialInfo().mechanism().type(), upsertion.credentialInfo().iterations(),
                    upsertion.salt(), upsertion.saltedPassword()));
            }
        }
        WholeResponseCall<AlterUserScramCredentialsResponse> call = new WholeResponseCall<>("alterUserScramCredentials",
            () -> new AlterUserScramCredentialsRequest(deletions, upsertions), response -> null);
        call.future().whenComplete((answer, error) -> Futures.completeEach(futures, error,
            error != null ? List.of() : answer.results(), AlterUserScramCredentialsResponse.UserResult::user,
            AlterUserScramCredentialsResponse.UserResult::error, AlterUserScramCredentialsResponse.UserResult::errorMessage,
            "user"));
        runner.run(call, KafkaAdminClient::anyBroker, deadline());
        return new AlterUserScramCredentialsResult(futures);
    }

    @Override
    public DescribeClientQuotasResult describeClientQuotas(ClientQuotaFilter filter) {
        return quotas.describe(filter);
    }

    @Override
    public AlterClientQuotasResult alterClientQuotas(Collection<ClientQuotaAlteration> entries,
                                                     AlterClientQuotasOptions options) {
        return quotas.alter(entries, options);
    }

    @Override
    public ApiVersionsResult apiVersions(Collection<Integer> brokers) {
        Map<Integer, CompletableFuture<List<ApiVersionsResult.ApiVersionRange>>> futures = new LinkedHashMap<>();
        for (int broker : new LinkedHashSet<>(brokers)) {
            WholeResponseCall<ApiVersionsResponse> call = new WholeResponseCall<>("apiVersions",
                ApiVersionsRequest::new, response -> null);
            futures.put(broker, call.future().thenApply(KafkaAdminClient::versionsOf));
            runner.run(call, brokerById(String.valueOf(broker)), deadline());
        }
        return new ApiVersionsResult(futures);
    }

    private static List<ApiVersionsResult.ApiVersionRange> versionsOf(ApiVersionsResponse response) {
        if (response.error() != Errors.NONE) {
            throw ApiException.forError(response.error(), "ApiVersions");
        }
        return response.apiVersions().stream()
            .map(v -> new ApiVersionsResult.ApiVersionRange(v.apiKey(), v.minVersion(), v.maxVersion())).toList();
    }

    private static Map<String, LogDirDescription> logDirsOf(DescribeLogDirsResponse response) {
        Map<String, LogDirDescription> dirs = new LinkedHashMap<>();
        for (DescribeLogDirsResponse.LogDir dir : response.dirs()) {
            Map<TopicPartition, LogDirDescription.ReplicaInfo> replicas = new LinkedHashMap<>();
            dir.partitions().forEach(p -> replicas.put(p.partition(),
                new LogDirDescription.ReplicaInfo(p.sizeBytes(), p.offsetLag())));
            dirs.put(dir.path(), new LogDirDescription(dir.error(), dir.totalBytes(), dir.usableBytes(),
                Map.copyOf(replicas)));
        }
        return dirs;
    }

    @Override
    public DescribeConfigsResult describeConfigs(Collection<ConfigResource> resources) {
        Map<ConfigResource, CompletableFuture<Config>> futures = new LinkedHashMap<>();
        resources.forEach(resource -> futures.put(resource, new CompletableFuture<>()));
        for (ConfigResource resource : futures.keySet()) {
            Map<ConfigResource, CompletableFuture<Config>> one = Map.of(resource, futures.get(resource));
            KeyedCall<ConfigResource, Config, DescribeConfigsResponse> call = new KeyedCall<>("describeConfigs", one,
                pending -> new DescribeConfigsRequest(List.of(new DescribeConfigsRequest.ConfigResourceRef(
                    resource.type().id(), resource.name(), null))),
                KafkaAdminClient::configsOf, ConfigResource::toString);
            runner.run(call, resource.type() == ConfigResource.Type.BROKER ? brokerById(resource.name())
                : KafkaAdminClient::anyBroker, deadline());
        }
        return new DescribeConfigsResult(futures);
    }

    private static Map<ConfigResource, KeyedCall.ItemResult<Config>> configsOf(DescribeConfigsResponse response) {
        Map<ConfigResource, KeyedCall.ItemResult<Config>> results = new HashMap<>();
        for (DescribeConfigsResponse.ResourceConfigs r : response.resources()) {
            ConfigResource resource = new ConfigResource(r.type() == ConfigResource.Type.BROKER.id()
                ? ConfigResource.Type.BROKER : ConfigResource.Type.TOPIC, r.name());
            List<ConfigEntry> entries = new ArrayList<>();
            if (r.entries() != null) {
                r.entries().forEach(e -> entries.add(new ConfigEntry(e.name(), e.value(), e.isDefault(),
                    e.readOnly(), sourceOf(e))));
            }
            results.put(resource, new KeyedCall.ItemResult<>(new Config(entries), r.error(), r.errorMessage()));
        }
        return results;
    }

    private static ConfigEntry.ConfigSource sourceOf(DescribeConfigsResponse.ConfigEntry entry) {
        return switch (entry.source()) {
            case DescribeConfigsResponse.SOURCE_TOPIC_CONFIG -> ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG;
            case DescribeConfigsResponse.SOURCE_DYNAMIC_BROKER_CONFIG -> ConfigEntry.ConfigSource.DYNAMIC_BROKER_CONFIG;
            case DescribeConfigsResponse.SOURCE_DYNAMIC_DEFAULT_BROKER_CONFIG ->
                ConfigEntry.ConfigSource.DYNAMIC_DEFAULT_BROKER_CONFIG;
            case DescribeConfigsResponse.SOURCE_STATIC_BROKER_CONFIG -> ConfigEntry.ConfigSource.STATIC_BROKER_CONFIG;
            case DescribeConfigsResponse.SOURCE_DEFAULT_CONFIG -> ConfigEntry.ConfigSource.DEFAULT_CONFIG;
            default -> entry.isDefault() ? ConfigEntry.ConfigSource.DEFAULT_CONFIG : ConfigEntry.ConfigSource.UNKNOWN;
        };
    }

    /** The broker a broker resource names; the empty name (the cluster-wide defaults) goes to any broker. */
    private static Function<Cluster, String> brokerById(String id) {
        if (id.isEmpty()) {
            return KafkaAdminClient::anyBroker;
        }
        return cluster -> {
            try {
                Node node = cluster.nodeById(Integer.parseInt(id));
                return node == null ? null : node.address();
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("Broker resource name '" + id + "' is not a broker id");
            }
        };
    }

    @Override
    public AlterConfigsResult incrementalAlterConfigs(Map<ConfigResource, Collection<AlterConfigOp>> configs) {
        Map<ConfigResource, CompletableFuture<Void>> futures = futuresFor(configs.keySet());
        KeyedCall<ConfigResource, Void, AlterConfigsResponse> call = new KeyedCall<>("incrementalAlterConfigs",
            futures, pending -> alterRequest(pending, configs),
            response -> alterResults(response, configs.keySet()), ConfigResource::toString);
        runner.run(call, KafkaAdminClient::controller, deadline());
        return new AlterConfigsResult(futures);
    }

    private static AlterConfigsRequest alterRequest(Set<ConfigResource> pending,
                                                    Map<ConfigResource, Collection<AlterConfigOp>> configs) {
        List<AlterConfigsRequest.AlterResource> resources = new ArrayList<>();
        for (ConfigResource resource : pending) {
            List<AlterConfigsRequest.AlterOp> ops = new ArrayList<>();
            for (AlterConfigOp op : configs.get(resource)) {
                ops.add(new AlterConfigsRequest.AlterOp(op.configEntry().name(), op.opType().id(),
                    op.configEntry().value()));
            }
            resources.add(new AlterConfigsRequest.AlterResource(resource.type().id(), resource.name(), ops));
        }
        return new AlterConfigsRequest(resources, false);
    }

    /** Alter results carry only the resource name; names are unique among the resources asked for. */
    private static Map<ConfigResource, KeyedCall.ItemResult<Void>> alterResults(AlterConfigsResponse response,
                                                                               Set<ConfigResource> asked) {
        Map<ConfigResource, KeyedCall.ItemResult<Void>> results = new HashMap<>();
        for (TopicResult result : response.results()) {
            for (ConfigResource resource : asked) {
                if (resource.name().equals(result.name())) {
                    results.put(resource, new KeyedCall.ItemResult<>(null, result.error(), result.errorMessage()));
                }
            }
        }
        return results;
    }

    @Override
    public ElectLeadersResult electLeaders(ElectionType electionType, Set<TopicPartition> partitions) {
        List<TopicPartition> asked = partitions == null ? null : List.copyOf(partitions);
        WholeResponseCall<ElectLeadersResponse> call = new WholeResponseCall<>("electLeaders",
            () -> new ElectLeadersRequest(electionType.value, asked, requestTimeoutMs),
            response -> response.error() == Errors.NOT_CONTROLLER || response.results().stream()
                .anyMatch(r -> r.error() == Errors.NOT_CONTROLLER) ? "NOT_CONTROLLER" : null);
        runner.run(call, KafkaAdminClient::controller, deadline());
        return new ElectLeadersResult(call.future().thenApply(response -> {
            if (response.error() != Errors.NONE) {
                throw ApiException.forError(response.error(), "electLeaders");
            }
            Map<TopicPartition, Optional<Throwable>> results = new LinkedHashMap<>();
            for (PartitionResult result : response.results()) {
                results.put(result.partition(), result.error() == Errors.NONE ? Optional.empty()
                    : Optional.of(ApiException.forError(result.error(), result.errorMessage() == null
                        ? "partition " + result.partition() : result.errorMessage())));
            }
            return results;
        }));
    }

    @Override
    public AlterPartitionReassignmentsResult alterPartitionReassignments(
            Map<TopicPartition, Optional<NewPartitionReassignment>> reassignments) {
        Map<TopicPartition, CompletableFuture<Void>> futures = futuresFor(reassignments.keySet());
        KeyedCall<TopicPartition, Void, AlterPartitionReassignmentsResponse> call = new KeyedCall<>(
            "alterPartitionReassignments", futures,
            pending -> new AlterPartitionReassignmentsRequest(pending.stream().map(tp ->
                new AlterPartitionReassignmentsRequest.ReassignablePartition(tp, reassignments.get(tp)
                    .map(NewPartitionReassignment::targetReplicas).orElse(null))).toList(), requestTimeoutMs),
            response -> {
                Map<TopicPartition, KeyedCall.ItemResult<Void>> results = new HashMap<>();
                if (response.error() != Errors.NONE) {
                    reassignments.keySet().forEach(tp -> results.put(tp,
                        new KeyedCall.ItemResult<>(null, response.error(), response.errorMessage())));
                }
                response.results().forEach(r -> results.put(r.partition(),
                    new KeyedCall.ItemResult<>(null, r.error(), r.errorMessage())));
                return results;
            }, tp -> "partition " + tp);
        runner.run(call, KafkaAdminClient::controller, deadline());
        return new AlterPartitionReassignmentsResult(futures);
    }

    @Override
    public ListPartitionReassignmentsResult listPartitionReassignments(Set<TopicPartition> partitions) {
        List<TopicPartition> asked = partitions == null ? null : List.copyOf(partitions);
        WholeResponseCall<ListPartitionReassignmentsResponse> call = new WholeResponseCall<>(
            "listPartitionReassignments", () -> new ListPartitionReassignmentsRequest(asked, requestTimeoutMs),
            response -> response.error() == Errors.NOT_CONTROLLER ? "NOT_CONTROLLER" : null);
        runner.run(call, KafkaAdminClient::controller, deadline());
        return new ListPartitionReassignmentsResult(call.future().thenApply(response -> {
            if (response.error() != Errors.NONE) {
                throw ApiException.forError(response.error(), "listPartitionReassignments"
                    + (response.errorMessage() == null ? "" : ": " + response.errorMessage()));
            }
            Map<TopicPartition, PartitionReassignment> out = new LinkedHashMap<>();
            response.reassignments().forEach(r -> out.put(r.partition(),
                new PartitionReassignment(r.replicas(), r.addingReplicas(), r.removingReplicas())));
            return out;
        }));
    }

    /** Closes connections; operations still running fail. Idempotent. */
    @Override
    public ListConsumerGroupsResult listConsumerGroups(ListConsumerGroupsOptions options) {
        return groups.list(options);
    }

    @Override
    public DescribeConsumerGroupsResult describeConsumerGroups(Collection<String> groupIds) {
        return groups.describe(groupIds);
    }

    @Override
    public DeleteConsumerGroupsResult deleteConsumerGroups(Collection<String> groupIds) {
        return groups.delete(groupIds);
    }

    @Override
    public ListConsumerGroupOffsetsResult listConsumerGroupOffsets(String groupId) {
        return groups.listOffsets(groupId);
    }

    @Override
    public AlterConsumerGroupOffsetsResult alterConsumerGroupOffsets(String groupId,
                                                                     Map<TopicPartition, OffsetAndMetadata> offsets) {
        return groups.alterOffsets(groupId, offsets);
    }

    @Override
    public DeleteConsumerGroupOffsetsResult deleteConsumerGroupOffsets(String groupId, Set<TopicPartition> partitions) {
        return groups.deleteOffsets(groupId, partitions);
    }

    @Override
    public DescribeProducersResult describeProducers(Collection<TopicPartition> partitions,
                                                    DescribeProducersOptions options) {
        return transactions.describeProducers(partitions, options);
    }

    @Override
    public ListTransactionsResult listTransactions(ListTransactionsOptions options) {
        return transactions.listTransactions(options);
    }

    @Override
    public DescribeTransactionsResult describeTransactions(Collection<String> transactionalIds) {
        return transactions.describeTransactions(transactionalIds);
    }

    @Override
    public AbortTransactionResult abortTransaction(AbortTransactionSpec spec) {
        return transactions.abortTransaction(spec);
    }

    @Override
    public FenceProducersResult fenceProducers(Collection<String> transactionalIds, FenceProducersOptions options) {
        return transactions.fenceProducers(transactionalIds, options);
    }

    @Override
    public void close(Duration timeout) {
        if (closed.compareAndSet(false, true)) {
            network.close();
        }
    }

    String clientId() {
        return clientId;
    }

    @Override
    public CreateAclsResult createAcls(Collection<AclBinding> acls) {
        return this.acls.create(acls);
    }

    @Override
    public DescribeAclsResult describeAcls(AclBindingFilter filter) {
        return acls.describe(filter);
    }

    @Override
    public DeleteAclsResult deleteAcls(Collection<AclBindingFilter> filters) {
        return acls.delete(filters);
    }
}
