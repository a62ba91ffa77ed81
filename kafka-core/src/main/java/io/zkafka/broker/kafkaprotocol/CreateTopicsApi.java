package io.zkafka.broker.kafkaprotocol;

import io.zkafka.common.message.CreateTopicsRequest;
import io.zkafka.common.message.CreateTopicsResponse;
import io.zkafka.common.message.DescribeConfigsRequest;
import io.zkafka.common.message.DescribeConfigsResponse;
import io.zkafka.common.message.MetadataRequest;
import io.zkafka.common.message.MetadataResponse;
import io.zkafka.common.message.TopicResult;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.message.CreateTopicsRequestData;
import org.apache.kafka.common.message.CreateTopicsRequestData.CreatableReplicaAssignment;
import org.apache.kafka.common.message.CreateTopicsRequestData.CreatableTopic;
import org.apache.kafka.common.message.CreateTopicsRequestData.CreatableTopicConfig;
import org.apache.kafka.common.message.CreateTopicsResponseData;
import org.apache.kafka.common.message.CreateTopicsResponseData.CreatableTopicConfigs;
import org.apache.kafka.common.message.CreateTopicsResponseData.CreatableTopicResult;
import org.apache.kafka.common.message.DescribeConfigsResponseData;
import org.apache.kafka.common.protocol.Errors;

/**
 * CreateTopics: partition count and replication factor (-1: the broker's default) or an explicit
 * assignment keyed by partition index, which must then be 0..n-1 with both counts -1, as Kafka asks.
 * Versions 5+ also answer each created topic's partition count, replication factor and configs:
 * read after the creation with the native Metadata and DescribeConfigs (the creation has reached
 * this broker's metadata by then), and version 7 each topic's id. A validate-only request answers -1,
 * no configs and the zero id.
 */
final class CreateTopicsApi implements KafkaApi {

    @Override
    public CompletableFuture<CreateTopicsResponseData> handle(KafkaExchange exchange) {
        CreateTopicsRequestData request = exchange.body();
        List<CreateTopicsRequest.CreatableTopic> topics = new ArrayList<>(request.topics().size());
        List<CreatableTopicResult> refused = new ArrayList<>();
        for (CreatableTopic topic : request.topics()) {
            String problem = assignmentProblem(topic);
            if (problem != null) {
                refused.add(new CreatableTopicResult().setName(topic.name())
                    .setErrorCode(Errors.INVALID_REQUEST.code()).setErrorMessage(problem)
                    .setTopicConfigErrorCode(Errors.INVALID_REQUEST.code()));
                continue;
            }
            Map<String, String> configs = new HashMap<>();
            for (CreatableTopicConfig config : topic.configs()) {
                configs.put(config.name(), config.value());
            }
            topics.add(new CreateTopicsRequest.CreatableTopic(topic.name(), topic.numPartitions(),
                topic.replicationFactor(), assignment(topic), configs));
        }
        CompletableFuture<CreateTopicsResponse> answer = topics.isEmpty()
            ? CompletableFuture.completedFuture(new CreateTopicsResponse(List.of()))
            : exchange.call(new CreateTopicsRequest(topics, request.timeoutMs(), request.validateOnly()), 0);
        return answer.thenCompose(response -> {
            CreateTopicsResponseData out = new CreateTopicsResponseData();
            List<String> created = new ArrayList<>();
            for (TopicResult result : response.results()) {
                out.topics().add(new CreatableTopicResult().setName(result.name())
                    .setErrorCode(result.error().code()).setErrorMessage(result.errorMessage())
                    .setConfigs(null));
                if (result.error() == io.zkafka.common.protocol.Errors.NONE) {
                    created.add(result.name());
                }
            }
            refused.forEach(result -> out.topics().add(result));
            if (exchange.version() < 5 || request.validateOnly() || created.isEmpty()) {
                return CompletableFuture.completedFuture(out);
            }
            return describeCreated(exchange, created, out);
        });
    }

    /** Fills in the counts and configs of the created topics (versions 5+) and their ids (7+). */
    private static CompletableFuture<CreateTopicsResponseData> describeCreated(KafkaExchange exchange, List<String> created,
                                                                             CreateTopicsResponseData out) {
        List<DescribeConfigsRequest.ConfigResourceRef> resources = created.stream()
            .map(name -> new DescribeConfigsRequest.ConfigResourceRef(DescribeConfigsRequest.TOPIC, name, null)).toList();
        CompletableFuture<MetadataResponse> metadata = exchange.call(new MetadataRequest(created, false),
            MetadataResponse.TOPIC_ID_VERSION);
        CompletableFuture<DescribeConfigsResponse> configs = exchange.call(new DescribeConfigsRequest(resources), 1);
        return metadata.thenCombine(configs, (topics, described) -> {
            Map<String, CreatableTopicResult> results = new HashMap<>();
            out.topics().forEach(result -> results.put(result.name(), result));
            for (MetadataResponse.TopicMetadata topic : topics.topics()) {
                CreatableTopicResult result = results.get(topic.name());
                if (result != null && topic.error() == io.zkafka.common.protocol.Errors.NONE && !topic.partitions().isEmpty()) {
                    result.setTopicId(KafkaIds.toKafka(topic.topicId()))
                        .setNumPartitions(topic.partitions().size())
                        .setReplicationFactor((short) topic.partitions().get(0).replicas().size());
                }
            }
            DescribeConfigsResponseData kafkaConfigs = DescribeConfigsApi.toKafka(described, (short) 1, false);
            for (DescribeConfigsResponseData.DescribeConfigsResult topic : kafkaConfigs.results()) {
                CreatableTopicResult result = results.get(topic.resourceName());
                if (result == null || topic.errorCode() != Errors.NONE.code()) {
                    continue;
                }
                List<CreatableTopicConfigs> entries = new ArrayList<>();
                for (DescribeConfigsResponseData.DescribeConfigsResourceResult entry : topic.configs()) {
                    entries.add(new CreatableTopicConfigs().setName(entry.name()).setValue(entry.value())
                        .setReadOnly(entry.readOnly()).setConfigSource(entry.configSource())
                        .setIsSensitive(entry.isSensitive()));
                }
                result.setConfigs(entries);
            }
            return out;
        });
    }

    /** Why an explicit assignment breaks Kafka's rules for it, or null. */
    static String assignmentProblem(CreatableTopic topic) {
        if (topic.assignments().isEmpty()) {
            return null;
        }
        if (topic.numPartitions() != CreateTopicsRequest.DEFAULT || topic.replicationFactor() != CreateTopicsRequest.DEFAULT) {
            return "Both numPartitions and replicationFactor must be -1 when a replica assignment is given";
        }
        boolean[] seen = new boolean[topic.assignments().size()];
        for (CreatableReplicaAssignment partition : topic.assignments()) {
            int index = partition.partitionIndex();
            if (index < 0 || index >= seen.length || seen[index]) {
                return "The assignment's partition indexes must be 0 to " + (seen.length - 1) + ", each once";
            }
            seen[index] = true;
        }
        return null;
    }

    private static List<List<Integer>> assignment(CreatableTopic topic) {
        if (topic.assignments().isEmpty()) {
            return null;
        }
        List<List<Integer>> replicas = new ArrayList<>(topic.assignments().size());
        for (int i = 0; i < topic.assignments().size(); i++) {
            replicas.add(null);
        }
        for (CreatableReplicaAssignment partition : topic.assignments()) {
            replicas.set(partition.partitionIndex(), List.copyOf(partition.brokerIds()));
        }
        return replicas;
    }
}
