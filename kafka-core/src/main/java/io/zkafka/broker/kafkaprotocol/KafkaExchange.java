package io.zkafka.broker.kafkaprotocol;

import io.zkafka.broker.network.RequestContext;
import io.zkafka.broker.network.RequestDispatcher;
import io.zkafka.common.protocol.Message;
import io.zkafka.common.protocol.RequestHeader;
import io.zkafka.common.security.KafkaPrincipal;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * One Kafka request being served: its body and version, and the way to the native handlers. A
 * native request made through {@link #call} carries this request's correlation id, client id,
 * arrival time, connection and principal, so the handlers (the group coordinator watching a member's
 * connection, request metrics) see it as they would a native client's.
 */
final class KafkaExchange {
    private final KafkaRequest request;
    private final String clientAddress;
    private final long receivedNanos;
    private final CompletionStage<Void> connectionClosed;
    private final KafkaPrincipal principal;
    private final RequestDispatcher dispatcher;

    KafkaExchange(KafkaRequest request, String clientAddress, long receivedNanos,
                  CompletionStage<Void> connectionClosed, KafkaPrincipal principal, RequestDispatcher dispatcher) {
        this.request = request;
        this.clientAddress = clientAddress;
        this.receivedNanos = receivedNanos;
        this.connectionClosed = connectionClosed;
        this.principal = principal;
        this.dispatcher = dispatcher;
    }

    KafkaPrincipal principal() {
        return principal;
    }

    String clientAddress() {
        return clientAddress;
    }

    @SuppressWarnings("unchecked")
    <T> T body() {
        return (T) request.body();
    }

    short version() {
        return request.version();
    }

    /** Runs a native request on the native handler of its API, at {@code nativeVersion}, on this thread. */
    @SuppressWarnings("unchecked")
    <R extends Message> CompletableFuture<R> call(Message nativeRequest, int nativeVersion) {
        RequestHeader header = new RequestHeader(nativeRequest.apiKey(), (short) nativeVersion,
            request.correlationId(), request.clientId());
        RequestContext context = new RequestContext(header, clientAddress, receivedNanos, connectionClosed, principal);
        return (CompletableFuture<R>) dispatcher.dispatch(context, nativeRequest);
    }
}
