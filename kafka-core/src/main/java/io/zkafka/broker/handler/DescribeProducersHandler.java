package io.zkafka.broker.handler;

import io.zkafka.broker.authorizer.Authorizer;
import io.zkafka.broker.network.ApiHandler;
import io.zkafka.broker.network.RequestContext;
import io.zkafka.broker.replica.Partition;
import io.zkafka.broker.replica.ReplicaManager;
import io.zkafka.common.TopicPartition;
import io.zkafka.common.acl.AclOperation;
import io.zkafka.common.message.DescribeProducersRequest;
import io.zkafka.common.message.DescribeProducersResponse.PartitionResponse;
import io.zkafka.common.message.DescribeProducersResponse.ProducerState;
import io.zkafka.common.message.DescribeProducersResponse;
import io.zkafka.common.protocol.Errors;
import io.zkafka.common.resource.ResourceType;
import io.zkafka.storage.producer.ProducerStateEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * DescribeProducers (api key 61): the producer state this broker's replica of each partition keeps
 * (as in Kafka, any replica answers; the admin client asks the leader unless told a broker): per
 * producer its id, epoch, last sequence, last timestamp, coordinator epoch and the first offset of
 * its open transaction (-1 where it has none). A partition not hosted here gets the error a request
 * for a missing partition gets.
 */
public final class DescribeProducersHandler implements ApiHandler<DescribeProducersRequest> {
    private final ReplicaManager replicas;
    private final Authorizer authorizer;

    public DescribeProducersHandler(ReplicaManager replicas, Authorizer authorizer) {
        this.replicas = replicas;
        this.authorizer = authorizer;
    }

    @Override
    public CompletableFuture<DescribeProducersResponse> handle(RequestContext context, DescribeProducersRequest request) {
        List<DescribeProducersResponse.TopicResponse> topics = new ArrayList<>(request.topics().size());
        for (DescribeProducersRequest.TopicRequest topic : request.topics()) {
            List<PartitionResponse> partitions = new ArrayList<>(topic.partitionIndexes().size());
            boolean authorized = authorizer.authorize(context, AclOperation.READ, ResourceType.TOPIC, topic.name());
            for (int index : topic.partitionIndexes()) {
                partitions.add(!authorized ? PartitionResponse.error(index, Errors.TOPIC_AUTHORIZATION_FAILED, null) : describe(new TopicPartition(topic.name(), index)));
            }
            topics.add(new DescribeProducersResponse.TopicResponse(topic.name(), partitions));
        }
        return CompletableFuture.completedFuture(new DescribeProducersResponse(topics));
    }

    private PartitionResponse describe(TopicPartition tp) {
        Partition partition = replicas.partition(tp).orElse(null);
        if (partition == null) {
            Errors error = replicas.errorForMissingPartition(tp);
            return PartitionResponse.error(tp.partition(), error, "Broker " + replicas.brokerId() + " does not host "
                + tp);
        }
        List<ProducerState> producers = new ArrayList<>();
        for (ProducerStateEntry entry : partition.log().activeProducers().values()) {
            producers.add(new ProducerState(entry.producerId(), entry.producerEpoch(), entry.lastSeq(),
                entry.lastTimestamp(), entry.coordinatorEpoch(), entry.currentTxnFirstOffset()));
        }
        return new PartitionResponse(tp.partition(), Errors.NONE, null, producers);
    }
}
