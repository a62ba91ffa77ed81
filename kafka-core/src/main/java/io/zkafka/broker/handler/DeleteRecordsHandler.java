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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * DeleteRecords (api key 21): on each partition's leader, moves the log start offset up to the
 * offset asked ({@link DeleteRecordsRequest#HIGH_WATERMARK}: the high watermark; never past it) and
 * deletes the segments wholly below, as retention does. Followers move theirs when their next fetch
 * answer carries it (see ReplicaFetcherThread) and say so in their next fetch; as Kafka's, the answer
 * waits for that ({@link DelayedDeleteRecords}, up to the request's timeout): it is the low watermark,
 * the lowest log start of the leader and its in-sync followers, so once it is given no replica that
 * could lead the partition still serves the deleted records.
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
        Map<String, List<PartitionResponse>> answers = new LinkedHashMap<>();
        List<DelayedDeleteRecords.Pending> waiting = new ArrayList<>();
        for (DeleteRecordsRequest.DeleteTopic topic : request.topics()) {
            List<PartitionResponse> partitions = answers.computeIfAbsent(topic.name(), t -> new ArrayList<>());
            boolean authorized = authorizer.authorize(context, AclOperation.DELETE, ResourceType.TOPIC, topic.name());
            for (DeleteRecordsRequest.DeletePartition partition : topic.partitions()) {
                TopicPartition tp = new TopicPartition(topic.name(), partition.partition());
                Deleted deleted = !authorized
                    ? Deleted.answered(PartitionResponse.error(partition.partition(), Errors.TOPIC_AUTHORIZATION_FAILED, null))
                    : delete(tp, partition.offset());
                partitions.add(deleted.answer());
                if (deleted.waiting() != null) {
                    waiting.add(deleted.waiting());
                }
            }
        }
        CompletableFuture<DeleteRecordsResponse> response = new CompletableFuture<>();
        DelayedDeleteRecords delayed = new DelayedDeleteRecords(request.timeoutMs(), replicas, waiting, answers, response);
        if (waiting.isEmpty()) {
            delayed.forceComplete();
        } else {
            replicas.producePurgatory().tryCompleteElseWatch(delayed, delayed.keys());
        }
        return response;
    }

    /** A partition's answer, or (error null) its place while the followers catch up, with what they must reach. */
    private record Deleted(PartitionResponse answer, DelayedDeleteRecords.Pending waiting) {
        static Deleted answered(PartitionResponse answer) {
            return new Deleted(answer, null);
        }
    }

    private Deleted delete(TopicPartition tp, long offset) {
        Partition partition = replicas.partition(tp).orElse(null);
        if (partition == null) {
            return Deleted.answered(PartitionResponse.error(tp.partition(), replicas.errorForMissingPartition(tp),
                "Broker " + replicas.brokerId() + " does not host " + tp));
        }
        if (!partition.isLeader()) {
            return Deleted.answered(PartitionResponse.error(tp.partition(), Errors.NOT_LEADER_OR_FOLLOWER,
                "Broker " + replicas.brokerId() + " is not the leader of " + tp));
        }
        if (offset < DeleteRecordsRequest.HIGH_WATERMARK) {
            return Deleted.answered(PartitionResponse.error(tp.partition(), Errors.OFFSET_OUT_OF_RANGE,
                "Cannot delete the records of " + tp + " before the negative offset " + offset));
        }
        try {
            int leaderEpoch = partition.leaderEpoch();
            long target = offset == DeleteRecordsRequest.HIGH_WATERMARK ? partition.highWatermark() : offset;
            long logStart = partition.log().deleteRecordsBefore(target);
            return new Deleted(new PartitionResponse(tp.partition(), logStart, null, null),
                new DelayedDeleteRecords.Pending(tp, leaderEpoch, logStart));
        } catch (OffsetOutOfRangeException e) {
            return Deleted.answered(PartitionResponse.error(tp.partition(), Errors.OFFSET_OUT_OF_RANGE, e.getMessage()));
        } catch (KafkaStorageException | IOException e) {
            return Deleted.answered(PartitionResponse.error(tp.partition(), Errors.KAFKA_STORAGE_ERROR, e.getMessage()));
        }
    }
}
