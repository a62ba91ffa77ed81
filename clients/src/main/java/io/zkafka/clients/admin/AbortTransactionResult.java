package io.zkafka.clients.admin;

import java.util.concurrent.CompletableFuture;

/** Completes once the partition's leader has written the abort marker and its in-sync replicas have it. */
public class AbortTransactionResult {
    private final CompletableFuture<Void> future;

    public AbortTransactionResult(CompletableFuture<Void> future) {
        this.future = future;
    }

    public CompletableFuture<Void> all() {
        return future;
    }
}
