package io.zkafka.broker.handler;

import io.zkafka.broker.authorizer.Authorizer;
import io.zkafka.broker.network.ApiHandler;
import io.zkafka.broker.network.RequestContext;
import io.zkafka.broker.replica.Partition;
import io.zkafka.broker.replica.ReplicaManager;
import io.zkafka.common.IsolationLevel;
import io.zkafka.common.TopicPartition;
import io.zkafka.common.acl.AclOperation;
import io.zkafka.common.errors.CorruptRecordException;
import io.zkafka.common.message.ListOffsetsRequest;
import io.zkafka.common.message.ListOffsetsResponse.PartitionResponse;
import io.zkafka.common.message.ListOffsetsResponse;
import io.zkafka.common.protocol.Errors;
import io.zkafka.common.record.BatchRecordIterator;
import io.zkafka.common.record.RecordBatchView;
import io.zkafka.common.record.RecordView;
import io.zkafka.common.resource.ResourceType;
import io.zkafka.storage.FileSlice;
import io.zkafka.storage.KafkaStorageException;
import io.zkafka.storage.OffsetOutOfRangeException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;

/**
 * Offsets by time: earliest (the log start), latest (where consumers of the request's isolation level
 * read to: the high watermark, or the last stable offset for read_committed, as Kafka), or the first
 * record at or after a timestamp, below that same end. The time index finds the batch; that one batch
 * is then read to find the exact record (an admin lookup, not the produce or fetch path).
 */
public final class ListOffsetsHandler implements ApiHandler<ListOffsetsRequest> {
    private final ReplicaManager replicas;
    private final Authorizer authorizer;

    public ListOffsetsHandler(ReplicaManager replicas, Authorizer authorizer) {
        this.replicas = replicas;
        this.authorizer = authorizer;
    }

    @Override
    public CompletableFuture<ListOffsetsResponse> handle(RequestContext context, ListOffsetsRequest request) {
        List<ListOffsetsResponse.TopicResponse> topics = new ArrayList<>();
        for (ListOffsetsRequest.ListOffsetsTopic topic : request.topics()) {
            List<PartitionResponse> partitions = new ArrayList<>();
            boolean authorized = authorizer.authorize(context, AclOperation.DESCRIBE, ResourceType.TOPIC, topic.name());
            for (ListOffsetsRequest.ListOffsetsPartition wanted : topic.partitions()) {
                partitions.add(!authorized
                    ? new PartitionResponse(wanted.partition(), Errors.TOPIC_AUTHORIZATION_FAILED, -1L, -1L, -1)
                    : lookup(new TopicPartition(topic.name(), wanted.partition()), wanted.timestamp(),
                    request.isolationLevel()));
            }
            topics.add(new ListOffsetsResponse.TopicResponse(topic.name(), partitions));
        }
        return CompletableFuture.completedFuture(new ListOffsetsResponse(topics));
    }

    private PartitionResponse lookup(TopicPartition tp, long timestamp, IsolationLevel isolationLevel) {
        Partition partition = replicas.partition(tp).orElse(null);
        if (partition == null) {
            return PartitionResponse.error(tp.partition(), replicas.errorForMissingPartition(tp));
        }
        if (!partition.isLeader()) {
            return PartitionResponse.error(tp.partition(), Errors.NOT_LEADER_OR_FOLLOWER);
        }
        int epoch = partition.leaderEpoch();
        if (timestamp == ListOffsetsRequest.EARLIEST_TIMESTAMP) {
            return new PartitionResponse(tp.partition(), Errors.NONE, -1L, partition.logStartOffset(), epoch);
        }
        long lastFetchable = isolationLevel == IsolationLevel.READ_COMMITTED ? partition.lastStableOffset()
            : partition.highWatermark();
        if (timestamp == ListOffsetsRequest.LATEST_TIMESTAMP) {
            return new PartitionResponse(tp.partition(), Errors.NONE, -1L, lastFetchable, epoch);
        }
        if (timestamp < 0) {
            return PartitionResponse.error(tp.partition(), Errors.INVALID_REQUEST);
        }
        try {
            return byTimestamp(partition, tp, timestamp, epoch, lastFetchable);
        } catch (IOException | KafkaStorageException | CorruptRecordException e) {
            return PartitionResponse.error(tp.partition(), Errors.KAFKA_STORAGE_ERROR);
        }
    }

    private PartitionResponse byTimestamp(Partition partition, TopicPartition tp, long timestamp, int epoch,
                                          long lastFetchable) throws IOException {
        OptionalLong batchStart = partition.log().offsetForTimestamp(timestamp);
        while (batchStart.isPresent() && batchStart.getAsLong() < lastFetchable) {
            FileSlice slice;
            try {
                slice = partition.read(batchStart.getAsLong(), 1, lastFetchable);
            } catch (OffsetOutOfRangeException e) {
                break;
            }
            if (slice.isEmpty()) {
                break;
            }
            RecordBatchView batch = new RecordBatchView(slice.readAll(), 0);
            BatchRecordIterator records = new BatchRecordIterator(batch);
            while (records.hasNext()) {
                RecordView record = records.next();
                if (record.timestamp() >= timestamp && record.offset() >= partition.logStartOffset()) {
                    return new PartitionResponse(tp.partition(), Errors.NONE, record.timestamp(), record.offset(), epoch);
                }
            }
            // every record of that batch was older (its max timestamp came from a later record); go on
            batchStart = OptionalLong.of(batch.nextOffset());
        }
        return new PartitionResponse(tp.partition(), Errors.NONE, -1L, -1L, epoch);
    }
}
