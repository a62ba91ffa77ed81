package io.zkafka.broker.kafkaprotocol;

import io.zkafka.common.message.TxnOffsetCommitRequest;
import io.zkafka.common.message.TxnOffsetCommitResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.message.TxnOffsetCommitRequestData;
import org.apache.kafka.common.message.TxnOffsetCommitRequestData.TxnOffsetCommitRequestPartition;
import org.apache.kafka.common.message.TxnOffsetCommitRequestData.TxnOffsetCommitRequestTopic;
import org.apache.kafka.common.message.TxnOffsetCommitResponseData;
import org.apache.kafka.common.message.TxnOffsetCommitResponseData.TxnOffsetCommitResponsePartition;
import org.apache.kafka.common.message.TxnOffsetCommitResponseData.TxnOffsetCommitResponseTopic;

/**
 * TxnOffsetCommit, to the group's coordinator: offsets pending until the transaction commits.
 * Before version 3 the request carries no group metadata: Kafka's data gives generation -1, an
 * empty member id and no instance id, which the native coordinator takes as "do not check the
 * member"; before version 2 no leader epoch (-1).
 */
final class TxnOffsetCommitApi implements KafkaApi {

    @Override
    public CompletableFuture<TxnOffsetCommitResponseData> handle(KafkaExchange exchange) {
        TxnOffsetCommitRequestData request = exchange.body();
        List<TxnOffsetCommitRequest.Topic> topics = new ArrayList<>(request.topics().size());
        for (TxnOffsetCommitRequestTopic topic : request.topics()) {
            List<TxnOffsetCommitRequest.Partition> partitions = new ArrayList<>(topic.partitions().size());
            for (TxnOffsetCommitRequestPartition partition : topic.partitions()) {
                partitions.add(new TxnOffsetCommitRequest.Partition(partition.partitionIndex(),
                    partition.committedOffset(), partition.committedLeaderEpoch(), partition.committedMetadata()));
            }
            topics.add(new TxnOffsetCommitRequest.Topic(topic.name(), partitions));
        }
        TxnOffsetCommitRequest nativeRequest = new TxnOffsetCommitRequest(request.transactionalId(),
            request.groupId(), request.producerId(), request.producerEpoch(), request.generationId(),
            request.memberId(), request.groupInstanceId(), topics);
        return exchange.<TxnOffsetCommitResponse>call(nativeRequest, 0).thenApply(TxnOffsetCommitApi::toKafka);
    }

    private static TxnOffsetCommitResponseData toKafka(TxnOffsetCommitResponse response) {
        TxnOffsetCommitResponseData out = new TxnOffsetCommitResponseData();
        for (TxnOffsetCommitResponse.Topic topic : response.topics()) {
            TxnOffsetCommitResponseTopic kafkaTopic = new TxnOffsetCommitResponseTopic().setName(topic.name());
            for (TxnOffsetCommitResponse.PartitionResult partition : topic.partitions()) {
                kafkaTopic.partitions().add(new TxnOffsetCommitResponsePartition()
                    .setPartitionIndex(partition.partition())
                    .setErrorCode(partition.error().code()));
            }
            out.topics().add(kafkaTopic);
        }
        return out;
    }
}
