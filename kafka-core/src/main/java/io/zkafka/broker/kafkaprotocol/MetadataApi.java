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
    private final ListenerAddresses addresses;
    private final AuthorizedOperations authorizedOperations;

    MetadataApi(ListenerAddresses addresses, AuthorizedOperations authorizedOperations) {
        this.addresses = addresses;
        this.authorizedOperations = authorizedOperations;
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
        // asked for from version 8 (the cluster's until 10, then DescribeCluster's)
        boolean clusterOperations = exchange.version() >= 8 && exchange.version() <= 10
            && request.includeClusterAuthorizedOperations();
        boolean topicOperations = exchange.version() >= 8 && request.includeTopicAuthorizedOperations();
        return exchange.<MetadataResponse>call(new MetadataRequest(topics, autoCreate), 0).thenApply(answer -> {
            MetadataResponseData out = toKafka(answer);
            if (clusterOperations) {
                out.setClusterAuthorizedOperations(authorizedOperations.cluster(exchange));
            }
            if (topicOperations) {
                out.topics().forEach(topic -> topic.setTopicAuthorizedOperations(
                    authorizedOperations.topic(exchange, topic.name())));
            }
            return out;
        });
    }

    MetadataResponseData toKafka(MetadataResponse answer) {
        MetadataResponseData out = new MetadataResponseData()
            .setClusterId(answer.clusterId())
            .setControllerId(answer.controllerId())
            .setClusterAuthorizedOperations(AuthorizedOperations.OMITTED);
        for (BrokerNode broker : answer.brokers()) {
            addresses.of(broker.id()).ifPresent(endpoint -> out.brokers().add(new MetadataResponseBroker()
                .setNodeId(broker.id()).setHost(endpoint.host()).setPort(endpoint.port()).setRack(broker.rack())));
        }
        for (MetadataResponse.TopicMetadata topic : answer.topics()) {
            MetadataResponseTopic kafkaTopic = new MetadataResponseTopic()
                .setErrorCode(topic.error().code())
                .setName(topic.name())
                .setIsInternal(topic.isInternal())
                .setTopicAuthorizedOperations(AuthorizedOperations.OMITTED);
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
