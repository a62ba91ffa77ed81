package io.zkafka.broker.kafkaprotocol;

import io.zkafka.common.message.OffsetFetchRequest;
import io.zkafka.common.message.OffsetFetchResponse;
import io.zkafka.common.protocol.Errors;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.message.OffsetFetchRequestData;
import org.apache.kafka.common.message.OffsetFetchRequestData.OffsetFetchRequestGroup;
import org.apache.kafka.common.message.OffsetFetchRequestData.OffsetFetchRequestTopic;
import org.apache.kafka.common.message.OffsetFetchRequestData.OffsetFetchRequestTopics;
import org.apache.kafka.common.message.OffsetFetchResponseData;
import org.apache.kafka.common.message.OffsetFetchResponseData.OffsetFetchResponseGroup;
import org.apache.kafka.common.message.OffsetFetchResponseData.OffsetFetchResponsePartition;
import org.apache.kafka.common.message.OffsetFetchResponseData.OffsetFetchResponsePartitions;
import org.apache.kafka.common.message.OffsetFetchResponseData.OffsetFetchResponseTopic;
import org.apache.kafka.common.message.OffsetFetchResponseData.OffsetFetchResponseTopics;

/**
 * OffsetFetch. Version 0 (Kafka read ZooKeeper's consumer tree) reads the group coordinator's
 * commits as version 1 does. Versions 0 to 7 ask for one group: versions 0 and 1 have no top-level
 * error, so a group-level error is answered on every
 * partition asked for; null topics (every committed partition) from version 2. Version 7's
 * require-stable flag is native version 1's (KIP-447). Version 8 asks for several groups (KIP-709):
 * one native fetch per group, answered together.
 */
final class OffsetFetchApi implements KafkaApi {
    /** The first version with a top-level error code. */
    private static final short TOP_LEVEL_ERROR_VERSION = 2;
    private static final short LEADER_EPOCH_VERSION = 5;
    private static final short REQUIRE_STABLE_VERSION = 7;
    static final short BATCHED_VERSION = 8;
    private static final int NATIVE_VERSION = 1;

    @Override
    public CompletableFuture<OffsetFetchResponseData> handle(KafkaExchange exchange) {
        OffsetFetchRequestData request = exchange.body();
        short version = exchange.version();
        boolean requireStable = version >= REQUIRE_STABLE_VERSION && request.requireStable();
        if (version < BATCHED_VERSION) {
            List<OffsetFetchRequest.Topic> topics = null;
            if (request.topics() != null) {
                topics = new ArrayList<>(request.topics().size());
                for (OffsetFetchRequestTopic topic : request.topics()) {
                    topics.add(new OffsetFetchRequest.Topic(topic.name(), topic.partitionIndexes()));
                }
            }
            List<OffsetFetchRequest.Topic> asked = topics;
            return exchange.<OffsetFetchResponse>call(new OffsetFetchRequest(request.groupId(), topics, requireStable),
                NATIVE_VERSION).thenApply(answer -> singleToKafka(answer, asked, version));
        }
        List<CompletableFuture<OffsetFetchResponseGroup>> groups = new ArrayList<>(request.groups().size());
        for (OffsetFetchRequestGroup group : request.groups()) {
            List<OffsetFetchRequest.Topic> topics = null;
            if (group.topics() != null) {
                topics = new ArrayList<>(group.topics().size());
                for (OffsetFetchRequestTopics topic : group.topics()) {
                    topics.add(new OffsetFetchRequest.Topic(topic.name(), topic.partitionIndexes()));
                }
            }
            groups.add(exchange.<OffsetFetchResponse>call(new OffsetFetchRequest(group.groupId(), topics, requireStable),
                NATIVE_VERSION).thenApply(answer -> groupToKafka(group.groupId(), answer)));
        }
        return CompletableFuture.allOf(groups.toArray(CompletableFuture[]::new)).thenApply(ignored -> {
            OffsetFetchResponseData out = new OffsetFetchResponseData();
            groups.forEach(group -> out.groups().add(group.join()));
            return out;
        });
    }

    static OffsetFetchResponseData singleToKafka(OffsetFetchResponse answer, List<OffsetFetchRequest.Topic> asked,
                                                 short version) {
        OffsetFetchResponseData out = new OffsetFetchResponseData();
        if (answer.error() != Errors.NONE && version < TOP_LEVEL_ERROR_VERSION) {
            for (OffsetFetchRequest.Topic topic : asked == null ? List.<OffsetFetchRequest.Topic>of() : asked) {
                OffsetFetchResponseTopic kafkaTopic = new OffsetFetchResponseTopic().setName(topic.name());
                for (int partition : topic.partitions()) {
                    kafkaTopic.partitions().add(new OffsetFetchResponsePartition().setPartitionIndex(partition)
                        .setCommittedOffset(OffsetFetchResponse.NO_OFFSET).setMetadata("")
                        .setErrorCode(answer.error().code()));
                }
                out.topics().add(kafkaTopic);
            }
            return out;
        }
        out.setErrorCode(answer.error().code());
        for (OffsetFetchResponse.Topic topic : answer.topics()) {
            OffsetFetchResponseTopic kafkaTopic = new OffsetFetchResponseTopic().setName(topic.name());
            for (OffsetFetchResponse.Partition partition : topic.partitions()) {
                OffsetFetchResponsePartition kafkaPartition = new OffsetFetchResponsePartition()
                    .setPartitionIndex(partition.partition())
                    .setCommittedOffset(partition.offset())
                    .setMetadata(partition.metadata())
                    .setErrorCode(partition.error().code());
                if (version >= LEADER_EPOCH_VERSION) {
                    kafkaPartition.setCommittedLeaderEpoch(partition.leaderEpoch());
                }
                kafkaTopic.partitions().add(kafkaPartition);
            }
            out.topics().add(kafkaTopic);
        }
        return out;
    }

    static OffsetFetchResponseGroup groupToKafka(String groupId, OffsetFetchResponse answer) {
        OffsetFetchResponseGroup out = new OffsetFetchResponseGroup().setGroupId(groupId)
            .setErrorCode(answer.error().code());
        for (OffsetFetchResponse.Topic topic : answer.topics()) {
            OffsetFetchResponseTopics kafkaTopic = new OffsetFetchResponseTopics().setName(topic.name());
            for (OffsetFetchResponse.Partition partition : topic.partitions()) {
                kafkaTopic.partitions().add(new OffsetFetchResponsePartitions()
                    .setPartitionIndex(partition.partition())
                    .setCommittedOffset(partition.offset())
                    .setCommittedLeaderEpoch(partition.leaderEpoch())
                    .setMetadata(partition.metadata())
                    .setErrorCode(partition.error().code()));
            }
            out.topics().add(kafkaTopic);
        }
        return out;
    }
}
