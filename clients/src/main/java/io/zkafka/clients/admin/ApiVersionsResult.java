package io.zkafka.clients.admin;

import io.zkafka.clients.admin.internals.Futures;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** Per broker, the APIs it speaks with their version ranges, from {@link Admin#apiVersions}. */
public class ApiVersionsResult {
    /** One API a broker speaks: its key and its oldest and latest version. */
    public record ApiVersionRange(short apiKey, short minVersion, short maxVersion) {
    }

    private final Map<Integer, CompletableFuture<List<ApiVersionRange>>> futures;

    public ApiVersionsResult(Map<Integer, CompletableFuture<List<ApiVersionRange>>> futures) {
        this.futures = Map.copyOf(futures);
    }

    public Map<Integer, CompletableFuture<List<ApiVersionRange>>> versions() {
        return futures;
    }

    public CompletableFuture<Void> all() {
        return Futures.allOf(futures);
    }
}
