package io.zkafka.clients.admin;

import io.zkafka.clients.admin.internals.Futures;
import io.zkafka.common.TopicPartition;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** Per partition, its low watermark after {@link Admin#deleteRecords}, or why the deletion failed. */
public class DeleteRecordsResult {
    private final Map<TopicPartition, CompletableFuture<DeletedRecords>> futures;

    public DeleteRecordsResult(Map<TopicPartition, CompletableFuture<DeletedRecords>> futures) {
        this.futures = Map.copyOf(futures);
    }

    public Map<TopicPartition, CompletableFuture<DeletedRecords>> lowWatermarks() {
        return futures;
    }

    public CompletableFuture<Void> all() {
        return Futures.allOf(futures);
    }
}
