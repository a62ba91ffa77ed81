package io.zkafka.tools.internals;

import io.zkafka.clients.admin.Admin;
import io.zkafka.clients.admin.AdminClientConfig;
import io.zkafka.clients.admin.Config;
import io.zkafka.clients.admin.ConfigResource;
import io.zkafka.clients.admin.NewPartitions;
import io.zkafka.clients.admin.NewTopic;
import io.zkafka.clients.admin.TopicDescription;
import io.zkafka.clients.admin.TopicPartitionInfo;
import io.zkafka.common.Node;
import io.zkafka.common.Uuid;
import io.zkafka.common.errors.ApiException;
import io.zkafka.common.protocol.Errors;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;

/**
 * The topic operations of {@code kafka-topics.sh} over one admin client, printing Kafka's lines:
 *
 * <pre>
 * Created topic t.
 * Topic: t\tTopicId: Yx2Rl6hmSHO4ZnQHw0TlRA\tPartitionCount: 2\tReplicationFactor: 1\tConfigs: retention.ms=1000
 * \tTopic: t\tPartition: 0\tLeader: 1\tReplicas: 1\tIsr: 1
 * \tTopic: t\tPartition: 1\tLeader: none\tReplicas: 2\tIsr: 2
 * </pre>
 *
 * (no {@code TopicId:} field for a topic still without an id, as Kafka leaves it out for the zero id).
 * Confined to the calling thread.
 */
public final class TopicService implements AutoCloseable {
    private final Admin admin;
    private final boolean excludeInternal;
    private final PrintStream out;

