package io.zkafka.broker.replica;

import io.zkafka.common.TopicPartition;

/**
 * Told when a transaction's commit or abort marker, written on this broker as the partition's leader
 * (WriteTxnMarkers), is committed: the high watermark has passed it. The group coordinator registers
 * one ({@link ReplicaManager#addTxnMarkerListener}) to materialize or drop the transactional offsets of
 * a {@code __consumer_offsets} partition it leads. Followers and a coordinator loading a partition see
 * the markers in the log they replay instead.
 *
 * <p>Called once per marker and partition, for every partition (a listener picks the ones it cares
 * about), also for a marker that ended no transaction (a coordinator's retry, or a transaction with no
 * data in that partition). Never called for a marker that failed or whose wait timed out: the
 * coordinator writes it again. Runs on the thread that saw the marker replicated (a request handler
 * handling a follower's fetch, {@code zkafka-isr}, or the request handler that wrote it): it must return
 * quickly and never block or throw; hand work to the listener's own thread.
 */
@FunctionalInterface
public interface TxnMarkerListener {

    /**
     * @param tp the partition the marker was written to
     * @param producerId the producer whose transaction it ended
     * @param committed true for a commit marker, false for an abort
     * @param markerOffset the marker's offset in {@code tp}
     */
    void onTransactionCompleted(TopicPartition tp, long producerId, boolean committed, long markerOffset);
}
