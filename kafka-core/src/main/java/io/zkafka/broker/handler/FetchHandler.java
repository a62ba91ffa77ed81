package io.zkafka.broker.handler;

import io.zkafka.broker.authorizer.Authorizer;
import io.zkafka.broker.network.ApiHandler;
import io.zkafka.broker.network.RequestContext;
import io.zkafka.broker.replica.OffsetPosition;
import io.zkafka.broker.replica.Partition;
import io.zkafka.broker.replica.ReplicaManager;
import io.zkafka.broker.replica.StorageErrorLog;
import io.zkafka.common.TopicPartition;
import io.zkafka.common.acl.AclOperation;
import io.zkafka.common.message.FetchRequest;
import io.zkafka.common.message.FetchResponse.PartitionData;
import io.zkafka.common.message.FetchResponse;
import io.zkafka.common.protocol.Errors;
import io.zkafka.common.protocol.RecordsPayload;
import io.zkafka.common.resource.ResourceType;
import io.zkafka.metrics.BrokerMetrics;
import io.zkafka.storage.AbortedTxn;
import io.zkafka.storage.FileSlice;
import io.zkafka.storage.KafkaStorageException;
import io.zkafka.storage.OffsetOutOfRangeException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads batches for consumers (read_uncommitted: below the high watermark; read_committed: below the
 * last stable offset, with the aborted transactions overlapping what was read, from the segments'
 * aborted-transaction indexes) and followers (to the log end; a follower's fetch offset tells the
 * leader how far it has replicated, which moves the high watermark and the ISR: applied once, when the
 * request arrives). Every answer carries the last stable offset. A request naming an older or newer
 * leader epoch is fenced. The records go out as file slices, sent with sendfile; nothing is copied
 * into the heap. When fewer than {@code minBytes} are available the request waits in the fetch
 * purgatory, without a thread, as a {@link DelayedFetch} that compares offsets and byte positions on
 * each change and reads the log again only once, when it completes. A follower's fetch needs
 * ClusterAction on the cluster (else CLUSTER_AUTHORIZATION_FAILED); a consumer's needs Read on each
 * topic, asked once per topic when the request arrives (a refused topic's partitions answer
 * TOPIC_AUTHORIZATION_FAILED, at once, and are never read).
 */
public final class FetchHandler implements ApiHandler<FetchRequest> {
    private static final Logger log = LoggerFactory.getLogger(FetchHandler.class);
    private final StorageErrorLog storageErrors = new StorageErrorLog(log);

    private final ReplicaManager replicas;
    private final BrokerMetrics metrics;
    private final Authorizer authorizer;

    public FetchHandler(ReplicaManager replicas, BrokerMetrics metrics, Authorizer authorizer) {
        this.replicas = replicas;
        this.metrics = metrics;
        this.authorizer = authorizer;
    }

    /**
     * What one pass over the requested partitions found: the response, its record bytes, whether a
     * partition failed, whether the response's byte budget ran out, and where each read partition
     * stood (for a wait).
     */
    record ReadResult(FetchResponse response, long bytes, boolean hasError, boolean full,
                      List<DelayedFetch.PartitionStart> starts) {
    }

    @Override
    public CompletableFuture<FetchResponse> handle(RequestContext context, FetchRequest asked) {
        boolean fromFollower = isFromFollower(asked);
        if (fromFollower && !authorizer.authorizeCluster(context, AclOperation.CLUSTER_ACTION)) {
            return CompletableFuture.completedFuture(new FetchResponse(Errors.CLUSTER_AUTHORIZATION_FAILED, List.of()));
        }
        Set<String> refused = fromFollower ? Set.of() : refusedTopics(context, asked);
        FetchRequest request = refused.isEmpty() ? asked : withoutTopics(asked, refused);
        if (fromFollower && request.replicaEpoch() != FetchRequest.UNKNOWN_REPLICA_EPOCH
                && replicas.incarnationOf(request.replicaId(), request.replicaEpoch())
                    == ReplicaManager.FollowerIncarnation.REPLACED) {
            return CompletableFuture.completedFuture(staleIncarnation(request));
        }
        if (fromFollower) {
            recordFollowerPositions(request);
        }
        ReadResult first = readAll(request);
        if (!refused.isEmpty()) {
            return CompletableFuture.completedFuture(respond(withRefused(first, refused, asked), fromFollower));
        }
        if (request.maxWaitMs() <= 0 || first.bytes >= request.minBytes() || first.hasError || first.full) {
            return CompletableFuture.completedFuture(respond(first, fromFollower));
        }
        CompletableFuture<FetchResponse> response = new CompletableFuture<>();
        Set<TopicPartition> keys = new LinkedHashSet<>();
        first.starts.forEach(start -> keys.add(start.tp()));
        DelayedFetch delayed = new DelayedFetch(request.maxWaitMs(), request.minBytes(),
            DelayedFetch.ReadBound.of(fromFollower, request.isolationLevel()), first.starts, replicas::partition, () -> {
                try {
                    response.complete(respond(readAll(request), fromFollower));
                } catch (RuntimeException | Error e) {
                    response.completeExceptionally(e);
                }
            });
        replicas.fetchPurgatory().tryCompleteElseWatch(delayed, keys);
        return response;
    }

