package io.zkafka.broker.handler;

import io.zkafka.broker.network.ApiHandler;
import io.zkafka.broker.network.RequestContext;
import io.zkafka.broker.purgatory.DelayedOperation;
import io.zkafka.broker.replica.Partition;
import io.zkafka.broker.replica.ReplicaManager;
import io.zkafka.common.TopicPartition;
import io.zkafka.common.message.FetchRequest;
import io.zkafka.common.message.FetchResponse.PartitionData;
import io.zkafka.common.message.FetchResponse;
import io.zkafka.common.protocol.Errors;
import io.zkafka.common.protocol.RecordsPayload;
import io.zkafka.metrics.BrokerMetrics;
import io.zkafka.storage.FileSlice;
import io.zkafka.storage.KafkaStorageException;
import io.zkafka.storage.OffsetOutOfRangeException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads batches for consumers (below the high watermark) and followers (to the log end; a
 * follower's fetch offset tells the leader how far it has replicated, which moves the high
 * watermark and the ISR). A request naming an older or newer leader epoch is fenced. The
 * records go out as file slices, sent with sendfile; nothing is copied into the heap. When fewer
 * than {@code minBytes} are available the request waits in the fetch purgatory, without a thread,
 * until appends bring enough or {@code maxWaitMs} passes.
 */
public final class FetchHandler implements ApiHandler<FetchRequest> {
    private static final Logger log = LoggerFactory.getLogger(FetchHandler.class);

    private final ReplicaManager replicas;
    private final BrokerMetrics metrics;

    public FetchHandler(ReplicaManager replicas, BrokerMetrics metrics) {
        this.replicas = replicas;
        this.metrics = metrics;
    }

    /** What one pass over the requested partitions found. */
    private record ReadResult(FetchResponse response, long bytes, boolean hasError) {
    }

    @Override
    public CompletableFuture<FetchResponse> handle(RequestContext context, FetchRequest request) {
        ReadResult first = readAll(request);
        if (request.maxWaitMs() <= 0 || first.bytes >= request.minBytes() || first.hasError) {
            return respond(first);
        }
        CompletableFuture<FetchResponse> response = new CompletableFuture<>();
        List<TopicPartition> keys = new ArrayList<>();
        request.topics().forEach(t -> t.partitions().forEach(p -> keys.add(new TopicPartition(t.name(), p.partition()))));
        replicas.fetchPurgatory().tryCompleteElseWatch(new DelayedFetch(request, response), keys);
        return response;
    }

    private CompletableFuture<FetchResponse> respond(ReadResult result) {
        metrics.recordFetched(result.bytes);
        return CompletableFuture.completedFuture(result.response);
    }

    private ReadResult readAll(FetchRequest request) {
        long budget = request.maxBytes() <= 0 ? Integer.MAX_VALUE : request.maxBytes();
        long total = 0;
        boolean hasError = false;
        List<FetchResponse.FetchableTopic> topics = new ArrayList<>(request.topics().size());
        for (FetchRequest.FetchTopic topic : request.topics()) {
            List<PartitionData> partitions = new ArrayList<>(topic.partitions().size());
            for (FetchRequest.FetchPartition wanted : topic.partitions()) {
                TopicPartition tp = new TopicPartition(topic.name(), wanted.partition());
                int limit = (int) Math.min(wanted.partitionMaxBytes(), budget - total);
                PartitionData data = limit <= 0 && total > 0
                    ? emptyData(tp, wanted.partition())
                    : read(tp, wanted, Math.max(limit, 1), request.replicaId());
                total += data.records().sizeInBytes();
                hasError |= data.error() != Errors.NONE;
                partitions.add(data);
            }
            topics.add(new FetchResponse.FetchableTopic(topic.name(), partitions));
        }
        return new ReadResult(new FetchResponse(Errors.NONE, topics), total, hasError);
    }

    private PartitionData emptyData(TopicPartition tp, int partitionIndex) {
        Partition partition = replicas.partition(tp).orElse(null);
        return partition == null
            ? PartitionData.error(partitionIndex, replicas.errorForMissingPartition(tp))
            : new PartitionData(partitionIndex, Errors.NONE, partition.highWatermark(), partition.logStartOffset(),
                RecordsPayload.EMPTY);
    }

    private PartitionData read(TopicPartition tp, FetchRequest.FetchPartition wanted, int maxBytes, int replicaId) {
        Partition partition = replicas.partition(tp).orElse(null);
        if (partition == null) {
            return PartitionData.error(tp.partition(), replicas.errorForMissingPartition(tp));
        }
        if (!partition.isLeader()) {
            return PartitionData.error(tp.partition(), Errors.NOT_LEADER_OR_FOLLOWER);
        }
        int requestEpoch = wanted.currentLeaderEpoch();
        if (requestEpoch >= 0 && requestEpoch != partition.leaderEpoch()) {
            return PartitionData.error(tp.partition(), requestEpoch < partition.leaderEpoch()
                ? Errors.FENCED_LEADER_EPOCH : Errors.UNKNOWN_LEADER_EPOCH);
        }
        long offset = wanted.fetchOffset();
        boolean fromFollower = replicaId != FetchRequest.CONSUMER_REPLICA_ID;
        try {
            if (fromFollower && offset >= partition.logStartOffset() && offset <= partition.logEndOffset()) {
                replicas.onFollowerFetch(partition, replicaId, offset);
            }
            long highWatermark = partition.highWatermark();
            FileSlice slice = partition.read(offset, maxBytes, !fromFollower);
            RecordsPayload records = slice.isEmpty() ? RecordsPayload.EMPTY
                : RecordsPayload.ofFile(slice.channel(), slice.position(), slice.length());
            if (fromFollower) {
                replicas.onReplicationBytesOut(slice.length());
            }
            return new PartitionData(tp.partition(), Errors.NONE, highWatermark, partition.logStartOffset(), records);
        } catch (OffsetOutOfRangeException e) {
            metrics.recordFailedFetch();
            return new PartitionData(tp.partition(), Errors.OFFSET_OUT_OF_RANGE, partition.highWatermark(),
                partition.logStartOffset(), RecordsPayload.EMPTY);
        } catch (IOException | KafkaStorageException e) {
            metrics.recordFailedFetch();
            log.error("Read of {} at {} failed", tp, offset, e);
            return PartitionData.error(tp.partition(), Errors.KAFKA_STORAGE_ERROR);
        }
    }

    /** A fetch waiting for {@code minBytes}; re-reads on each append to its partitions. */
    private final class DelayedFetch extends DelayedOperation {
        private final FetchRequest request;
        private final CompletableFuture<FetchResponse> response;

        DelayedFetch(FetchRequest request, CompletableFuture<FetchResponse> response) {
            super(request.maxWaitMs());
            this.request = request;
            this.response = response;
        }

        @Override
        public boolean tryComplete() {
            ReadResult result = readAll(request);
            if (result.bytes >= request.minBytes() || result.hasError) {
                return forceComplete();
            }
            return false;
        }

        @Override
        protected void onComplete() {
            ReadResult result = readAll(request);
            metrics.recordFetched(result.bytes);
            response.complete(result.response);
        }
    }
}
