package io.zkafka.broker.handler;

import io.zkafka.broker.purgatory.DelayedOperation;
import io.zkafka.broker.replica.Partition;
import io.zkafka.broker.replica.ReplicaManager;
import io.zkafka.common.TopicPartition;
import io.zkafka.common.message.WriteTxnMarkersRequest;
import io.zkafka.common.message.WriteTxnMarkersResponse;
import io.zkafka.common.protocol.Errors;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The markers of one WriteTxnMarkers request waiting for the in-sync replicas, as an acks=all produce
 * waits: a marker is done when its partition's high watermark passes it (with fewer than
 * min.insync.replicas in sync by then: NOT_ENOUGH_REPLICAS_AFTER_APPEND), or when this broker stops
 * leading the partition at the epoch it was written in (NOT_LEADER_OR_FOLLOWER). Past the timeout the
 * rest answer REQUEST_TIMED_OUT. On completion every marker that made it is reported to the
 * {@link ReplicaManager#onTxnMarkerCommitted} listeners, then the answer lists each marker's partitions
 * in request order. No thread waits: appends, follower fetches and ISR changes re-check it.
 *
 * <p>Thread-safe: immutable but for the completion flag.
 */
final class DelayedTxnMarkers extends DelayedOperation {

    /** One marker's append to one partition: where it was written, or the error that stopped it. */
    record MarkerWrite(TopicPartition tp, int leaderEpoch, long markerOffset, Errors error) {
        static MarkerWrite failed(TopicPartition tp, Errors error) {
            return new MarkerWrite(tp, -1, -1L, error);
        }
    }

    private final ReplicaManager replicas;
    private final List<WriteTxnMarkersRequest.TxnMarker> markers;
    private final List<MarkerWrite> writes;
    private final CompletableFuture<WriteTxnMarkersResponse> response;

    /** @param writes one per marker and partition, in request order */
    DelayedTxnMarkers(long timeoutMs, ReplicaManager replicas, List<WriteTxnMarkersRequest.TxnMarker> markers,
                      List<MarkerWrite> writes, CompletableFuture<WriteTxnMarkersResponse> response) {
        super(timeoutMs);
        this.replicas = replicas;
        this.markers = List.copyOf(markers);
        this.writes = List.copyOf(writes);
        this.response = response;
    }

    @Override
    public boolean tryComplete() {
        for (MarkerWrite write : writes) {
            if (outcome(write) == null) {
                return false;
            }
        }
        return forceComplete();
    }

    /** The final answer for a marker's partition, or null while it still waits. */
    private Errors outcome(MarkerWrite write) {
        if (write.error() != null) {
            return write.error();
        }
        Partition partition = replicas.partition(write.tp()).orElse(null);
        if (partition == null || !partition.isLeader() || partition.leaderEpoch() != write.leaderEpoch()) {
            return Errors.NOT_LEADER_OR_FOLLOWER;
        }
        if (partition.highWatermark() <= write.markerOffset()) {
            return null;
        }
        return partition.isr().size() < partition.minInsyncReplicas() ? Errors.NOT_ENOUGH_REPLICAS_AFTER_APPEND
            : Errors.NONE;
    }

    @Override
    protected void onComplete() {
        List<WriteTxnMarkersResponse.MarkerResult> results = new ArrayList<>(markers.size());
        Iterator<MarkerWrite> inOrder = writes.iterator();
        for (WriteTxnMarkersRequest.TxnMarker marker : markers) {
            List<WriteTxnMarkersResponse.PartitionError> partitions = new ArrayList<>(marker.partitions().size());
            for (int i = 0; i < marker.partitions().size(); i++) {
                MarkerWrite write = inOrder.next();
                Errors outcome = outcome(write);
                if (outcome == null) {
                    outcome = Errors.REQUEST_TIMED_OUT;
                } else if (outcome == Errors.NONE) {
                    replicas.onTxnMarkerCommitted(write.tp(), marker.producerId(), marker.committed(),
                        write.markerOffset());
                }
                partitions.add(new WriteTxnMarkersResponse.PartitionError(write.tp(), outcome));
            }
            results.add(new WriteTxnMarkersResponse.MarkerResult(marker.producerId(), partitions));
        }
        response.complete(new WriteTxnMarkersResponse(results));
    }
}
