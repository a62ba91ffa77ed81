package io.zkafka.clients.admin.internals;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** Combines per-item futures into one, as the admin results' {@code all()} do. Stateless. */
public final class Futures {
    private Futures() {
    }

    /** Completes when every future has; fails with the first failure. */
    public static CompletableFuture<Void> allOf(Map<?, ? extends CompletableFuture<?>> futures) {
        return CompletableFuture.allOf(futures.values().toArray(new CompletableFuture<?>[0]));
    }

    /** The values of every future, keyed as given, once all have completed. */
    public static <K, V> CompletableFuture<Map<K, V>> allValues(Map<K, CompletableFuture<V>> futures) {
        return allOf(futures).thenApply(done -> {
            Map<K, V> values = new HashMap<>();
            futures.forEach((key, future) -> values.put(key, future.join()));
            return values;
        });
    }
}
