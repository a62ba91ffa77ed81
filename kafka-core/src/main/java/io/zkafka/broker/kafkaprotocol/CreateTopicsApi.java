package io.zkafka.broker.kafkaprotocol;

import io.zkafka.common.message.CreateTopicsRequest;
import io.zkafka.common.message.CreateTopicsResponse;
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
import org.apache.kafka.common.message.CreateTopicsResponseData.CreatableTopicResult;
import org.apache.kafka.common.protocol.Errors;

/**
 * CreateTopics: partition count and replication factor (-1: the broker's default) or an explicit
 * assignment keyed by partition index, which must then be 0..n-1 with both counts -1, as Kafka asks.
 * The native answer carries no resulting configs: versions 5+ answer -1 for the counts and no
 * configs, as Kafka does for a topic whose configs it does not describe. Topic ids are zero.
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
        return answer.thenApply(response -> {
            CreateTopicsResponseData out = new CreateTopicsResponseData();
            for (TopicResult result : response.results()) {
                out.topics().add(new CreatableTopicResult().setName(result.name())
                    .setErrorCode(result.error().code()).setErrorMessage(result.errorMessage())
                    .setConfigs(null));
            }
            refused.forEach(result -> out.topics().add(result));
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
