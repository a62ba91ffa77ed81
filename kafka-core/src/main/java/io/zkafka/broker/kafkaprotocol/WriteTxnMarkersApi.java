package io.zkafka.broker.kafkaprotocol;

import io.zkafka.common.TopicPartition;
import io.zkafka.common.message.WriteTxnMarkersRequest;
import io.zkafka.common.message.WriteTxnMarkersResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.message.WriteTxnMarkersRequestData;
import org.apache.kafka.common.message.WriteTxnMarkersRequestData.WritableTxnMarker;
import org.apache.kafka.common.message.WriteTxnMarkersRequestData.WritableTxnMarkerTopic;
import org.apache.kafka.common.message.WriteTxnMarkersResponseData;
import org.apache.kafka.common.message.WriteTxnMarkersResponseData.WritableTxnMarkerPartitionResult;
import org.apache.kafka.common.message.WriteTxnMarkersResponseData.WritableTxnMarkerResult;
import org.apache.kafka.common.message.WriteTxnMarkersResponseData.WritableTxnMarkerTopicResult;

/**
 * WriteTxnMarkers: commit or abort markers appended by the partitions' leader. ZKafka's coordinators
 * send theirs natively; on this listener it serves Kafka's Admin abortTransaction (KIP-664), which
 * ends a hanging transaction with an abort marker written straight to the partition.
 */
final class WriteTxnMarkersApi implements KafkaApi {

    @Override
    public CompletableFuture<WriteTxnMarkersResponseData> handle(KafkaExchange exchange) {
        WriteTxnMarkersRequestData request = exchange.body();
        List<WriteTxnMarkersRequest.TxnMarker> markers = new ArrayList<>(request.markers().size());
        for (WritableTxnMarker marker : request.markers()) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (WritableTxnMarkerTopic topic : marker.topics()) {
                topic.partitionIndexes().forEach(p -> partitions.add(new TopicPartition(topic.name(), p)));
            }
            markers.add(new WriteTxnMarkersRequest.TxnMarker(marker.producerId(), marker.producerEpoch(),
                marker.transactionResult(), marker.coordinatorEpoch(), partitions));
        }
        return exchange.<WriteTxnMarkersResponse>call(new WriteTxnMarkersRequest(markers), 0)
            .thenApply(WriteTxnMarkersApi::toKafka);
    }

    private static WriteTxnMarkersResponseData toKafka(WriteTxnMarkersResponse response) {
        WriteTxnMarkersResponseData out = new WriteTxnMarkersResponseData();
        for (WriteTxnMarkersResponse.MarkerResult marker : response.markers()) {
            Map<String, WritableTxnMarkerTopicResult> byTopic = new LinkedHashMap<>();
            for (WriteTxnMarkersResponse.PartitionError result : marker.partitions()) {
                byTopic.computeIfAbsent(result.partition().topic(), name -> new WritableTxnMarkerTopicResult()
                    .setName(name)).partitions().add(new WritableTxnMarkerPartitionResult()
                        .setPartitionIndex(result.partition().partition())
                        .setErrorCode(result.error().code()));
            }
            out.markers().add(new WritableTxnMarkerResult().setProducerId(marker.producerId())
                .setTopics(new ArrayList<>(byTopic.values())));
        }
        return out;
    }
}
