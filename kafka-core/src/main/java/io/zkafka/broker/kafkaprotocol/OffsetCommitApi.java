package io.zkafka.broker.kafkaprotocol;

import io.zkafka.common.message.OffsetCommitRequest;
import io.zkafka.common.message.OffsetCommitResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.message.OffsetCommitRequestData;
import org.apache.kafka.common.message.OffsetCommitRequestData.OffsetCommitRequestPartition;
import org.apache.kafka.common.message.OffsetCommitRequestData.OffsetCommitRequestTopic;
import org.apache.kafka.common.message.OffsetCommitResponseData;
import org.apache.kafka.common.message.OffsetCommitResponseData.OffsetCommitResponsePartition;
import org.apache.kafka.common.message.OffsetCommitResponseData.OffsetCommitResponseTopic;

/**
 * OffsetCommit. Version 0 (no generation or member: Kafka stored it in ZooKeeper's consumer tree)
 * is a commit outside any generation to the group coordinator, read back by OffsetFetch of any
 * version. Version 1's per-partition commit timestamp and versions 2 to 4's retention
 * time are not kept: retention is the broker's {@code offsets.retention.minutes}, as from version 5.
 * Leader epochs from version 6, the static member's instance id from 7. Version 9 is KIP-848's.
 */
final class OffsetCommitApi implements KafkaApi {

    @Override
    public CompletableFuture<OffsetCommitResponseData> handle(KafkaExchange exchange) {
        OffsetCommitRequestData request = exchange.body();
        List<OffsetCommitRequest.Topic> topics = new ArrayList<>(request.topics().size());
        for (OffsetCommitRequestTopic topic : request.topics()) {
            List<OffsetCommitRequest.Partition> partitions = new ArrayList<>(topic.partitions().size());
            for (OffsetCommitRequestPartition partition : topic.partitions()) {
                partitions.add(new OffsetCommitRequest.Partition(partition.partitionIndex(), partition.committedOffset(),
                    partition.committedLeaderEpoch(), partition.committedMetadata()));
            }
            topics.add(new OffsetCommitRequest.Topic(topic.name(), partitions));
        }
        OffsetCommitRequest nativeRequest = new OffsetCommitRequest(request.groupId(),
            request.generationIdOrMemberEpoch(), request.memberId(), request.groupInstanceId(), topics);
        return exchange.<OffsetCommitResponse>call(nativeRequest, 0).thenApply(OffsetCommitApi::toKafka);
    }

    static OffsetCommitResponseData toKafka(OffsetCommitResponse answer) {
        OffsetCommitResponseData out = new OffsetCommitResponseData();
        for (OffsetCommitResponse.Topic topic : answer.topics()) {
            OffsetCommitResponseTopic kafkaTopic = new OffsetCommitResponseTopic().setName(topic.name());
            for (OffsetCommitResponse.Partition partition : topic.partitions()) {
                kafkaTopic.partitions().add(new OffsetCommitResponsePartition()
                    .setPartitionIndex(partition.partition()).setErrorCode(partition.error().code()));
            }
            out.topics().add(kafkaTopic);
        }
        return out;
    }
}
