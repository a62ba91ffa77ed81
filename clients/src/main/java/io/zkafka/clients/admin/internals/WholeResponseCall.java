package io.zkafka.clients.admin.internals;

import io.zkafka.common.protocol.Message;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * An admin call answered by one response as a whole: completes its future with the response, or
 * asks again while {@code retryReason} names a reason (NOT_CONTROLLER). Confined to the I/O thread
 * once running.
 */
public final class WholeResponseCall<R extends Message> implements AdminCallRunner.Call<R> {
    private final String name;
    private final Supplier<Message> request;
    private final Function<R, String> retryReason;
    private final CompletableFuture<R> future = new CompletableFuture<>();

    public WholeResponseCall(String name, Supplier<Message> request, Function<R, String> retryReason) {
        this.name = name;
        this.request = request;
        this.retryReason = retryReason;
    }

    public CompletableFuture<R> future() {
        return future;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Message request() {
        return request.get();
    }

    @Override
    public String handle(R response) {
        String retry = retryReason.apply(response);
        if (retry == null) {
            future.complete(response);
        }
        return retry;
    }

    @Override
    public void fail(RuntimeException error) {
        future.completeExceptionally(error);
    }
}
