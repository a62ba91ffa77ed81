package io.zkafka.broker.txn;

import io.zkafka.common.TopicPartition;
import io.zkafka.common.message.WriteTxnMarkersRequest;
import io.zkafka.common.message.WriteTxnMarkersResponse;
import java.util.concurrent.CompletableFuture;

/**
 * How markers reach partition leaders: who leads a partition now, and a WriteTxnMarkers request to
 * a broker. The broker's is {@link NetworkMarkerTransport} (the metadata image and a network
 * client of its own, this broker included); a unit test's answers from memory. Thread-safe.
 */
interface MarkerTransport {
    /** Leader of a partition that exists but has no live leader now. */
    int NO_LEADER = -1;
    /** What {@link #leaderOf} answers for a partition whose topic no longer exists. */
    int NO_SUCH_PARTITION = -2;

    /** The broker leading {@code tp} now, {@link #NO_LEADER} or {@link #NO_SUCH_PARTITION}. */
    int leaderOf(TopicPartition tp);

    /** Sends the request to broker {@code brokerId}; fails exceptionally when it could not be asked. */
    CompletableFuture<WriteTxnMarkersResponse> send(int brokerId, WriteTxnMarkersRequest request);
}
