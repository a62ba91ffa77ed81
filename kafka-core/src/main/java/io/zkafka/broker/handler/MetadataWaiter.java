package io.zkafka.broker.handler;

import io.zkafka.broker.purgatory.DelayedOperation;
import io.zkafka.broker.purgatory.Purgatory;
import io.zkafka.metadata.MetadataCache;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Predicate;

/**
 * Completes a future once this broker's metadata shows what an admin request changed (a topic with
 * leaders, a topic gone), or when the timeout passes - so a client that created a topic can use it
 * at once through this broker. Thread-safe.
 */
public final class MetadataWaiter {
    private static final String KEY = "metadata";

    private final MetadataCache metadata;
    private final Purgatory<String> purgatory;

    public MetadataWaiter(MetadataCache metadata, ScheduledExecutorService timer) {
        this.metadata = metadata;
        this.purgatory = new Purgatory<>(timer);
        metadata.onUpdate(() -> purgatory.checkAndComplete(KEY));
    }

    /** Completes with true once {@code condition} holds, or false after {@code timeoutMs}. */
    public CompletableFuture<Boolean> await(Predicate<MetadataCache.Image> condition, long timeoutMs) {
        CompletableFuture<Boolean> done = new CompletableFuture<>();
        purgatory.tryCompleteElseWatch(new DelayedOperation(Math.max(timeoutMs, 0)) {
            @Override
            public boolean tryComplete() {
                return condition.test(metadata.image()) && forceComplete();
            }

            @Override
            protected void onComplete() {
                done.complete(condition.test(metadata.image()));
            }
        }, List.of(KEY));
        return done;
    }
}
