package io.zkafka.clients.admin;

import io.zkafka.common.TopicPartition;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/** Per partition, empty when its election succeeded, else the error (ElectionNotNeeded and others). */
public class ElectLeadersResult {
    private final CompletableFuture<Map<TopicPartition, Optional<Throwable>>> partitions;

    public ElectLeadersResult(CompletableFuture<Map<TopicPartition, Optional<Throwable>>> partitions) {
        this.partitions = partitions;
    }

    public CompletableFuture<Map<TopicPartition, Optional<Throwable>>> partitions() {
        return partitions;
    }

    /** Completes when every election succeeded; fails with the first partition's error otherwise. */
    public CompletableFuture<Void> all() {
        return partitions.thenApply(results -> {
            for (Optional<Throwable> error : results.values()) {
                if (error.isPresent()) {
                    throw new CompletionException(error.get());
                }
            }
            return null;
        });
    }
}
