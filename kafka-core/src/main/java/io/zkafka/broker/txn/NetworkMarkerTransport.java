package io.zkafka.broker.txn;

import io.zkafka.clients.internals.NetworkClient;
import io.zkafka.common.TopicPartition;
import io.zkafka.common.message.WriteTxnMarkersRequest;
import io.zkafka.common.message.WriteTxnMarkersResponse;
import io.zkafka.common.errors.RetriableException;
import io.zkafka.common.protocol.Errors;
import io.zkafka.config.PeerNetwork;
import io.zkafka.coordination.BrokerInfo;
import io.zkafka.coordination.PartitionState;
import io.zkafka.metadata.MetadataCache;
import java.util.concurrent.CompletableFuture;

/**
 * The broker's {@link MarkerTransport}: leaders from this broker's metadata image, requests over a
 * network client of its own (a connection per leader, this broker's own listener included, named
 * apart from other traffic because a leader holds a marker request until its write is replicated).
 * Thread-safe.
 */
final class NetworkMarkerTransport implements MarkerTransport, AutoCloseable {
    private final MetadataCache metadata;
    private final NetworkClient network;
    private final long requestTimeoutMs;

    NetworkMarkerTransport(int brokerId, MetadataCache metadata, long requestTimeoutMs, PeerNetwork peers) {
        this.metadata = metadata;
        this.requestTimeoutMs = requestTimeoutMs;
        this.network = peers.client("broker-" + brokerId + "-txn-markers", 4 << 20, 10_000);
    }

    @Override
    public int leaderOf(TopicPartition tp) {
        MetadataCache.Image image = metadata.image();
        if (!image.assignments().containsKey(tp.topic())) {
            return NO_SUCH_PARTITION;
        }
        PartitionState state = image.state(tp).orElse(null);
        if (state == null) {
            return image.assignments().get(tp.topic()).partitions().containsKey(tp.partition()) ? NO_LEADER
                : NO_SUCH_PARTITION;
        }
        int leader = state.leaderAndIsr().leader();
        return leader >= 0 && image.brokers().containsKey(leader) ? leader : NO_LEADER;
    }

    @Override
    public CompletableFuture<WriteTxnMarkersResponse> send(int brokerId, WriteTxnMarkersRequest request) {
        BrokerInfo broker = metadata.image().brokers().get(brokerId);
        if (broker == null) {
            return CompletableFuture.failedFuture(new RetriableException(Errors.BROKER_NOT_AVAILABLE,
                "Broker " + brokerId + " is not registered"));
        }
        return network.call(broker.host() + ":" + broker.port() + "#txn-markers", request, requestTimeoutMs);
    }

    @Override
    public void close() {
        network.close();
    }
}
