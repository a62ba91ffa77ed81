package io.zkafka.clients.admin;

import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/** The topics of the cluster. */
public class ListTopicsResult {
    private final CompletableFuture<Map<String, TopicListing>> future;

    public ListTopicsResult(CompletableFuture<Map<String, TopicListing>> future) {
        this.future = future;
    }

    public CompletableFuture<Map<String, TopicListing>> namesToListings() {
        return future;
    }

    public CompletableFuture<Collection<TopicListing>> listings() {
        return future.thenApply(Map::values);
    }

    public CompletableFuture<Set<String>> names() {
        return future.thenApply(Map::keySet);
    }
}
