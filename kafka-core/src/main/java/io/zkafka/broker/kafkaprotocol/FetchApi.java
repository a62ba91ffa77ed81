package io.zkafka.broker.kafkaprotocol;

import io.zkafka.common.IsolationLevel;
import io.zkafka.common.message.FetchRequest;
import io.zkafka.common.message.FetchResponse;
import io.zkafka.metadata.MetadataCache;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
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
 * copy. Fetch sessions (KIP-227) are served by {@link FetchSessions}: an incremental fetch is the
 * native fetch of every partition of its session, answered for those with something new. From
 * version 13 topics are named by id: each id is looked up in this broker's metadata, and the
 * partitions of an id no topic has are answered UNKNOWN_TOPIC_ID, so a consumer notices a topic
 * deleted and created again under its name. A partition refused because this broker does not lead it
 * names its leader from version 12 ({@link LeaderDiscovery}).
 */
final class FetchApi implements KafkaApi {
    private static final int NATIVE_VERSION = 2;
    private static final short TOPIC_ID_VERSION = 13;

    private final MetadataCache metadata;
    private final LeaderDiscovery leaders;
    private final FetchSessions sessions;

    FetchApi(MetadataCache metadata, LeaderDiscovery leaders, FetchSessions sessions) {
        this.metadata = metadata;
        this.leaders = leaders;
        this.sessions = sessions;
    }

    @Override
    public CompletableFuture<FetchResponseData> handle(KafkaExchange exchange) {
        FetchRequestData request = exchange.body();
        boolean byId = exchange.version() >= TOPIC_ID_VERSION;
        FetchSessions.Context session = sessions.open(request, byId);
        if (session.error() != null) {
            return CompletableFuture.completedFuture(new FetchResponseData()
                .setErrorCode(session.error().code()).setSessionId(0));
        }
        MetadataCache.Image image = byId ? metadata.image() : null;
        Map<String, Uuid> askedIds = byId ? new HashMap<>() : Map.of();
        Map<Uuid, FetchResponseData.FetchableTopicResponse> unknownIds = new LinkedHashMap<>();
        Map<String, List<FetchRequest.FetchPartition>> byTopic = new LinkedHashMap<>();
        // a topic's partitions mostly come one after another: its id is looked up once for them
        Uuid resolvedId = null;
        String resolvedName = null;
        for (FetchSessions.Wanted wanted : session.wanted()) {
            FetchSessions.Key key = wanted.key();
            String name = key.topic();
            if (byId) {
                if (!key.topicId().equals(resolvedId)) {
                    resolvedId = key.topicId();
                    resolvedName = image.topicName(KafkaIds.fromKafka(resolvedId)).orElse(null);
                    if (resolvedName != null) {
                        askedIds.put(resolvedName, resolvedId);
                    }
                }
                name = resolvedName;
                if (name == null) {
                    unknownIds.computeIfAbsent(key.topicId(),
                        id -> new FetchResponseData.FetchableTopicResponse().setTopicId(id))
                        .partitions().add(unknownTopicId(key.partition()));
                    continue;
                }
            }
            byTopic.computeIfAbsent(name, n -> new ArrayList<>()).add(new FetchRequest.FetchPartition(key.partition(),
                wanted.currentLeaderEpoch(), wanted.fetchOffset(), wanted.logStartOffset(), wanted.maxBytes()));
        }
        List<FetchRequest.FetchTopic> topics = new ArrayList<>(byTopic.size());
        byTopic.forEach((name, partitions) -> topics.add(new FetchRequest.FetchTopic(name, partitions)));
        IsolationLevel isolation = exchange.version() >= 4 ? IsolationLevel.forId(request.isolationLevel())
            : IsolationLevel.READ_UNCOMMITTED;
        int maxBytes = exchange.version() >= 3 ? request.maxBytes() : Integer.MAX_VALUE;
        FetchRequest fetch = new FetchRequest(FetchRequest.CONSUMER_REPLICA_ID, request.maxWaitMs(),
            request.minBytes(), maxBytes, isolation, topics);
        return exchange.<FetchResponse>call(fetch, NATIVE_VERSION).thenApply(response -> {
            FetchResponseData out = toKafka(response, askedIds);
            leaders.nameLeaders(out, exchange.version());
            out.responses().addAll(unknownIds.values());
            session.shape(out, byId);
            return out;
        });
    }

    private static FetchResponseData.PartitionData unknownTopicId(int partition) {
        return new FetchResponseData.PartitionData().setPartitionIndex(partition)
            .setErrorCode(Errors.UNKNOWN_TOPIC_ID.code()).setHighWatermark(-1).setLastStableOffset(-1)
            .setLogStartOffset(-1).setRecords(MemoryRecords.EMPTY);
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
