package io.zkafka.clients.admin;

import io.zkafka.clients.admin.internals.Futures;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** Per topic, whether it was created. */
public class CreateTopicsResult {
    private final Map<String, CompletableFuture<Void>> futures;

    public CreateTopicsResult(Map<String, CompletableFuture<Void>> futures) {
        this.futures = Map.copyOf(futures);
    }

    public Map<String, CompletableFuture<Void>> values() {
        return futures;
    }

    /** Succeeds when every topic was created; fails with the first topic's error. */
    public CompletableFuture<Void> all() {
        return Futures.allOf(futures);
    }
}
