package io.zkafka.broker.network;

import io.zkafka.common.security.KafkaPrincipal;

/**
 * Fired down a connection's pipeline (a Netty user event) by the stage that authenticated its peer:
 * the TLS handshake with a client certificate, or a SASL exchange. The connection's requests from
 * then on carry {@code principal} in their {@link RequestContext}.
 */
public record AuthenticatedEvent(KafkaPrincipal principal) {
}
