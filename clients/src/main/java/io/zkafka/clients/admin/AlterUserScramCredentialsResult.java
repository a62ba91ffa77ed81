package io.zkafka.clients.admin;

import io.zkafka.clients.admin.internals.Futures;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** Per user, whether all of its credential changes were made (none are when one is refused). */
public class AlterUserScramCredentialsResult {
    private final Map<String, CompletableFuture<Void>> futures;

    public AlterUserScramCredentialsResult(Map<String, CompletableFuture<Void>> futures) {
        this.futures = Map.copyOf(futures);
    }

    public Map<String, CompletableFuture<Void>> values() {
        return futures;
    }

    public CompletableFuture<Void> all() {
        return Futures.allOf(futures);
    }
}
