package io.zkafka.broker.handler;

import io.zkafka.broker.authorizer.Authorizer;
import io.zkafka.broker.network.ApiHandler;
import io.zkafka.broker.network.RequestContext;
import io.zkafka.broker.replica.NotEnoughReplicasException;
import io.zkafka.broker.replica.NotLeaderException;
import io.zkafka.broker.replica.Partition;
import io.zkafka.broker.replica.ReplicaManager;
import io.zkafka.common.TopicPartition;
import io.zkafka.common.acl.AclOperation;
import io.zkafka.common.errors.ApiException;
import io.zkafka.common.errors.CorruptRecordException;
import io.zkafka.common.message.WriteTxnMarkersRequest;
import io.zkafka.common.message.WriteTxnMarkersResponse;
import io.zkafka.common.protocol.Errors;
import io.zkafka.common.record.ControlRecordType;
import io.zkafka.common.record.EndTransactionMarker;
import io.zkafka.storage.KafkaStorageException;
import io.zkafka.storage.LogAppendInfo;
import io.zkafka.storage.producer.AppendOrigin;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * WriteTxnMarkers (inter-broker, from transaction coordinators): for each marker and each partition
 * this broker leads, appends the commit or abort control batch as the leader, as a coordinator's write
 * (the log checks the producer epoch and the coordinator epoch, {@code TRANSACTION_COORDINATOR_FENCED},
 * and ends the producer's transaction: the last stable offset moves, an abort goes to the
 * aborted-transaction index), with acks=all semantics: a partition is answered once the high watermark
 * passes its marker ({@link DelayedTxnMarkers} in the produce purgatory), {@code NOT_ENOUGH_REPLICAS}
 * when too few replicas are in sync to write, {@code NOT_LEADER_OR_FOLLOWER} (or the missing partition's
 * error) when this broker does not lead it, {@code REQUEST_TIMED_OUT} after {@code timeoutMs}. Each
 * marker that is committed is reported to the replica manager's {@code TxnMarkerListener}s.
 */
public final class WriteTxnMarkersHandler implements ApiHandler<WriteTxnMarkersRequest> {
    private static final Logger log = LoggerFactory.getLogger(WriteTxnMarkersHandler.class);

    private final ReplicaManager replicas;
    private final long timeoutMs;
    private final LongSupplier clock;
    private final Authorizer authorizer;

    /**
     * @param timeoutMs how long a marker may wait for the in-sync replicas
     * @param clock the markers' timestamps, in milliseconds
     */
    public WriteTxnMarkersHandler(ReplicaManager replicas, long timeoutMs, LongSupplier clock, Authorizer authorizer) {
        this.replicas = replicas;
        this.timeoutMs = timeoutMs;
        this.clock = clock;
        this.authorizer = authorizer;
    }

    @Override
    public CompletableFuture<WriteTxnMarkersResponse> handle(RequestContext context, WriteTxnMarkersRequest request) {
        if (!authorizer.authorizeCluster(context, AclOperation.CLUSTER_ACTION)) {
            return CompletableFuture.completedFuture(new WriteTxnMarkersResponse(request.markers().stream()
                .map(m -> new WriteTxnMarkersResponse.MarkerResult(m.producerId(), m.partitions().stream()
                    .map(tp -> new WriteTxnMarkersResponse.PartitionError(tp, Errors.CLUSTER_AUTHORIZATION_FAILED))
                    .toList())).toList()));
        }
        List<DelayedTxnMarkers.MarkerWrite> writes = new ArrayList<>();
        Set<TopicPartition> waitingOn = new LinkedHashSet<>();
        for (WriteTxnMarkersRequest.TxnMarker marker : request.markers()) {
            for (TopicPartition tp : marker.partitions()) {
                DelayedTxnMarkers.MarkerWrite write = append(marker, tp);
                writes.add(write);
                if (write.error() == null) {
                    waitingOn.add(tp);
                }
            }
        }
        CompletableFuture<WriteTxnMarkersResponse> response = new CompletableFuture<>();
        DelayedTxnMarkers delayed = new DelayedTxnMarkers(timeoutMs, replicas, request.markers(), writes, response);
        if (waitingOn.isEmpty()) {
            delayed.forceComplete();
        } else {
            replicas.producePurgatory().tryCompleteElseWatch(delayed, List.copyOf(waitingOn));
        }
        return response;
    }

    private DelayedTxnMarkers.MarkerWrite append(WriteTxnMarkersRequest.TxnMarker marker, TopicPartition tp) {
        Partition partition = replicas.partition(tp).orElse(null);
        if (partition == null) {
            return DelayedTxnMarkers.MarkerWrite.failed(tp, replicas.errorForMissingPartition(tp));
        }
        EndTransactionMarker end = new EndTransactionMarker(marker.committed() ? ControlRecordType.COMMIT
            : ControlRecordType.ABORT, marker.coordinatorEpoch());
        try {
            Partition.LeaderAppend appended = partition.appendAsLeader(
                end.toBatch(marker.producerId(), marker.producerEpoch(), clock.getAsLong()), (short) -1,
                AppendOrigin.COORDINATOR);
            replicas.onAppend(tp);
            LogAppendInfo info = appended.info();
            return new DelayedTxnMarkers.MarkerWrite(tp, appended.leaderEpoch(), info.firstOffset(), null);
        } catch (NotLeaderException e) {
            return DelayedTxnMarkers.MarkerWrite.failed(tp, Errors.NOT_LEADER_OR_FOLLOWER);
        } catch (NotEnoughReplicasException e) {
            return DelayedTxnMarkers.MarkerWrite.failed(tp, Errors.NOT_ENOUGH_REPLICAS);
        } catch (CorruptRecordException e) {
            return DelayedTxnMarkers.MarkerWrite.failed(tp, Errors.CORRUPT_MESSAGE);
        } catch (ApiException e) {
            // a fenced producer epoch or coordinator epoch
            log.info("Refused the {} marker of producer {} (epoch {}, coordinator epoch {}) for {}: {}",
                marker.committed() ? "commit" : "abort", marker.producerId(), marker.producerEpoch(),
                marker.coordinatorEpoch(), tp, e.getMessage());
            return DelayedTxnMarkers.MarkerWrite.failed(tp, e.error());
        } catch (IOException | KafkaStorageException e) {
            log.error("Writing a transaction marker to {} failed", tp, e);
            return DelayedTxnMarkers.MarkerWrite.failed(tp, Errors.KAFKA_STORAGE_ERROR);
        }
    }
}
