package io.zkafka.clients.admin;

import io.zkafka.clients.admin.internals.Futures;
import io.zkafka.common.TopicPartition;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** Per partition, whether its reassignment was started (or cancelled). */
public class AlterPartitionReassignmentsResult {
    private final Map<TopicPartition, CompletableFuture<Void>> futures;

    public AlterPartitionReassignmentsResult(Map<TopicPartition, CompletableFuture<Void>> futures) {
        this.futures = Map.copyOf(futures);
    }

    public Map<TopicPartition, CompletableFuture<Void>> values() {
        return futures;
    }

    public CompletableFuture<Void> all() {
        return Futures.allOf(futures);
    }
}