    private Set<String> refusedTopics(RequestContext context, FetchRequest request) {
        Set<String> refused = Set.of();
        for (FetchRequest.FetchTopic topic : request.topics()) {
            if (!authorizer.authorize(context, AclOperation.READ, ResourceType.TOPIC, topic.name())) {
                if (refused.isEmpty()) {
                    refused = new LinkedHashSet<>();
                }
                refused.add(topic.name());
            }
        }
        return refused;
    }

    private static FetchRequest withoutTopics(FetchRequest request, Set<String> refused) {
        return new FetchRequest(request.replicaId(), request.replicaEpoch(), request.maxWaitMs(), request.minBytes(),
            request.maxBytes(), request.isolationLevel(),
            request.topics().stream().filter(t -> !refused.contains(t.name())).toList());
    }

    /** The read topics' answers, then TOPIC_AUTHORIZATION_FAILED for each partition of the refused ones. */
    private static ReadResult withRefused(ReadResult read, Set<String> refused, FetchRequest original) {
        List<FetchResponse.FetchableTopic> topics = new ArrayList<>(read.response().topics());
        for (FetchRequest.FetchTopic topic : original.topics()) {
            if (refused.contains(topic.name())) {
                List<PartitionData> partitions = new ArrayList<>(topic.partitions().size());
                for (FetchRequest.FetchPartition wanted : topic.partitions()) {
                    partitions.add(PartitionData.error(wanted.partition(), Errors.TOPIC_AUTHORIZATION_FAILED));
                }
                topics.add(new FetchResponse.FetchableTopic(topic.name(), partitions));
            }
        }
        return new ReadResult(new FetchResponse(Errors.NONE, topics), read.bytes(), true, read.full(), read.starts());
    }

    private static boolean isFromFollower(FetchRequest request) {
        return request.replicaId() != FetchRequest.CONSUMER_REPLICA_ID;
    }

    private FetchResponse respond(ReadResult result, boolean fromFollower) {
        metrics.recordFetched(result.bytes);
        if (fromFollower) {
            replicas.onReplicationBytesOut(result.bytes);
        }
        return result.response;
    }

    /**
     * The follower has everything before each fetch offset: the leader's view of its log end moves
     * (and with it, maybe, the high watermark and the ISR). Offsets the leader would refuse to serve
     * (fenced epoch, out of range) teach it nothing.
     */
    private void recordFollowerPositions(FetchRequest request) {
        for (FetchRequest.FetchTopic topic : request.topics()) {
            for (FetchRequest.FetchPartition wanted : topic.partitions()) {
                Partition partition = replicas.partition(new TopicPartition(topic.name(), wanted.partition())).orElse(null);
                if (partition == null || !partition.isLeader() || fencingError(wanted, partition) != Errors.NONE) {
                    continue;
                }
                long offset = wanted.fetchOffset();
                if (offset >= partition.logStartOffset() && offset <= partition.logEndOffset()) {
                    replicas.onFollowerFetch(partition, request.replicaId(), request.replicaEpoch(), offset,
                        wanted.logStartOffset());
                }
            }
        }
    }

    /**
     * A fetch from an incarnation of the follower's broker id older than the registered one (or of
     * a broker id no longer registered): a process that was replaced, frozen or cut off. It is
     * served nothing and counts for nothing (KIP-380's broker epoch).
     */
    private static FetchResponse staleIncarnation(FetchRequest request) {
        List<FetchResponse.FetchableTopic> topics = new ArrayList<>(request.topics().size());
        for (FetchRequest.FetchTopic topic : request.topics()) {
            List<PartitionData> partitions = new ArrayList<>(topic.partitions().size());
            for (FetchRequest.FetchPartition wanted : topic.partitions()) {
                partitions.add(PartitionData.error(wanted.partition(), Errors.STALE_BROKER_EPOCH));
            }
            topics.add(new FetchResponse.FetchableTopic(topic.name(), partitions));
        }
        return new FetchResponse(Errors.NONE, topics);
    }

    private static Errors fencingError(FetchRequest.FetchPartition wanted, Partition partition) {
        int requestEpoch = wanted.currentLeaderEpoch();
        int leaderEpoch = partition.leaderEpoch();
        if (requestEpoch < 0 || requestEpoch == leaderEpoch) {
            return Errors.NONE;
        }
        return requestEpoch < leaderEpoch ? Errors.FENCED_LEADER_EPOCH : Errors.UNKNOWN_LEADER_EPOCH;
    }

