package io.zkafka.broker.kafkaprotocol;

import io.zkafka.common.TopicPartition;
import io.zkafka.common.message.AlterPartitionReassignmentsRequest;
import io.zkafka.common.message.AlterPartitionReassignmentsResponse;
import io.zkafka.common.message.PartitionResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.message.AlterPartitionReassignmentsRequestData;
import org.apache.kafka.common.message.AlterPartitionReassignmentsResponseData;
import org.apache.kafka.common.message.AlterPartitionReassignmentsResponseData.ReassignablePartitionResponse;
import org.apache.kafka.common.message.AlterPartitionReassignmentsResponseData.ReassignableTopicResponse;

/** AlterPartitionReassignments: moves partitions to new replica lists, or (null replicas) cancels a move. */
final class AlterPartitionReassignmentsApi implements KafkaApi {

    @Override
    public CompletableFuture<AlterPartitionReassignmentsResponseData> handle(KafkaExchange exchange) {
        AlterPartitionReassignmentsRequestData request = exchange.body();
        List<AlterPartitionReassignmentsRequest.ReassignablePartition> partitions = new ArrayList<>();
        for (AlterPartitionReassignmentsRequestData.ReassignableTopic topic : request.topics()) {
            for (AlterPartitionReassignmentsRequestData.ReassignablePartition partition : topic.partitions()) {
                partitions.add(new AlterPartitionReassignmentsRequest.ReassignablePartition(
                    new TopicPartition(topic.name(), partition.partitionIndex()),
                    partition.replicas() == null ? null : List.copyOf(partition.replicas())));
            }
        }
        return exchange.<AlterPartitionReassignmentsResponse>call(
            new AlterPartitionReassignmentsRequest(partitions, request.timeoutMs()), 0).thenApply(response -> {
                AlterPartitionReassignmentsResponseData out = new AlterPartitionReassignmentsResponseData()
                    .setErrorCode(response.error().code())
                    .setErrorMessage(response.errorMessage());
                Map<String, ReassignableTopicResponse> byTopic = new LinkedHashMap<>();
                for (PartitionResult result : response.results()) {
                    byTopic.computeIfAbsent(result.partition().topic(),
                        topic -> new ReassignableTopicResponse().setName(topic))
                        .partitions().add(new ReassignablePartitionResponse()
                            .setPartitionIndex(result.partition().partition())
                            .setErrorCode(result.error().code())
                            .setErrorMessage(result.errorMessage()));
                }
                out.responses().addAll(byTopic.values());
                return out;
            });
    }
}
