package io.zkafka.broker.kafkaprotocol;

import io.zkafka.common.message.AddPartitionsToTxnRequest;
import io.zkafka.common.message.AddPartitionsToTxnResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.message.AddPartitionsToTxnRequestData;
import org.apache.kafka.common.message.AddPartitionsToTxnRequestData.AddPartitionsToTxnTopic;
import org.apache.kafka.common.message.AddPartitionsToTxnResponseData;
import org.apache.kafka.common.message.AddPartitionsToTxnResponseData.AddPartitionsToTxnPartitionResult;
import org.apache.kafka.common.message.AddPartitionsToTxnResponseData.AddPartitionsToTxnTopicResult;

/**
 * AddPartitionsToTxn in the client's form, versions 0 to 3: one producer's partitions join its
 * transaction. Versions 4 and up (brokers batching other producers' transactions, KIP-890's
 * verification) are not advertised. Before version 2 a fenced producer is answered INVALID_PRODUCER_EPOCH.
 */
final class AddPartitionsToTxnApi implements KafkaApi {
    private static final int PRODUCER_FENCED_SINCE = 2;

    @Override
    public CompletableFuture<AddPartitionsToTxnResponseData> handle(KafkaExchange exchange) {
        AddPartitionsToTxnRequestData request = exchange.body();
        List<AddPartitionsToTxnRequest.Topic> topics = new ArrayList<>(request.v3AndBelowTopics().size());
        for (AddPartitionsToTxnTopic topic : request.v3AndBelowTopics()) {
            topics.add(new AddPartitionsToTxnRequest.Topic(topic.name(), topic.partitions()));
        }
        AddPartitionsToTxnRequest nativeRequest = new AddPartitionsToTxnRequest(request.v3AndBelowTransactionalId(),
            request.v3AndBelowProducerId(), request.v3AndBelowProducerEpoch(), topics);
        return exchange.<AddPartitionsToTxnResponse>call(nativeRequest, 0)
            .thenApply(response -> toKafka(response, exchange.version()));
    }

    private static AddPartitionsToTxnResponseData toKafka(AddPartitionsToTxnResponse response, short version) {
        AddPartitionsToTxnResponseData out = new AddPartitionsToTxnResponseData();
        for (AddPartitionsToTxnResponse.TopicResult topic : response.topics()) {
            AddPartitionsToTxnTopicResult kafkaTopic = new AddPartitionsToTxnTopicResult().setName(topic.name());
            for (AddPartitionsToTxnResponse.PartitionResult partition : topic.partitions()) {
                kafkaTopic.resultsByPartition().add(new AddPartitionsToTxnPartitionResult()
                    .setPartitionIndex(partition.partition())
                    .setPartitionErrorCode(ProducerFencing.code(partition.error(), version, PRODUCER_FENCED_SINCE)));
            }
            out.resultsByTopicV3AndBelow().add(kafkaTopic);
        }
        return out;
    }
}
