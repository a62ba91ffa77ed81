package io.zkafka.config;

import io.netty.handler.ssl.SslContext;
import io.zkafka.clients.internals.NetworkClient;

/**
 * How this broker reaches its peers' native listeners: in plaintext, or over TLS with the client
 * side of {@code security.inter.broker.protocol=SSL} (this broker's trust store checks the peer's
 * certificate, its key store answers a peer that requires client authentication). Every broker-to-broker
 * client (replica fetchers, controller forwarding, metadata propagation, transaction markers, the lag
 * monitor, the liveness monitor) is made here. Immutable.
 */
public record PeerNetwork(SslContext tls) {
    public static final PeerNetwork PLAINTEXT = new PeerNetwork(null);

    /** A client to the peers named {@code name}; see {@link NetworkClient}. */
    public NetworkClient client(String name, int maxResponseBytes, int connectTimeoutMs) {
        return new NetworkClient(name, maxResponseBytes, connectTimeoutMs, tls);
    }

    public boolean usesTls() {
        return tls != null;
    }
}
