package io.zkafka.clients.admin.internals;

import io.zkafka.common.errors.ApiException;
import io.zkafka.common.protocol.Errors;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

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

    /**
     * Completes each item's future from the per-item results of a whole answer: done on NONE, failed with
     * the result's error and message otherwise, failed with UNKNOWN_SERVER_ERROR when the answer has no
     * result for it (an {@code item} the broker did not answer for), and all failed with {@code failure}
     * when the call failed.
     */
    public static <K, R> void completeEach(Map<K, CompletableFuture<Void>> futures, Throwable failure,
                                           List<R> results, Function<R, K> key, Function<R, Errors> error,
                                           Function<R, String> message, String item) {
        if (failure != null) {
            futures.values().forEach(f -> f.completeExceptionally(failure));
            return;
        }
        for (R result : results) {
            CompletableFuture<Void> future = futures.get(key.apply(result));
            if (future == null) {
                continue;
            }
            if (error.apply(result) == Errors.NONE) {
                future.complete(null);
            } else {
                future.completeExceptionally(ApiException.forError(error.apply(result), message.apply(result)));
            }
        }
        futures.values().forEach(f -> f.completeExceptionally(
            ApiException.forError(Errors.UNKNOWN_SERVER_ERROR, "the broker did not answer for this " + item)));
    }
}
