package io.zkafka.broker.network;

import io.zkafka.common.protocol.RequestHeader;
import io.zkafka.common.security.KafkaPrincipal;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Who sent a request and how: its header, the peer's address, when it arrived, and the connection
 * it came on as a stage that completes (on that connection's event loop) once the connection has
 * closed. The stage is one object per connection, so two requests came on the same connection
 * exactly when their stages are the same object; the group coordinator uses it to learn that a
 * member's connection is gone. Callbacks chained on it must not block. {@code principal} is who the
 * connection authenticated as ({@link KafkaPrincipal#ANONYMOUS} if it did not).
 */
public record RequestContext(RequestHeader header, String clientAddress, long receivedNanos,
                             CompletionStage<Void> connectionClosed, KafkaPrincipal principal) {

    /** A context whose connection never reports closing: a request made inside the broker, or in a test. */
    public RequestContext(RequestHeader header, String clientAddress, long receivedNanos) {
        this(header, clientAddress, receivedNanos, new CompletableFuture<>(), KafkaPrincipal.ANONYMOUS);
    }
}