    public TopicService(String bootstrapServer, String commandConfig, boolean excludeInternal, PrintStream out) {
        Properties props = ToolProperties.load(commandConfig, "--command-config");
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServer);
        this.admin = Admin.create(props);
        this.excludeInternal = excludeInternal;
        this.out = out;
    }

    public void create(String topic, Integer partitions, Integer replicationFactor,
                       Map<Integer, List<Integer>> assignment, Map<String, String> configs, boolean ifNotExists) {
        if (replicationFactor != null && (replicationFactor > Short.MAX_VALUE || replicationFactor < 1)) {
            throw new ToolException("The replication factor must be between 1 and " + Short.MAX_VALUE + " inclusive");
        }
        if (partitions != null && partitions < 1) {
            throw new ToolException("The partitions must be greater than 0");
        }
        if (topic.contains(".") || topic.contains("_")) {
            out.println("WARNING: Due to limitations in metric names, topics with a period ('.') or underscore ('_') "
                + "could collide. To avoid issues it is best to use either, but not both.");
        }
        NewTopic newTopic = assignment != null ? new NewTopic(topic, assignment)
            : new NewTopic(topic, Optional.ofNullable(partitions), Optional.ofNullable(replicationFactor)
                .map(Integer::shortValue));
        newTopic.configs(configs);
        try {
            admin.createTopics(List.of(newTopic)).all().get();
            out.println("Created topic " + topic + ".");
        } catch (ExecutionException e) {
            Throwable cause = ToolRunner.unwrap(e);
            if (isError(cause, Errors.TOPIC_ALREADY_EXISTS)) {
                if (ifNotExists) {
                    return;
                }
                throw new ToolException("Topic '" + topic + "' already exists.", cause);
            }
            throw failure(cause);
        } catch (InterruptedException e) {
            throw interrupted(e);
        }
    }

    public void list(String topicFilter) {
        out.println(String.join("\n", topics(topicFilter)));
    }

    public void alter(String topicFilter, int partitions, boolean ifExists) {
        List<String> topics = topics(topicFilter);
        ensureFound(topics, topicFilter, ifExists);
        if (topics.isEmpty()) {
            return;
        }
        Map<String, NewPartitions> increase = new LinkedHashMap<>();
        topics.forEach(t -> increase.put(t, NewPartitions.increaseTo(partitions)));
        await(admin.createPartitions(increase).all());
    }

    public void delete(String topicFilter, boolean ifExists) {
        List<String> topics = topics(topicFilter);
        ensureFound(topics, topicFilter, ifExists);
        if (!topics.isEmpty()) {
            await(admin.deleteTopics(topics).all());
        }
    }

    /** The describe filters: with any set, only the partitions one of them selects are printed. */
    public record PartitionFilter(boolean underReplicated, boolean unavailable, boolean underMinIsr, boolean atMinIsr) {
        public static final PartitionFilter NONE = new PartitionFilter(false, false, false, false);

        boolean any() {
            return underReplicated || unavailable || underMinIsr || atMinIsr;
        }
    }

    /** Prints each topic's line, then its partitions' lines; with a filter flag only the partitions it selects. */
    public void describe(String topicFilter, boolean ifExists, PartitionFilter filter) {
        List<String> topics = topics(topicFilter);
        ensureFound(topics, topicFilter, ifExists);
        if (topics.isEmpty()) {
            return;
        }
        Map<String, TopicDescription> descriptions = await(admin.describeTopics(topics).allTopicNames());
        List<ConfigResource> resources = topics.stream()
            .map(t -> new ConfigResource(ConfigResource.Type.TOPIC, t)).toList();
        Map<ConfigResource, Config> configs = await(admin.describeConfigs(resources).all());
        Set<Integer> liveBrokers = new HashSet<>();
        await(admin.describeCluster().nodes()).forEach(node -> liveBrokers.add(node.id()));
        boolean filtered = filter.any();
        for (String topic : topics) {
            TopicDescription description = descriptions.get(topic);
            List<TopicPartitionInfo> partitions = new ArrayList<>(description.partitions());
            partitions.sort(Comparator.comparingInt(TopicPartitionInfo::partition));
            Config config = configs.get(new ConfigResource(ConfigResource.Type.TOPIC, topic));
            int minIsr = minInsyncReplicas(config);
            if (!filtered) {
                String id = description.topicId().equals(Uuid.ZERO) ? "" : "\tTopicId: " + description.topicId();
                out.println("Topic: " + topic + id + "\tPartitionCount: " + partitions.size() + "\tReplicationFactor: "
                    + (partitions.isEmpty() ? 0 : partitions.get(0).replicas().size())
                    + "\tConfigs: " + overrides(config));
            }
            for (TopicPartitionInfo partition : partitions) {
                boolean underReplicated = partition.replicas().size() > partition.isr().size();
                boolean isUnavailable = partition.leader() == null || !liveBrokers.contains(partition.leader().id());
                int inSync = partition.isr().size();
                if (!filtered || filter.underReplicated() && underReplicated || filter.unavailable() && isUnavailable
                        || filter.underMinIsr() && inSync < minIsr || filter.atMinIsr() && inSync == minIsr) {
                    out.println(partitionLine(topic, partition));
                }
            }
        }
    }

    static String partitionLine(String topic, TopicPartitionInfo partition) {
        return "\tTopic: " + topic + "\tPartition: " + partition.partition()
            + "\tLeader: " + (partition.leader() == null ? "none" : String.valueOf(partition.leader().id()))
            + "\tReplicas: " + ids(partition.replicas()) + "\tIsr: " + ids(partition.isr());
    }

    private static String ids(Collection<Node> nodes) {
        return nodes.stream().map(node -> String.valueOf(node.id())).collect(Collectors.joining(","));
    }

    private static int minInsyncReplicas(Config config) {
        if (config == null) {
            return 1;
        }
        return config.entries().stream().filter(entry -> entry.name().equals("min.insync.replicas"))
            .map(entry -> Integer.parseInt(entry.value().trim())).findFirst().orElse(1);
    }

    private static String overrides(Config config) {
        if (config == null) {
            return "";
        }
        return config.entries().stream().filter(entry -> !entry.isDefault())
            .map(entry -> entry.name() + "=" + entry.value()).collect(Collectors.joining(","));
    }

    /** The cluster's topics that the filter matches (all of them without one), sorted by name. */
    private List<String> topics(String topicFilter) {
        TopicFilter filter = topicFilter == null ? null : new TopicFilter(topicFilter);
        Collection<String> names = await(admin.listTopics().namesToListings()).values().stream()
            .filter(listing -> !(excludeInternal && listing.isInternal()))
            .map(listing -> listing.name()).toList();
        return names.stream().filter(name -> filter == null || filter.matches(name)).sorted().toList();
    }

    private static void ensureFound(List<String> topics, String topicFilter, boolean ifExists) {
        if (topicFilter != null && !topicFilter.isEmpty() && !ifExists && topics.isEmpty()) {
            throw new ToolException("Topic '" + topicFilter + "' does not exist as expected");
        }
    }

    private static <T> T await(CompletableFuture<T> future) {
        try {
            return future.get();
        } catch (ExecutionException e) {
            throw failure(ToolRunner.unwrap(e));
        } catch (InterruptedException e) {
            throw interrupted(e);
        }
    }

    private static boolean isError(Throwable e, Errors error) {
        return e instanceof ApiException api && api.error() == error;
    }

    private static RuntimeException failure(Throwable cause) {
        return new ToolException(ToolRunner.messageOf(cause), cause);
    }

    private static ToolException interrupted(InterruptedException e) {
        Thread.currentThread().interrupt();
        return new ToolException("Interrupted", e);
    }

    @Override
    public void close() {
        admin.close();
    }
}
