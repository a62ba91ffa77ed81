package io.zkafka.broker.kafkaprotocol;

import io.zkafka.common.message.BrokerNode;
import io.zkafka.common.message.MetadataRequest;
import io.zkafka.common.message.MetadataResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.message.MetadataRequestData;
import org.apache.kafka.common.message.MetadataResponseData;
import org.apache.kafka.common.message.MetadataResponseData.MetadataResponseBroker;
import org.apache.kafka.common.message.MetadataResponseData.MetadataResponsePartition;
import org.apache.kafka.common.message.MetadataResponseData.MetadataResponseTopic;

/**
 * Metadata: the native answer with every broker named by its address on this Kafka listener (a
 * broker without that listener is left out, as Kafka leaves out brokers lacking the client's
 * listener). Topic ids are not kept by ZKafka: the answer carries the zero id, so clients fetch
 * and delete by name. Version 0 asks for every topic with an empty list; later versions with null.
 */
final class MetadataApi implements KafkaApi {
    private static final int AUTHORIZED_OPERATIONS_OMITTED = Integer.MIN_VALUE;

    private final ListenerAddresses addresses;

    MetadataApi(ListenerAddresses addresses) {
        this.addresses = addresses;
    }

    @Override
    public CompletableFuture<MetadataResponseData> handle(KafkaExchange exchange) {
        MetadataRequestData request = exchange.body();
        List<String> topics = null;
        if (request.topics() != null && !(exchange.version() == 0 && request.topics().isEmpty())) {
            topics = new ArrayList<>(request.topics().size());
            for (MetadataRequestData.MetadataRequestTopic topic : request.topics()) {
                topics.add(topic.name());
            }
        }
        boolean autoCreate = exchange.version() < 4 || request.allowAutoTopicCreation();
        return exchange.<MetadataResponse>call(new MetadataRequest(topics, autoCreate), 0)
            .thenApply(this::toKafka);
    }

    MetadataResponseData toKafka(MetadataResponse answer) {
        MetadataResponseData out = new MetadataResponseData()
            .setClusterId(answer.clusterId())
            .setControllerId(answer.controllerId())
            .setClusterAuthorizedOperations(AUTHORIZED_OPERATIONS_OMITTED);
        for (BrokerNode broker : answer.brokers()) {
            addresses.of(broker.id()).ifPresent(endpoint -> out.brokers().add(new MetadataResponseBroker()
                .setNodeId(broker.id()).setHost(endpoint.host()).setPort(endpoint.port()).setRack(broker.rack())));
        }
        for (MetadataResponse.TopicMetadata topic : answer.topics()) {
            MetadataResponseTopic kafkaTopic = new MetadataResponseTopic()
                .setErrorCode(topic.error().code())
                .setName(topic.name())
                .setIsInternal(topic.isInternal())
                .setTopicAuthorizedOperations(AUTHORIZED_OPERATIONS_OMITTED);
            for (MetadataResponse.PartitionMetadata partition : topic.partitions()) {
                kafkaTopic.partitions().add(new MetadataResponsePartition()
                    .setErrorCode(partition.error().code())
                    .setPartitionIndex(partition.partition())
                    .setLeaderId(partition.leader())
                    .setLeaderEpoch(partition.leaderEpoch())
                    .setReplicaNodes(partition.replicas())
                    .setIsrNodes(partition.isr())
                    .setOfflineReplicas(partition.offlineReplicas()));
            }
            out.topics().add(kafkaTopic);
        }
        return out;
    }
}
