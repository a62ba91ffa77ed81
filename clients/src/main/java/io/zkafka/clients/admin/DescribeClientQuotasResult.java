package io.zkafka.clients.admin;

import io.zkafka.common.quota.ClientQuotaEntity;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** The entities a filter matched, each with its quotas by key (bytes per second for the byte rates). */
public class DescribeClientQuotasResult {
    private final CompletableFuture<Map<ClientQuotaEntity, Map<String, Double>>> entities;

    public DescribeClientQuotasResult(CompletableFuture<Map<ClientQuotaEntity, Map<String, Double>>> entities) {
        this.entities = entities;
    }

    public CompletableFuture<Map<ClientQuotaEntity, Map<String, Double>>> entities() {
        return entities;
    }
}
