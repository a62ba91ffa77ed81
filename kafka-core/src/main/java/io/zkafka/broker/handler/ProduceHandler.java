package io.zkafka.broker.handler;

import io.zkafka.broker.authorizer.Authorizer;
import io.zkafka.broker.network.ApiHandler;
import io.zkafka.broker.network.RequestContext;
import io.zkafka.broker.replica.NotEnoughReplicasException;
import io.zkafka.broker.replica.NotLeaderException;
import io.zkafka.broker.replica.Partition;
import io.zkafka.broker.replica.ReplicaManager;
import io.zkafka.broker.replica.StorageErrorLog;
import io.zkafka.common.TopicPartition;
import io.zkafka.common.acl.AclOperation;
import io.zkafka.common.errors.ApiException;
import io.zkafka.common.errors.CorruptRecordException;
import io.zkafka.common.message.ProduceRequest;
import io.zkafka.common.message.ProduceResponse.PartitionResponse;
import io.zkafka.common.message.ProduceResponse;
import io.zkafka.common.protocol.Errors;
import io.zkafka.common.record.RecordBatchDescriptor;
import io.zkafka.common.resource.ResourceType;
import io.zkafka.metrics.BrokerMetrics;
import io.zkafka.storage.KafkaStorageException;
import io.zkafka.storage.LogAppendInfo;
import io.zkafka.storage.RecordBatchTooLargeException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Appends each partition's batches to its log on this leader. The batches are the request frame's
 * bytes: validated and stamped in place, written once, never decoded. acks=0 gets no response;
 * acks=1 is answered once written; acks=all is refused with NOT_ENOUGH_REPLICAS when fewer than
 * min.insync.replicas are in sync, else answered when the high watermark passes the batch
 * ({@link DelayedProduce}). Idempotent batches are checked by the log against their producer's
 * state: a resent batch is answered with the offset it was first written at (and, with acks=all,
 * once that offset is replicated), a refused one with Kafka's error code
 * ({@code OUT_OF_ORDER_SEQUENCE_NUMBER}, {@code INVALID_PRODUCER_EPOCH}, {@code UNKNOWN_PRODUCER_ID}).
 * A topic the principal may not Write gets TOPIC_AUTHORIZATION_FAILED for each of its partitions
 * (one authorization per topic per request); transactional batches need Write on the request's
 * transactional id, else every partition answers TRANSACTIONAL_ID_AUTHORIZATION_FAILED (Kafka's rule;
 * with an authorizer only, each partition's first batch header is read for its transactional flag).
 */
public final class ProduceHandler implements ApiHandler<ProduceRequest> {
    private static final Logger log = LoggerFactory.getLogger(ProduceHandler.class);
    private final StorageErrorLog storageErrors = new StorageErrorLog(log);
    private static final ByteBuffer NO_BYTES = ByteBuffer.allocate(0);

    private final ReplicaManager replicas;
    private final BrokerMetrics metrics;
    private final Authorizer authorizer;

    public ProduceHandler(ReplicaManager replicas, BrokerMetrics metrics, Authorizer authorizer) {
        this.replicas = replicas;
        this.metrics = metrics;
        this.authorizer = authorizer;
    }

    @Override
    public CompletableFuture<ProduceResponse> handle(RequestContext context, ProduceRequest request) {
        short acks = request.acks();
        boolean validAcks = acks == 0 || acks == 1 || acks == -1;
        Map<String, List<PartitionResponse>> done = new LinkedHashMap<>();
        List<DelayedProduce.Pending> waiting = new ArrayList<>();
        if (authorizer.enabled() && hasTransactionalBatches(request) && (request.transactionalId() == null
                || !authorizer.authorize(context, AclOperation.WRITE, ResourceType.TRANSACTIONAL_ID,
                    request.transactionalId()))) {
            return CompletableFuture.completedFuture(acks == 0 ? null
                : refuseAll(request, Errors.TRANSACTIONAL_ID_AUTHORIZATION_FAILED));
        }
        for (ProduceRequest.TopicData topic : request.topics()) {
            boolean authorized = authorizer.authorize(context, AclOperation.WRITE, ResourceType.TOPIC, topic.name());
            for (ProduceRequest.PartitionData data : topic.partitions()) {
                TopicPartition tp = new TopicPartition(topic.name(), data.partition());
                if (!validAcks || !authorized) {
                    done.computeIfAbsent(topic.name(), t -> new ArrayList<>()).add(!validAcks
                        ? PartitionResponse.error(data.partition(), Errors.INVALID_REQUIRED_ACKS, "acks was " + acks)
                        : PartitionResponse.error(data.partition(), Errors.TOPIC_AUTHORIZATION_FAILED, null));
                    continue;
                }
                Appended appended = append(tp, data.records().buffer(), acks);
                if (acks == -1 && appended.response.error() == Errors.NONE) {
                    waiting.add(new DelayedProduce.Pending(tp, appended.leaderEpoch, appended.nextOffset,
                        appended.response));
                } else {
                    done.computeIfAbsent(topic.name(), t -> new ArrayList<>()).add(appended.response);
                }
            }
        }
        if (acks == 0) {
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<ProduceResponse> response = new CompletableFuture<>();
        DelayedProduce delayed = new DelayedProduce(request.timeoutMs(), replicas, waiting, done, response);
        if (waiting.isEmpty()) {
            delayed.forceComplete();
        } else {
            replicas.producePurgatory().tryCompleteElseWatch(delayed, delayed.keys());
        }
        return response;
    }

    /** Whether a partition's first batch carries the transactional flag (one header read, nothing decoded). */
    private static boolean hasTransactionalBatches(ProduceRequest request) {
        for (ProduceRequest.TopicData topic : request.topics()) {
            for (ProduceRequest.PartitionData data : topic.partitions()) {
                ByteBuffer bytes = data.records() == null ? null : data.records().buffer();
                if (bytes != null && bytes.remaining() >= RecordBatchDescriptor.ATTRIBUTES_OFFSET + 2
                        && (bytes.getShort(bytes.position() + RecordBatchDescriptor.ATTRIBUTES_OFFSET)
                            & RecordBatchDescriptor.TRANSACTIONAL_FLAG_MASK) != 0) {
                    return true;
                }
            }
        }
        return false;
    }

    private static ProduceResponse refuseAll(ProduceRequest request, Errors error) {
        List<ProduceResponse.TopicResponse> topics = new ArrayList<>(request.topics().size());
        for (ProduceRequest.TopicData topic : request.topics()) {
            topics.add(new ProduceResponse.TopicResponse(topic.name(), topic.partitions().stream()
                .map(p -> PartitionResponse.error(p.partition(), error, null)).toList()));
        }
        return new ProduceResponse(topics);
    }

    /** An append's answer, and for acks=all what replication must reach. */
    private record Appended(PartitionResponse response, int leaderEpoch, long nextOffset) {
        static Appended failed(PartitionResponse response) {
            return new Appended(response, -1, -1);
        }
    }

    private Appended append(TopicPartition tp, ByteBuffer batches, short acks) {
        Partition partition = replicas.partition(tp).orElse(null);
        if (partition == null) {
            metrics.recordFailedProduce();
            return Appended.failed(PartitionResponse.error(tp.partition(), replicas.errorForMissingPartition(tp), null));
        }
        try {
            ByteBuffer bytes = batches == null ? NO_BYTES : batches;
            int size = bytes.remaining();
            Partition.LeaderAppend leaderAppend = partition.appendAsLeader(bytes, acks);
            LogAppendInfo info = leaderAppend.info();
            if (!info.isDuplicate()) {
                metrics.recordProduced(info.lastOffset() - info.firstOffset() + 1, size);
                replicas.onAppend(tp);
            }
            return new Appended(new PartitionResponse(tp.partition(), Errors.NONE, info.firstOffset(),
                info.logAppendTime(), partition.logStartOffset(), null), leaderAppend.leaderEpoch(), info.lastOffset() + 1);
        } catch (NotLeaderException e) {
            metrics.recordFailedProduce();
            return Appended.failed(PartitionResponse.error(tp.partition(), Errors.NOT_LEADER_OR_FOLLOWER, e.getMessage()));
        } catch (NotEnoughReplicasException e) {
            metrics.recordFailedProduce();
            return Appended.failed(PartitionResponse.error(tp.partition(), Errors.NOT_ENOUGH_REPLICAS, e.getMessage()));
        } catch (RecordBatchTooLargeException e) {
            metrics.recordFailedProduce();
            return Appended.failed(PartitionResponse.error(tp.partition(), Errors.MESSAGE_TOO_LARGE, e.getMessage()));
        } catch (CorruptRecordException e) {
            metrics.recordFailedProduce();
            return Appended.failed(PartitionResponse.error(tp.partition(), Errors.CORRUPT_MESSAGE, e.getMessage()));
        } catch (ApiException e) {
            // the producer state refused a batch (out of order, fenced epoch, unknown producer): the client
            // decides from the log start offset whether its state may have gone with retention (KIP-360)
            metrics.recordFailedProduce();
            return Appended.failed(new PartitionResponse(tp.partition(), e.error(), -1L, -1L,
                partition.logStartOffset(), e.getMessage()));
        } catch (IOException | KafkaStorageException e) {
            metrics.recordFailedProduce();
            storageErrors.warn(tp, "Append to", e);
            return Appended.failed(PartitionResponse.error(tp.partition(), Errors.KAFKA_STORAGE_ERROR, e.getMessage()));
        }
    }
}
