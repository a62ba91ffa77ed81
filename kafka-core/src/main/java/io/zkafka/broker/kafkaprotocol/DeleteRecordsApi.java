package io.zkafka.broker.kafkaprotocol;

import io.zkafka.common.message.DeleteRecordsRequest;
import io.zkafka.common.message.DeleteRecordsResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.message.DeleteRecordsRequestData;
import org.apache.kafka.common.message.DeleteRecordsResponseData;
import org.apache.kafka.common.message.DeleteRecordsResponseData.DeleteRecordsPartitionResult;
import org.apache.kafka.common.message.DeleteRecordsResponseData.DeleteRecordsTopicResult;

/** DeleteRecords: each partition's log start moved up on its leader; the answer is the new low watermark. */
final class DeleteRecordsApi implements KafkaApi {

    @Override
    public CompletableFuture<DeleteRecordsResponseData> handle(KafkaExchange exchange) {
        DeleteRecordsRequestData request = exchange.body();
        List<DeleteRecordsRequest.DeleteTopic> topics = new ArrayList<>(request.topics().size());
        for (DeleteRecordsRequestData.DeleteRecordsTopic topic : request.topics()) {
            List<DeleteRecordsRequest.DeletePartition> partitions = new ArrayList<>(topic.partitions().size());
            for (DeleteRecordsRequestData.DeleteRecordsPartition partition : topic.partitions()) {
                partitions.add(new DeleteRecordsRequest.DeletePartition(partition.partitionIndex(), partition.offset()));
            }
            topics.add(new DeleteRecordsRequest.DeleteTopic(topic.name(), partitions));
        }
        return exchange.<DeleteRecordsResponse>call(new DeleteRecordsRequest(topics, request.timeoutMs()), 0)
            .thenApply(response -> {
                DeleteRecordsResponseData out = new DeleteRecordsResponseData();
                for (DeleteRecordsResponse.TopicResponse topic : response.topics()) {
                    DeleteRecordsTopicResult kafkaTopic = new DeleteRecordsTopicResult().setName(topic.name());
                    for (DeleteRecordsResponse.PartitionResponse partition : topic.partitions()) {
                        kafkaTopic.partitions().add(new DeleteRecordsPartitionResult()
                            .setPartitionIndex(partition.partition())
                            .setLowWatermark(partition.lowWatermark())
                            .setErrorCode(partition.error().code()));
                    }
                    out.topics().add(kafkaTopic);
                }
                return out;
            });
    }
}
