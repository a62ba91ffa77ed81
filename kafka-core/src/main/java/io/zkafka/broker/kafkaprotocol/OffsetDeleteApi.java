package io.zkafka.broker.kafkaprotocol;

import io.zkafka.common.message.OffsetDeleteRequest;
import io.zkafka.common.message.OffsetDeleteResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.message.OffsetDeleteRequestData;
import org.apache.kafka.common.message.OffsetDeleteRequestData.OffsetDeleteRequestPartition;
import org.apache.kafka.common.message.OffsetDeleteRequestData.OffsetDeleteRequestTopic;
import org.apache.kafka.common.message.OffsetDeleteResponseData;
import org.apache.kafka.common.message.OffsetDeleteResponseData.OffsetDeleteResponsePartition;
import org.apache.kafka.common.message.OffsetDeleteResponseData.OffsetDeleteResponseTopic;

/** OffsetDelete: a group's committed offsets of topics none of its members subscribes to. */
final class OffsetDeleteApi implements KafkaApi {

    @Override
    public CompletableFuture<OffsetDeleteResponseData> handle(KafkaExchange exchange) {
        OffsetDeleteRequestData request = exchange.body();
        List<OffsetDeleteRequest.Topic> topics = new ArrayList<>(request.topics().size());
        for (OffsetDeleteRequestTopic topic : request.topics()) {
            List<Integer> partitions = new ArrayList<>(topic.partitions().size());
            for (OffsetDeleteRequestPartition partition : topic.partitions()) {
                partitions.add(partition.partitionIndex());
            }
            topics.add(new OffsetDeleteRequest.Topic(topic.name(), partitions));
        }
        return exchange.<OffsetDeleteResponse>call(new OffsetDeleteRequest(request.groupId(), topics), 0)
            .thenApply(OffsetDeleteApi::toKafka);
    }

    static OffsetDeleteResponseData toKafka(OffsetDeleteResponse answer) {
        OffsetDeleteResponseData out = new OffsetDeleteResponseData().setErrorCode(answer.error().code());
        for (OffsetDeleteResponse.Topic topic : answer.topics()) {
            OffsetDeleteResponseTopic kafkaTopic = new OffsetDeleteResponseTopic().setName(topic.name());
            for (OffsetDeleteResponse.Partition partition : topic.partitions()) {
                kafkaTopic.partitions().add(new OffsetDeleteResponsePartition()
                    .setPartitionIndex(partition.partition()).setErrorCode(partition.error().code()));
            }
            out.topics().add(kafkaTopic);
        }
        return out;
    }
}
