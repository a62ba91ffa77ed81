package io.zkafka.broker.kafkaprotocol;

import io.zkafka.common.message.BrokerNode;
import io.zkafka.common.message.MetadataRequest;
import io.zkafka.common.message.MetadataResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.MetadataRequestData;
import org.apache.kafka.common.message.MetadataResponseData;
import org.apache.kafka.common.message.MetadataResponseData.MetadataResponseBroker;
import org.apache.kafka.common.message.MetadataResponseData.MetadataResponsePartition;
import org.apache.kafka.common.message.MetadataResponseData.MetadataResponseTopic;
import org.apache.kafka.common.protocol.Errors;

/**
 * Metadata: the native answer with every broker named by its address on this Kafka listener (a
 * broker without that listener is left out, as Kafka leaves out brokers lacking the client's
 * listener), each topic with its id (versions 10+). Version 12 may name topics by id alone: those
 * are looked up in the native answer for every topic first, and an id no topic has is answered
 * UNKNOWN_TOPIC_ID. Version 0 asks for every topic with an empty list; later versions with null.
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
        if (request.topics() != null && request.topics().stream().anyMatch(MetadataApi::askedById)) {
            return topicNamesOfIds(exchange, request.topics())
                .thenCompose(named -> answer(exchange, request, named.names()).thenApply(out -> {
                    named.unknownIds().forEach(id -> out.topics().add(new MetadataResponseTopic()
                        .setErrorCode(Errors.UNKNOWN_TOPIC_ID.code()).setTopicId(id).setName(null)
                        .setTopicAuthorizedOperations(AuthorizedOperations.OMITTED)));
                    return out;
                }));
        }
        List<String> topics = null;
        if (request.topics() != null && !(exchange.version() == 0 && request.topics().isEmpty())) {
            topics = new ArrayList<>(request.topics().size());
            for (MetadataRequestData.MetadataRequestTopic topic : request.topics()) {
                topics.add(topic.name());
            }
        }
        return answer(exchange, request, topics);
    }

    /** Kafka's rule: a topic with an id and no name (null, or the empty default) is asked for by id. */
    private static boolean askedById(MetadataRequestData.MetadataRequestTopic topic) {
        return !Uuid.ZERO_UUID.equals(topic.topicId()) && (topic.name() == null || topic.name().isEmpty());
    }

    private record NamedTopics(List<String> names, List<Uuid> unknownIds) {
    }

    /** The names of the requested topics, those asked by id looked up among every topic this client may see. */
    private static CompletableFuture<NamedTopics> topicNamesOfIds(KafkaExchange exchange,
                                                                 List<MetadataRequestData.MetadataRequestTopic> asked) {
        return TopicNamesById.lookUp(exchange).thenApply(names -> {
            List<String> named = new ArrayList<>();
            List<Uuid> unknown = new ArrayList<>();
            for (MetadataRequestData.MetadataRequestTopic topic : asked) {
                String name = askedById(topic) ? names.get(topic.topicId()) : topic.name();
                if (name != null) {
                    named.add(name);
                } else {
                    unknown.add(topic.topicId());
                }
            }
            return new NamedTopics(named, unknown);
        });
    }

    private CompletableFuture<MetadataResponseData> answer(KafkaExchange exchange, MetadataRequestData request,
                                                           List<String> topics) {
        boolean autoCreate = exchange.version() < 4 || request.allowAutoTopicCreation();
        // asked for from version 8 (the cluster's until 10, then DescribeCluster's)
        boolean clusterOperations = exchange.version() >= 8 && exchange.version() <= 10
            && request.includeClusterAuthorizedOperations();
        boolean topicOperations = exchange.version() >= 8 && request.includeTopicAuthorizedOperations();
        MetadataRequest nativeRequest = new MetadataRequest(topics, autoCreate);
        return exchange.<MetadataResponse>call(nativeRequest, MetadataResponse.TOPIC_ID_VERSION).thenApply(answer -> {
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
                .setTopicId(KafkaIds.toKafka(topic.topicId()))
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
