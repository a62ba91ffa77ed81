package io.zkafka.broker.kafkaprotocol;

import io.zkafka.common.message.DescribeProducersRequest;
import io.zkafka.common.message.DescribeProducersResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.message.DescribeProducersRequestData;
import org.apache.kafka.common.message.DescribeProducersResponseData;
import org.apache.kafka.common.message.DescribeProducersResponseData.PartitionResponse;
import org.apache.kafka.common.message.DescribeProducersResponseData.ProducerState;
import org.apache.kafka.common.message.DescribeProducersResponseData.TopicResponse;

/** DescribeProducers: the producer state this broker's replica of each partition keeps. */
final class DescribeProducersApi implements KafkaApi {

    @Override
    public CompletableFuture<DescribeProducersResponseData> handle(KafkaExchange exchange) {
        DescribeProducersRequestData request = exchange.body();
        List<DescribeProducersRequest.TopicRequest> topics = new ArrayList<>(request.topics().size());
        for (DescribeProducersRequestData.TopicRequest topic : request.topics()) {
            topics.add(new DescribeProducersRequest.TopicRequest(topic.name(), topic.partitionIndexes()));
        }
        return exchange.<DescribeProducersResponse>call(new DescribeProducersRequest(topics), 0)
            .thenApply(DescribeProducersApi::toKafka);
    }

    private static DescribeProducersResponseData toKafka(DescribeProducersResponse response) {
        DescribeProducersResponseData out = new DescribeProducersResponseData();
        for (DescribeProducersResponse.TopicResponse topic : response.topics()) {
            TopicResponse kafkaTopic = new TopicResponse().setName(topic.name());
            for (DescribeProducersResponse.PartitionResponse partition : topic.partitions()) {
                PartitionResponse kafkaPartition = new PartitionResponse()
                    .setPartitionIndex(partition.partitionIndex())
                    .setErrorCode(partition.error().code())
                    .setErrorMessage(partition.errorMessage());
                for (DescribeProducersResponse.ProducerState producer : partition.activeProducers()) {
                    kafkaPartition.activeProducers().add(new ProducerState()
                        .setProducerId(producer.producerId())
                        .setProducerEpoch(producer.producerEpoch())
                        .setLastSequence(producer.lastSequence())
                        .setLastTimestamp(producer.lastTimestamp())
                        .setCoordinatorEpoch(producer.coordinatorEpoch())
                        .setCurrentTxnStartOffset(producer.currentTxnStartOffset()));
                }
                kafkaTopic.partitions().add(kafkaPartition);
            }
            out.topics().add(kafkaTopic);
        }
        return out;
    }
}
