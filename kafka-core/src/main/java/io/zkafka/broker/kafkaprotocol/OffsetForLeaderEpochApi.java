package io.zkafka.broker.kafkaprotocol;

import io.zkafka.common.message.OffsetForLeaderEpochRequest;
import io.zkafka.common.message.OffsetForLeaderEpochResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.message.OffsetForLeaderEpochRequestData;
import org.apache.kafka.common.message.OffsetForLeaderEpochRequestData.OffsetForLeaderPartition;
import org.apache.kafka.common.message.OffsetForLeaderEpochRequestData.OffsetForLeaderTopic;
import org.apache.kafka.common.message.OffsetForLeaderEpochResponseData;
import org.apache.kafka.common.message.OffsetForLeaderEpochResponseData.EpochEndOffset;
import org.apache.kafka.common.message.OffsetForLeaderEpochResponseData.OffsetForLeaderTopicResult;

/**
 * OffsetForLeaderEpoch: where an epoch ends in the leader's log. A consumer asks it (version 3+,
 * replica id -1) after a leader change to check its position was not truncated away (KIP-320);
 * the native handler answers it as it answers a follower, from the leader only, fencing a current
 * leader epoch (version 2+) that is not the leader's. The leader epoch of the answer is from version 1.
 */
final class OffsetForLeaderEpochApi implements KafkaApi {

    @Override
    public CompletableFuture<OffsetForLeaderEpochResponseData> handle(KafkaExchange exchange) {
        OffsetForLeaderEpochRequestData request = exchange.body();
        List<OffsetForLeaderEpochRequest.EpochTopic> topics = new ArrayList<>(request.topics().size());
        for (OffsetForLeaderTopic topic : request.topics()) {
            List<OffsetForLeaderEpochRequest.EpochPartition> partitions = new ArrayList<>(topic.partitions().size());
            for (OffsetForLeaderPartition partition : topic.partitions()) {
                partitions.add(new OffsetForLeaderEpochRequest.EpochPartition(partition.partition(),
                    partition.currentLeaderEpoch(), partition.leaderEpoch()));
            }
            topics.add(new OffsetForLeaderEpochRequest.EpochTopic(topic.topic(), partitions));
        }
        return exchange.<OffsetForLeaderEpochResponse>call(
            new OffsetForLeaderEpochRequest(request.replicaId(), topics), 0).thenApply(OffsetForLeaderEpochApi::toKafka);
    }

    static OffsetForLeaderEpochResponseData toKafka(OffsetForLeaderEpochResponse answer) {
        OffsetForLeaderEpochResponseData out = new OffsetForLeaderEpochResponseData();
        for (OffsetForLeaderEpochResponse.EpochTopicResult topic : answer.topics()) {
            OffsetForLeaderTopicResult kafkaTopic = new OffsetForLeaderTopicResult().setTopic(topic.name());
            for (OffsetForLeaderEpochResponse.EpochEndOffsetResult partition : topic.partitions()) {
                kafkaTopic.partitions().add(new EpochEndOffset()
                    .setPartition(partition.partition())
                    .setErrorCode(partition.error().code())
                    .setLeaderEpoch(partition.leaderEpoch())
                    .setEndOffset(partition.endOffset()));
            }
            out.topics().add(kafkaTopic);
        }
        return out;
    }
}
