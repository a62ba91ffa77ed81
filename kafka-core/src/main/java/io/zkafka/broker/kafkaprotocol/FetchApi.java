package io.zkafka.broker.kafkaprotocol;

import io.zkafka.common.IsolationLevel;
import io.zkafka.common.message.FetchRequest;
import io.zkafka.common.message.FetchResponse;
import io.zkafka.metadata.MetadataCache;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.FetchRequestData;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.MemoryRecords;

/**
 * Fetch for consumers: translated to a native fetch (isolation level included), whose record
 * batches, slices of segment files, go back in the Kafka answer untouched and are sent with zero
 * copy. Fetch sessions (KIP-227) are declined as Kafka allows: every answer carries session id 0,
 * so clients send full fetch requests; an incremental request naming a session gets
 * FETCH_SESSION_ID_NOT_FOUND. From version 13 topics are named by id: each id is looked up in this
 * broker's metadata, and the partitions of an id no topic has are answered UNKNOWN_TOPIC_ID, so a
 * consumer notices a topic deleted and created again under its name. A partition refused because
 * this broker does not lead it names its leader from version 12 ({@link LeaderDiscovery}).
 */
final class FetchApi implements KafkaApi {
    private static final int NATIVE_VERSION = 2;
    private static final short TOPIC_ID_VERSION = 13;

    private final MetadataCache metadata;
    private final LeaderDiscovery leaders;

    FetchApi(MetadataCache metadata, LeaderDiscovery leaders) {
        this.metadata = metadata;
        this.leaders = leaders;
    }

    @Override
    public CompletableFuture<FetchResponseData> handle(KafkaExchange exchange) {
        FetchRequestData request = exchange.body();
        if (request.sessionId() != 0) {
            return CompletableFuture.completedFuture(new FetchResponseData()
                .setErrorCode(Errors.FETCH_SESSION_ID_NOT_FOUND.code()).setSessionId(0));
        }
        boolean byId = exchange.version() >= TOPIC_ID_VERSION;
        MetadataCache.Image image = byId ? metadata.image() : null;
        Map<String, Uuid> askedIds = byId ? new HashMap<>() : Map.of();
        List<FetchResponseData.FetchableTopicResponse> unknownIds = new ArrayList<>();
        List<FetchRequest.FetchTopic> topics = new ArrayList<>(request.topics().size());
        for (FetchRequestData.FetchTopic topic : request.topics()) {
            String name = topic.topic();
            if (byId) {
                name = image.topicName(KafkaIds.fromKafka(topic.topicId())).orElse(null);
                if (name == null) {
                    unknownIds.add(unknownTopicId(topic));
                    continue;
                }
                askedIds.put(name, topic.topicId());
            }
            List<FetchRequest.FetchPartition> partitions = new ArrayList<>(topic.partitions().size());
            for (FetchRequestData.FetchPartition partition : topic.partitions()) {
                partitions.add(new FetchRequest.FetchPartition(partition.partition(), partition.currentLeaderEpoch(),
                    partition.fetchOffset(), partition.logStartOffset(), partition.partitionMaxBytes()));
            }
            topics.add(new FetchRequest.FetchTopic(name, partitions));
        }
        IsolationLevel isolation = exchange.version() >= 4 ? IsolationLevel.forId(request.isolationLevel())
            : IsolationLevel.READ_UNCOMMITTED;
        int maxBytes = exchange.version() >= 3 ? request.maxBytes() : Integer.MAX_VALUE;
        FetchRequest fetch = new FetchRequest(FetchRequest.CONSUMER_REPLICA_ID, request.maxWaitMs(),
            request.minBytes(), maxBytes, isolation, topics);
        return exchange.<FetchResponse>call(fetch, NATIVE_VERSION).thenApply(response -> {
            FetchResponseData out = toKafka(response, askedIds);
            leaders.nameLeaders(out, exchange.version());
            out.responses().addAll(unknownIds);
            return out;
        });
    }

    private static FetchResponseData.FetchableTopicResponse unknownTopicId(FetchRequestData.FetchTopic topic) {
        FetchResponseData.FetchableTopicResponse answer = new FetchResponseData.FetchableTopicResponse()
            .setTopicId(topic.topicId());
        for (FetchRequestData.FetchPartition partition : topic.partitions()) {
            answer.partitions().add(new FetchResponseData.PartitionData().setPartitionIndex(partition.partition())
                .setErrorCode(Errors.UNKNOWN_TOPIC_ID.code()).setHighWatermark(-1).setLastStableOffset(-1)
                .setLogStartOffset(-1).setRecords(MemoryRecords.EMPTY));
        }
        return answer;
    }

    /** The Kafka answer; each topic named and, when asked by id, with that id. */
    static FetchResponseData toKafka(FetchResponse response, Map<String, Uuid> askedIds) {
        FetchResponseData out = new FetchResponseData().setErrorCode(response.error().code()).setSessionId(0);
        for (FetchResponse.FetchableTopic topic : response.topics()) {
            FetchResponseData.FetchableTopicResponse kafkaTopic = new FetchResponseData.FetchableTopicResponse()
                .setTopic(topic.name())
                .setTopicId(askedIds.getOrDefault(topic.name(), Uuid.ZERO_UUID));
            for (FetchResponse.PartitionData partition : topic.partitions()) {
                FetchResponseData.PartitionData data = new FetchResponseData.PartitionData()
                    .setPartitionIndex(partition.partition())
                    .setErrorCode(partition.error().code())
                    .setHighWatermark(partition.highWatermark())
                    .setLastStableOffset(partition.lastStableOffset())
                    .setLogStartOffset(partition.logStartOffset())
                    .setRecords(new SegmentRecords(partition.records()));
                if (partition.abortedTransactions() != null) {
                    List<FetchResponseData.AbortedTransaction> aborted = new ArrayList<>();
                    for (FetchResponse.AbortedTransaction txn : partition.abortedTransactions()) {
                        aborted.add(new FetchResponseData.AbortedTransaction()
                            .setProducerId(txn.producerId()).setFirstOffset(txn.firstOffset()));
                    }
                    data.setAbortedTransactions(aborted);
                } else {
                    data.setAbortedTransactions(null);
                }
                kafkaTopic.partitions().add(data);
            }
            out.responses().add(kafkaTopic);
        }
        return out;
    }
}
