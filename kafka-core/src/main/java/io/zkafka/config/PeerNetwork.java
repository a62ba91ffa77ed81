package io.zkafka.config;

import io.netty.handler.ssl.SslContext;
import io.zkafka.clients.internals.NetworkClient;
import io.zkafka.common.security.SaslClientConfig;

/**
 * How this broker reaches its peers' native listeners: in plaintext, or over TLS with the client
 * side of {@code security.inter.broker.protocol=SSL} (this broker's trust store checks the peer's
 * certificate, its key store answers a peer that requires client authentication), and with
 * {@code security.inter.broker.protocol=SASL_PLAINTEXT/SASL_SSL} a SASL login first
 * ({@code sasl.mechanism.inter.broker.protocol}, the username and password of the native listener's JAAS
 * config for that mechanism). Every broker-to-broker
 * client (replica fetchers, controller forwarding, metadata propagation, transaction markers, the lag
 * monitor, the liveness monitor) is made here. Immutable.
 */
public record PeerNetwork(SslContext tls, SaslClientConfig sasl) {
    public static final PeerNetwork PLAINTEXT = new PeerNetwork(null, null);

    public PeerNetwork(SslContext tls) {
        this(tls, null);
    }

    /** A client to the peers named {@code name}; see {@link NetworkClient}. */
    public NetworkClient client(String name, int maxResponseBytes, int connectTimeoutMs) {
        return new NetworkClient(name, maxResponseBytes, connectTimeoutMs, tls, sasl);
    }

    public boolean usesTls() {
        return tls != null;
    }
}
