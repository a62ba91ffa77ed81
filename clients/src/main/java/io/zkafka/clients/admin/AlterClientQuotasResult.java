package io.zkafka.clients.admin;

import io.zkafka.clients.admin.internals.Futures;
import io.zkafka.common.quota.ClientQuotaEntity;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** Per entity, whether all of its quota changes were made (none are when one is refused). */
public class AlterClientQuotasResult {
    private final Map<ClientQuotaEntity, CompletableFuture<Void>> futures;

    public AlterClientQuotasResult(Map<ClientQuotaEntity, CompletableFuture<Void>> futures) {
        this.futures = Map.copyOf(futures);
    }

    public Map<ClientQuotaEntity, CompletableFuture<Void>> values() {
        return futures;
    }

    public CompletableFuture<Void> all() {
        return Futures.allOf(futures);
    }
}
