package io.zkafka.clients.admin;

import io.zkafka.clients.admin.internals.Futures;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** Per topic, whether it was deleted. */
public class DeleteTopicsResult {
    private final Map<String, CompletableFuture<Void>> futures;

    public DeleteTopicsResult(Map<String, CompletableFuture<Void>> futures) {
        this.futures = Map.copyOf(futures);
    }

    public Map<String, CompletableFuture<Void>> topicNameValues() {
        return futures;
    }

    public Map<String, CompletableFuture<Void>> values() {
        return futures;
    }

    public CompletableFuture<Void> all() {
        return Futures.allOf(futures);
    }
}
