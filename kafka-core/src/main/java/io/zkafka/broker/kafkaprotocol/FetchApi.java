package io.zkafka.broker.kafkaprotocol;

import io.zkafka.common.IsolationLevel;
import io.zkafka.common.message.FetchRequest;
import io.zkafka.common.message.FetchResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.message.FetchRequestData;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.protocol.Errors;

/**
 * Fetch for consumers: translated to a native fetch (isolation level included), whose record
 * batches, slices of segment files, go back in the Kafka answer untouched and are sent with zero
 * copy. Fetch sessions (KIP-227) are declined as Kafka allows: every answer carries session id 0,
 * so clients send full fetch requests; an incremental request naming a session gets
 * FETCH_SESSION_ID_NOT_FOUND. Requests by topic id (version 13 and up) are not advertised.
 */
final class FetchApi implements KafkaApi {
    private static final int NATIVE_VERSION = 2;

    @Override
    public CompletableFuture<FetchResponseData> handle(KafkaExchange exchange) {
        FetchRequestData request = exchange.body();
        if (request.sessionId() != 0) {
            return CompletableFuture.completedFuture(new FetchResponseData()
                .setErrorCode(Errors.FETCH_SESSION_ID_NOT_FOUND.code()).setSessionId(0));
        }
        List<FetchRequest.FetchTopic> topics = new ArrayList<>(request.topics().size());
        for (FetchRequestData.FetchTopic topic : request.topics()) {
            List<FetchRequest.FetchPartition> partitions = new ArrayList<>(topic.partitions().size());
            for (FetchRequestData.FetchPartition partition : topic.partitions()) {
                partitions.add(new FetchRequest.FetchPartition(partition.partition(), partition.currentLeaderEpoch(),
                    partition.fetchOffset(), partition.logStartOffset(), partition.partitionMaxBytes()));
            }
            topics.add(new FetchRequest.FetchTopic(topic.topic(), partitions));
        }
        IsolationLevel isolation = exchange.version() >= 4 ? IsolationLevel.forId(request.isolationLevel())
            : IsolationLevel.READ_UNCOMMITTED;
        int maxBytes = exchange.version() >= 3 ? request.maxBytes() : Integer.MAX_VALUE;
        FetchRequest fetch = new FetchRequest(FetchRequest.CONSUMER_REPLICA_ID, request.maxWaitMs(),
            request.minBytes(), maxBytes, isolation, topics);
        return exchange.<FetchResponse>call(fetch, NATIVE_VERSION).thenApply(FetchApi::toKafka);
    }

    static FetchResponseData toKafka(FetchResponse response) {
        FetchResponseData out = new FetchResponseData().setErrorCode(response.error().code()).setSessionId(0);
        for (FetchResponse.FetchableTopic topic : response.topics()) {
            FetchResponseData.FetchableTopicResponse kafkaTopic = new FetchResponseData.FetchableTopicResponse()
                .setTopic(topic.name());
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
