package io.zkafka.clients.admin;

import io.zkafka.clients.admin.internals.Futures;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** Per group, whether it was deleted (fails with NON_EMPTY_GROUP or GROUP_ID_NOT_FOUND otherwise). */
public class DeleteConsumerGroupsResult {
    private final Map<String, CompletableFuture<Void>> futures;

    public DeleteConsumerGroupsResult(Map<String, CompletableFuture<Void>> futures) {
        this.futures = Map.copyOf(futures);
    }

    public Map<String, CompletableFuture<Void>> deletedGroups() {
        return futures;
    }

    public CompletableFuture<Void> all() {
        return Futures.allOf(futures);
    }
}
