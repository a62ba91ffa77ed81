package io.zkafka.broker.kafkaprotocol;

import io.zkafka.common.ElectionType;
import io.zkafka.common.TopicPartition;
import io.zkafka.common.message.ElectLeadersRequest;
import io.zkafka.common.message.ElectLeadersResponse;
import io.zkafka.common.message.PartitionResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.message.ElectLeadersRequestData;
import org.apache.kafka.common.message.ElectLeadersResponseData;
import org.apache.kafka.common.message.ElectLeadersResponseData.ReplicaElectionResult;
import org.apache.kafka.common.protocol.Errors;

/**
 * ElectLeaders: preferred or unclean elections of the partitions named (null: every partition).
 * Version 0 has no election type and means preferred.
 */
final class ElectLeadersApi implements KafkaApi {

    @Override
    public CompletableFuture<ElectLeadersResponseData> handle(KafkaExchange exchange) {
        ElectLeadersRequestData request = exchange.body();
        byte type = exchange.version() == 0 ? ElectionType.PREFERRED.value : request.electionType();
        if (type != ElectionType.PREFERRED.value && type != ElectionType.UNCLEAN.value) {
            return CompletableFuture.completedFuture(new ElectLeadersResponseData()
                .setErrorCode(Errors.INVALID_REQUEST.code()));
        }
        List<TopicPartition> partitions = null;
        if (request.topicPartitions() != null) {
            partitions = new ArrayList<>();
            for (ElectLeadersRequestData.TopicPartitions topic : request.topicPartitions()) {
                for (int partition : topic.partitions()) {
                    partitions.add(new TopicPartition(topic.topic(), partition));
                }
            }
        }
        List<TopicPartition> asked = partitions;
        return exchange.<ElectLeadersResponse>call(new ElectLeadersRequest(type, partitions, request.timeoutMs()), 0)
            .thenApply(response -> toKafka(response, asked, exchange.version()));
    }

    /**
     * Version 0 has no request-level error code: there a request-level error is answered on each
     * partition asked for.
     */
    static ElectLeadersResponseData toKafka(ElectLeadersResponse response, List<TopicPartition> asked, short version) {
        ElectLeadersResponseData out = new ElectLeadersResponseData();
        List<PartitionResult> results = response.results();
        if (version >= 1) {
            out.setErrorCode(response.error().code());
        } else if (response.error() != io.zkafka.common.protocol.Errors.NONE && asked != null) {
            results = asked.stream().map(tp -> new PartitionResult(tp, response.error(), response.error().message()))
                .toList();
        }
        Map<String, ReplicaElectionResult> byTopic = new LinkedHashMap<>();
        for (PartitionResult result : results) {
            byTopic.computeIfAbsent(result.partition().topic(), topic -> new ReplicaElectionResult().setTopic(topic))
                .partitionResult().add(new ElectLeadersResponseData.PartitionResult()
                    .setPartitionId(result.partition().partition())
                    .setErrorCode(result.error().code())
                    .setErrorMessage(result.errorMessage()));
        }
        out.replicaElectionResults().addAll(byTopic.values());
        return out;
    }
}
