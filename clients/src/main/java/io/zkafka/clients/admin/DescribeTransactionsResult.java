package io.zkafka.clients.admin;

import io.zkafka.clients.admin.internals.Futures;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** Per transactional id, its description from its coordinator. */
public class DescribeTransactionsResult {
    private final Map<String, CompletableFuture<TransactionDescription>> futures;

    public DescribeTransactionsResult(Map<String, CompletableFuture<TransactionDescription>> futures) {
        this.futures = Map.copyOf(futures);
    }

    /** The description of one of the ids asked for. */
    public CompletableFuture<TransactionDescription> description(String transactionalId) {
        CompletableFuture<TransactionDescription> future = futures.get(transactionalId);
        if (future == null) {
            throw new IllegalArgumentException("Transactional id " + transactionalId + " was not among those described");
        }
        return future;
    }

    public CompletableFuture<Map<String, TransactionDescription>> all() {
        return Futures.allValues(futures);
    }
}
