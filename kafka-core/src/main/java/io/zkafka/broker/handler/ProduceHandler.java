package io.zkafka.broker.handler;

import io.zkafka.broker.metrics.BrokerMetrics;
import io.zkafka.broker.network.ApiHandler;
import io.zkafka.broker.network.RequestContext;
import io.zkafka.broker.replica.NotLeaderException;
import io.zkafka.broker.replica.Partition;
import io.zkafka.broker.replica.ReplicaManager;
import io.zkafka.common.TopicPartition;
import io.zkafka.common.errors.CorruptRecordException;
import io.zkafka.common.message.ProduceRequest;
import io.zkafka.common.message.ProduceResponse;
import io.zkafka.common.message.ProduceResponse.PartitionResponse;
import io.zkafka.common.protocol.Errors;
import io.zkafka.storage.KafkaStorageException;
import io.zkafka.storage.LogAppendInfo;
import io.zkafka.storage.RecordBatchTooLargeException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Appends each partition's batches to its log on this leader. The batches are the request frame's
 * bytes: validated and stamped in place, written once, never decoded. acks=0 gets no response;
 * acks=1 and acks=all are answered once written (with one in-sync replica they are the same).
 */
public final class ProduceHandler implements ApiHandler<ProduceRequest> {
    private static final Logger log = LoggerFactory.getLogger(ProduceHandler.class);
    private static final ByteBuffer NO_BYTES = ByteBuffer.allocate(0);

    private final ReplicaManager replicas;
    private final BrokerMetrics metrics;

    public ProduceHandler(ReplicaManager replicas, BrokerMetrics metrics) {
        this.replicas = replicas;
        this.metrics = metrics;
    }

    @Override
    public CompletableFuture<ProduceResponse> handle(RequestContext context, ProduceRequest request) {
        short acks = request.acks();
        boolean validAcks = acks == 0 || acks == 1 || acks == -1;
        List<ProduceResponse.TopicResponse> topics = new ArrayList<>(request.topics().size());
        for (ProduceRequest.TopicData topic : request.topics()) {
            List<PartitionResponse> partitions = new ArrayList<>(topic.partitions().size());
            for (ProduceRequest.PartitionData data : topic.partitions()) {
                partitions.add(validAcks
                    ? append(new TopicPartition(topic.name(), data.partition()), data.records().buffer())
                    : PartitionResponse.error(data.partition(), Errors.INVALID_REQUIRED_ACKS, "acks was " + acks));
            }
            topics.add(new ProduceResponse.TopicResponse(topic.name(), partitions));
        }
        return CompletableFuture.completedFuture(acks == 0 ? null : new ProduceResponse(topics));
    }

    private PartitionResponse append(TopicPartition tp, ByteBuffer batches) {
        Partition partition = replicas.partition(tp).orElse(null);
        if (partition == null) {
            metrics.recordFailedProduce();
            return PartitionResponse.error(tp.partition(), replicas.errorForMissingPartition(tp), null);
        }
        try {
            ByteBuffer bytes = batches == null ? NO_BYTES : batches;
            int size = bytes.remaining();
            LogAppendInfo info = partition.appendAsLeader(bytes);
            metrics.recordProduced(info.lastOffset() - info.firstOffset() + 1, size);
            replicas.onAppend(tp);
            return new PartitionResponse(tp.partition(), Errors.NONE, info.firstOffset(), info.logAppendTime(),
                partition.logStartOffset(), null);
        } catch (NotLeaderException e) {
            metrics.recordFailedProduce();
            return PartitionResponse.error(tp.partition(), Errors.NOT_LEADER_OR_FOLLOWER, e.getMessage());
        } catch (RecordBatchTooLargeException e) {
            metrics.recordFailedProduce();
            return PartitionResponse.error(tp.partition(), Errors.MESSAGE_TOO_LARGE, e.getMessage());
        } catch (CorruptRecordException e) {
            metrics.recordFailedProduce();
            return PartitionResponse.error(tp.partition(), Errors.CORRUPT_MESSAGE, e.getMessage());
        } catch (IOException | KafkaStorageException e) {
            metrics.recordFailedProduce();
            log.error("Append to {} failed", tp, e);
            return PartitionResponse.error(tp.partition(), Errors.KAFKA_STORAGE_ERROR, e.getMessage());
        }
    }
}
