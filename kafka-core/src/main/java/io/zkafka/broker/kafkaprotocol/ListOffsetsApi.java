package io.zkafka.broker.kafkaprotocol;

import io.zkafka.common.IsolationLevel;
import io.zkafka.common.message.ListOffsetsRequest;
import io.zkafka.common.message.ListOffsetsResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.message.ListOffsetsRequestData;
import org.apache.kafka.common.message.ListOffsetsResponseData;

/** ListOffsets from version 1 (one offset per partition): earliest, latest, or by timestamp. */
final class ListOffsetsApi implements KafkaApi {
    private static final int NATIVE_VERSION = 1;
    private static final short LEADER_EPOCH_VERSION = 4;

    @Override
    public CompletableFuture<ListOffsetsResponseData> handle(KafkaExchange exchange) {
        ListOffsetsRequestData request = exchange.body();
        List<ListOffsetsRequest.ListOffsetsTopic> topics = new ArrayList<>(request.topics().size());
        for (ListOffsetsRequestData.ListOffsetsTopic topic : request.topics()) {
            List<ListOffsetsRequest.ListOffsetsPartition> partitions = new ArrayList<>(topic.partitions().size());
            for (ListOffsetsRequestData.ListOffsetsPartition partition : topic.partitions()) {
                partitions.add(new ListOffsetsRequest.ListOffsetsPartition(partition.partitionIndex(), partition.timestamp()));
            }
            topics.add(new ListOffsetsRequest.ListOffsetsTopic(topic.name(), partitions));
        }
        IsolationLevel isolation = exchange.version() >= 2 ? IsolationLevel.forId(request.isolationLevel())
            : IsolationLevel.READ_UNCOMMITTED;
        return exchange.<ListOffsetsResponse>call(new ListOffsetsRequest(request.replicaId(), isolation, topics),
            NATIVE_VERSION).thenApply(response -> toKafka(response, exchange.version()));
    }

    static ListOffsetsResponseData toKafka(ListOffsetsResponse response, short version) {
        ListOffsetsResponseData out = new ListOffsetsResponseData();
        for (ListOffsetsResponse.TopicResponse topic : response.topics()) {
            ListOffsetsResponseData.ListOffsetsTopicResponse kafkaTopic =
                new ListOffsetsResponseData.ListOffsetsTopicResponse().setName(topic.name());
            for (ListOffsetsResponse.PartitionResponse partition : topic.partitions()) {
                kafkaTopic.partitions().add(new ListOffsetsResponseData.ListOffsetsPartitionResponse()
                    .setPartitionIndex(partition.partition())
                    .setErrorCode(partition.error().code())
                    .setTimestamp(partition.timestamp())
                    .setOffset(partition.offset())
                    .setLeaderEpoch(version >= LEADER_EPOCH_VERSION ? partition.leaderEpoch() : -1));
            }
            out.topics().add(kafkaTopic);
        }
        return out;
    }
}