    /** Reads every requested partition once, within the request's and each partition's byte limits. */
    ReadResult readAll(FetchRequest request) {
        DelayedFetch.ReadBound bound = DelayedFetch.ReadBound.of(isFromFollower(request), request.isolationLevel());
        long budget = request.maxBytes() <= 0 ? Integer.MAX_VALUE : request.maxBytes();
        long total = 0;
        boolean hasError = false;
        boolean full = false;
        List<DelayedFetch.PartitionStart> starts = new ArrayList<>();
        List<FetchResponse.FetchableTopic> topics = new ArrayList<>(request.topics().size());
        for (FetchRequest.FetchTopic topic : request.topics()) {
            List<PartitionData> partitions = new ArrayList<>(topic.partitions().size());
            for (FetchRequest.FetchPartition wanted : topic.partitions()) {
                TopicPartition tp = new TopicPartition(topic.name(), wanted.partition());
                int limit = (int) Math.min(wanted.partitionMaxBytes(), budget - total);
                PartitionData data;
                if (limit <= 0 && total > 0) {
                    full = true;
                    data = emptyData(tp, wanted.partition());
                } else {
                    data = read(tp, wanted, Math.max(limit, 1), bound, starts);
                }
                total += data.records().sizeInBytes();
                hasError |= data.error() != Errors.NONE;
                partitions.add(data);
            }
            topics.add(new FetchResponse.FetchableTopic(topic.name(), partitions));
        }
        return new ReadResult(new FetchResponse(Errors.NONE, topics), total, hasError, full || total >= budget,
            starts);
    }

    private PartitionData emptyData(TopicPartition tp, int partitionIndex) {
        Partition partition = replicas.partition(tp).orElse(null);
        return partition == null
            ? PartitionData.error(partitionIndex, replicas.errorForMissingPartition(tp))
            : new PartitionData(partitionIndex, Errors.NONE, partition.highWatermark(), partition.lastStableOffset(),
                partition.logStartOffset(), null, RecordsPayload.EMPTY);
    }

    /**
     * Reads one partition up to its end as of now (the high watermark, the last stable offset, or, for
     * followers, the log end).
     */
    private PartitionData read(TopicPartition tp, FetchRequest.FetchPartition wanted, int maxBytes,
                               DelayedFetch.ReadBound bound, List<DelayedFetch.PartitionStart> starts) {
        Partition partition = replicas.partition(tp).orElse(null);
        if (partition == null) {
            return PartitionData.error(tp.partition(), replicas.errorForMissingPartition(tp));
        }
        if (!partition.isLeader()) {
            return PartitionData.error(tp.partition(), Errors.NOT_LEADER_OR_FOLLOWER);
        }
        int leaderEpoch = partition.leaderEpoch();
        Errors fenced = fencingError(wanted, partition);
        if (fenced != Errors.NONE) {
            return PartitionData.error(tp.partition(), fenced);
        }
        long offset = wanted.fetchOffset();
        try {
            long highWatermark = partition.highWatermark();
            OffsetPosition end = bound.position(partition);
            FileSlice slice = partition.read(offset, maxBytes, end.offset());
            RecordsPayload records = slice.isEmpty() ? RecordsPayload.EMPTY
                : RecordsPayload.ofFile(slice.channel(), slice.position(), slice.length());
            starts.add(new DelayedFetch.PartitionStart(tp, partition, leaderEpoch, offset, end, slice.length(),
                wanted.partitionMaxBytes()));
            List<FetchResponse.AbortedTransaction> aborted = bound == DelayedFetch.ReadBound.LAST_STABLE_OFFSET
                ? abortedTransactions(partition, slice) : null;
            return new PartitionData(tp.partition(), Errors.NONE, highWatermark, partition.lastStableOffset(),
                partition.logStartOffset(), aborted, records);
        } catch (OffsetOutOfRangeException e) {
            metrics.recordFailedFetch();
            return new PartitionData(tp.partition(), Errors.OFFSET_OUT_OF_RANGE, partition.highWatermark(),
                partition.lastStableOffset(), partition.logStartOffset(), null, RecordsPayload.EMPTY);
        } catch (IOException | KafkaStorageException e) {
            metrics.recordFailedFetch();
            storageErrors.warn(tp, "Read at " + offset + " of", e);
            return PartitionData.error(tp.partition(), Errors.KAFKA_STORAGE_ERROR);
        }
    }

    /** The aborted transactions overlapping the slice, as a read_committed consumer needs them. */
    private static List<FetchResponse.AbortedTransaction> abortedTransactions(Partition partition, FileSlice slice)
        throws IOException {
        List<AbortedTxn> found = partition.log().abortedTransactions(slice);
        List<FetchResponse.AbortedTransaction> aborted = new ArrayList<>(found.size());
        for (AbortedTxn txn : found) {
            aborted.add(new FetchResponse.AbortedTransaction(txn.producerId(), txn.firstOffset()));
        }
        return aborted;
    }
}
