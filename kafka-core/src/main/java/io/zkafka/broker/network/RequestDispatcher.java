package io.zkafka.broker.network;

import io.zkafka.common.protocol.ApiKeys;
import io.zkafka.common.protocol.Message;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** Routes each request to the handler registered for its API. Built once at start-up, then read-only. */
public final class RequestDispatcher {
    private final Map<ApiKeys, ApiHandler<? extends Message>> handlers = new EnumMap<>(ApiKeys.class);

    public <Q extends Message> RequestDispatcher register(ApiKeys key, ApiHandler<Q> handler) {
        handlers.put(key, handler);
        return this;
    }

    public boolean handles(ApiKeys key) {
        return handlers.containsKey(key);
    }

    @SuppressWarnings("unchecked")
    public CompletableFuture<? extends Message> dispatch(RequestContext context, Message request) {
        ApiHandler<Message> handler = (ApiHandler<Message>) handlers.get(context.header().apiKey());
        if (handler == null) {
            return CompletableFuture.failedFuture(new UnsupportedOperationException(
                "No handler for " + context.header().apiKey()));
        }
        return handler.handle(context, request);
    }
}
