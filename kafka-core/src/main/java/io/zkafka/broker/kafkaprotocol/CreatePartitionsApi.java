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
import org.apache.kafka.common.protocol.Errors;

/**
 * CreatePartitions: raises a topic's partition count; the controller places the new replicas. An
 * explicit assignment of the new partitions is refused with INVALID_REPLICA_ASSIGNMENT (the native
 * API has no field for it).
 */
final class CreatePartitionsApi implements KafkaApi {

    @Override
    public CompletableFuture<CreatePartitionsResponseData> handle(KafkaExchange exchange) {
        CreatePartitionsRequestData request = exchange.body();
        List<CreatePartitionsRequest.PartitionsTopic> topics = new ArrayList<>();
        List<CreatePartitionsTopicResult> refused = new ArrayList<>();
        for (CreatePartitionsRequestData.CreatePartitionsTopic topic : request.topics()) {
            if (topic.assignments() != null) {
                refused.add(new CreatePartitionsTopicResult().setName(topic.name())
                    .setErrorCode(Errors.INVALID_REPLICA_ASSIGNMENT.code())
                    .setErrorMessage("ZKafka places new partitions itself; leave the assignment out"));
            } else {
                topics.add(new CreatePartitionsRequest.PartitionsTopic(topic.name(), topic.count()));
            }
        }
        CompletableFuture<CreatePartitionsResponse> answer = topics.isEmpty()
            ? CompletableFuture.completedFuture(new CreatePartitionsResponse(List.of()))
            : exchange.call(new CreatePartitionsRequest(topics, request.timeoutMs(), request.validateOnly()), 0);
        return answer.thenApply(response -> {
            CreatePartitionsResponseData out = new CreatePartitionsResponseData();
            for (TopicResult result : response.results()) {
                out.results().add(new CreatePartitionsTopicResult().setName(result.name())
                    .setErrorCode(result.error().code()).setErrorMessage(result.errorMessage()));
            }
            out.results().addAll(refused);
            return out;
        });
    }
}
