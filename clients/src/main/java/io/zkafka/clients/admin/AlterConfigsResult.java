package io.zkafka.clients.admin;

import io.zkafka.clients.admin.internals.Futures;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** Per resource, whether its configs were changed. */
public class AlterConfigsResult {
    private final Map<ConfigResource, CompletableFuture<Void>> futures;

    public AlterConfigsResult(Map<ConfigResource, CompletableFuture<Void>> futures) {
        this.futures = Map.copyOf(futures);
    }

    public Map<ConfigResource, CompletableFuture<Void>> values() {
        return futures;
    }

    public CompletableFuture<Void> all() {
        return Futures.allOf(futures);
    }
}
