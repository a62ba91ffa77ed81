package io.zkafka.broker.kafkaprotocol;

import io.zkafka.common.TopicPartition;
import io.zkafka.common.message.ListPartitionReassignmentsRequest;
import io.zkafka.common.message.ListPartitionReassignmentsResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.message.ListPartitionReassignmentsRequestData;
import org.apache.kafka.common.message.ListPartitionReassignmentsResponseData;
import org.apache.kafka.common.message.ListPartitionReassignmentsResponseData.OngoingPartitionReassignment;
import org.apache.kafka.common.message.ListPartitionReassignmentsResponseData.OngoingTopicReassignment;

/** ListPartitionReassignments: the moves in progress of the partitions named (null: all). */
final class ListPartitionReassignmentsApi implements KafkaApi {

    @Override
    public CompletableFuture<ListPartitionReassignmentsResponseData> handle(KafkaExchange exchange) {
        ListPartitionReassignmentsRequestData request = exchange.body();
        List<TopicPartition> partitions = null;
        if (request.topics() != null) {
            partitions = new ArrayList<>();
            for (ListPartitionReassignmentsRequestData.ListPartitionReassignmentsTopics topic : request.topics()) {
                for (int partition : topic.partitionIndexes()) {
                    partitions.add(new TopicPartition(topic.name(), partition));
                }
            }
        }
        return exchange.<ListPartitionReassignmentsResponse>call(
            new ListPartitionReassignmentsRequest(partitions, request.timeoutMs()), 0).thenApply(response -> {
                ListPartitionReassignmentsResponseData out = new ListPartitionReassignmentsResponseData()
                    .setErrorCode(response.error().code())
                    .setErrorMessage(response.errorMessage());
                Map<String, OngoingTopicReassignment> byTopic = new LinkedHashMap<>();
                for (ListPartitionReassignmentsResponse.OngoingReassignment ongoing : response.reassignments()) {
                    byTopic.computeIfAbsent(ongoing.partition().topic(),
                        topic -> new OngoingTopicReassignment().setName(topic))
                        .partitions().add(new OngoingPartitionReassignment()
                            .setPartitionIndex(ongoing.partition().partition())
                            .setReplicas(ongoing.replicas())
                            .setAddingReplicas(ongoing.addingReplicas())
                            .setRemovingReplicas(ongoing.removingReplicas()));
                }
                out.topics().addAll(byTopic.values());
                return out;
            });
    }
}
