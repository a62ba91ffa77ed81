package io.zkafka.broker.kafkaprotocol;

import io.zkafka.common.message.CreatePartitionsRequest;
import io.zkafka.common.message.CreatePartitionsResponse;
import io.zkafka.common.message.TopicResult;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.message.CreatePartitionsRequestData;
import org.apache.kafka.common.message.CreatePartitionsResponseData;
import org.apache.kafka.common.message.CreatePartitionsResponseData.CreatePartitionsTopicResult;

/**
 * CreatePartitions: raises a topic's partition count, the new partitions on the replicas given or,
 * without an assignment, where the controller places them (native version 1 carries assignments).
 */
final class CreatePartitionsApi implements KafkaApi {
    private static final int NATIVE_VERSION = 1;

    @Override
    public CompletableFuture<CreatePartitionsResponseData> handle(KafkaExchange exchange) {
        CreatePartitionsRequestData request = exchange.body();
        List<CreatePartitionsRequest.PartitionsTopic> topics = new ArrayList<>();
        for (CreatePartitionsRequestData.CreatePartitionsTopic topic : request.topics()) {
            List<List<Integer>> assignment = null;
            if (topic.assignments() != null) {
                assignment = new ArrayList<>(topic.assignments().size());
                for (CreatePartitionsRequestData.CreatePartitionsAssignment partition : topic.assignments()) {
                    assignment.add(List.copyOf(partition.brokerIds()));
                }
            }
            topics.add(new CreatePartitionsRequest.PartitionsTopic(topic.name(), topic.count(), assignment));
        }
        return exchange.<CreatePartitionsResponse>call(new CreatePartitionsRequest(topics, request.timeoutMs(),
            request.validateOnly()), NATIVE_VERSION).thenApply(response -> {
                CreatePartitionsResponseData out = new CreatePartitionsResponseData();
                for (TopicResult result : response.results()) {
                    out.results().add(new CreatePartitionsTopicResult().setName(result.name())
                        .setErrorCode(result.error().code()).setErrorMessage(result.errorMessage()));
                }
                return out;
            });
    }
}
