package io.zkafka.clients.admin.internals;

import io.zkafka.common.errors.ApiException;
import io.zkafka.common.protocol.Errors;
import io.zkafka.common.protocol.Message;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * An admin call over several items (topics, config resources) answered one result per item.
 * Items answered with NOT_CONTROLLER, or not answered, are asked again; any other error fails
 * that item's future with an exception naming the item.
 *
 * <p>Confined to the I/O thread once running (the runner calls it there one step at a time).
 */
public final class KeyedCall<K, V, R extends Message> implements AdminCallRunner.Call<R> {

    /** One item's answer. */
    public record ItemResult<V>(V value, Errors error, String message) {
        public static <V> ItemResult<V> ok(V value) {
            return new ItemResult<>(value, Errors.NONE, null);
        }
    }

    private final String name;
    private final Map<K, CompletableFuture<V>> pending;
    private final Function<Set<K>, Message> requestFor;
    private final Function<R, Map<K, ItemResult<V>>> resultsOf;
    private final Function<K, String> describe;

    public KeyedCall(String name, Map<K, CompletableFuture<V>> futures, Function<Set<K>, Message> requestFor,
                     Function<R, Map<K, ItemResult<V>>> resultsOf, Function<K, String> describe) {
        this.name = name;
        this.pending = new HashMap<>(futures);
        this.requestFor = requestFor;
        this.resultsOf = resultsOf;
        this.describe = describe;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Message request() {
        return requestFor.apply(Set.copyOf(pending.keySet()));
    }

    @Override
    public String handle(R response) {
        Map<K, ItemResult<V>> results = resultsOf.apply(response);
        String retryReason = null;
        for (K key : Set.copyOf(pending.keySet())) {
            ItemResult<V> result = results.get(key);
            if (result == null) {
                retryReason = "no result for " + describe.apply(key);
            } else if (result.error() == Errors.NONE) {
                pending.remove(key).complete(result.value());
            } else if (result.error() == Errors.NOT_CONTROLLER) {
                retryReason = describe.apply(key) + ": NOT_CONTROLLER";
            } else {
                String detail = describe.apply(key) + (result.message() == null ? "" : ": " + result.message());
                pending.remove(key).completeExceptionally(ApiException.forError(result.error(), detail));
            }
        }
        return pending.isEmpty() ? null : retryReason;
    }

    @Override
    public void fail(RuntimeException error) {
        pending.values().forEach(future -> future.completeExceptionally(error));
        pending.clear();
    }
}
