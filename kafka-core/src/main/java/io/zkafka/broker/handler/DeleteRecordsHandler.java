package io.zkafka.broker.handler;

import io.zkafka.broker.authorizer.Authorizer;
import io.zkafka.broker.network.ApiHandler;
import io.zkafka.broker.network.RequestContext;
import io.zkafka.broker.replica.Partition;
import io.zkafka.broker.replica.ReplicaManager;
import io.zkafka.common.TopicPartition;
import io.zkafka.common.acl.AclOperation;
import io.zkafka.common.message.DeleteRecordsRequest;
import io.zkafka.common.message.DeleteRecordsResponse.PartitionResponse;
import io.zkafka.common.message.DeleteRecordsResponse;
import io.zkafka.common.protocol.Errors;
import io.zkafka.common.resource.ResourceType;
import io.zkafka.storage.KafkaStorageException;
import io.zkafka.storage.OffsetOutOfRangeException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * DeleteRecords (api key 21): on each partition's leader, moves the log start offset up to the
 * offset asked ({@link DeleteRecordsRequest#HIGH_WATERMARK}: the high watermark; never past it) and
 * deletes the segments wholly below, as retention does. The answer is the leader's log start
 * offset after the move; followers move theirs when their next fetch answer carries it (see
 * ReplicaFetcherThread), without the leader waiting for them.
 */
public final class DeleteRecordsHandler implements ApiHandler<DeleteRecordsRequest> {
    private final ReplicaManager replicas;
    private final Authorizer authorizer;

    public DeleteRecordsHandler(ReplicaManager replicas, Authorizer authorizer) {
        this.replicas = replicas;
        this.authorizer = authorizer;
    }

    @Override
    public CompletableFuture<DeleteRecordsResponse> handle(RequestContext context, DeleteRecordsRequest request) {
        List<DeleteRecordsResponse.TopicResponse> topics = new ArrayList<>(request.topics().size());
        for (DeleteRecordsRequest.DeleteTopic topic : request.topics()) {
            List<PartitionResponse> partitions = new ArrayList<>(topic.partitions().size());
            boolean authorized = authorizer.authorize(context, AclOperation.DELETE, ResourceType.TOPIC, topic.name());
            for (DeleteRecordsRequest.DeletePartition partition : topic.partitions()) {
                partitions.add(!authorized
                    ? new PartitionResponse(partition.partition(), -1L, Errors.TOPIC_AUTHORIZATION_FAILED, null) : delete(new TopicPartition(topic.name(), partition.partition()), partition.offset()));
            }
            topics.add(new DeleteRecordsResponse.TopicResponse(topic.name(), partitions));
        }
        return CompletableFuture.completedFuture(new DeleteRecordsResponse(topics));
    }

    private PartitionResponse delete(TopicPartition tp, long offset) {
        Partition partition = replicas.partition(tp).orElse(null);
        if (partition == null) {
            return PartitionResponse.error(tp.partition(), replicas.errorForMissingPartition(tp),
                "Broker " + replicas.brokerId() + " does not host " + tp);
        }
        if (!partition.isLeader()) {
            return PartitionResponse.error(tp.partition(), Errors.NOT_LEADER_OR_FOLLOWER,
                "Broker " + replicas.brokerId() + " is not the leader of " + tp);
        }
        if (offset < DeleteRecordsRequest.HIGH_WATERMARK) {
            return PartitionResponse.error(tp.partition(), Errors.OFFSET_OUT_OF_RANGE,
                "Cannot delete the records of " + tp + " before the negative offset " + offset);
        }
        try {
            long target = offset == DeleteRecordsRequest.HIGH_WATERMARK ? partition.highWatermark() : offset;
            long lowWatermark = partition.log().deleteRecordsBefore(target);
            return new PartitionResponse(tp.partition(), lowWatermark, Errors.NONE, null);
        } catch (OffsetOutOfRangeException e) {
            return PartitionResponse.error(tp.partition(), Errors.OFFSET_OUT_OF_RANGE, e.getMessage());
        } catch (KafkaStorageException | IOException e) {
            return PartitionResponse.error(tp.partition(), Errors.KAFKA_STORAGE_ERROR, e.getMessage());
        }
    }
}
