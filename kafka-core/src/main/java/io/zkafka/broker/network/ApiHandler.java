package io.zkafka.broker.network;

import io.zkafka.common.protocol.Message;
import java.util.concurrent.CompletableFuture;

/**
 * Handles one API. Called on a request handler thread, one request of a connection at a time and
 * in arrival order. Record payloads of the request are views of the network frame, valid only
 * until {@code handle} returns. The response may complete later (acks=all, fetch long polls), from
 * any thread; a null response means none is sent (acks=0).
 */
@FunctionalInterface
public interface ApiHandler<Q extends Message> {
    CompletableFuture<? extends Message> handle(RequestContext context, Q request);
}
