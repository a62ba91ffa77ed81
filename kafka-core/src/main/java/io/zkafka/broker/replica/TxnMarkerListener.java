package io.zkafka.broker.replica;

import io.zkafka.common.TopicPartition;

/**
 * Told of each transaction marker written on this broker as a partition's leader: the partition,
 * the producer and whether its transaction committed. The partition-leader side (the WriteTxnMarkers
 * handler) calls it once per partition after the marker's append is replicated (acks=all), on the
 * thread that completes the append; the group coordinator listens for its {@code __consumer_offsets}
 * partitions, where the marker commits or drops the offsets the transaction committed
 * (TxnOffsetCommit). Implementations must be thread-safe and must not block.
 */
@FunctionalInterface
public interface TxnMarkerListener {
    void onMarkerWritten(TopicPartition partition, long producerId, boolean committed);
}
