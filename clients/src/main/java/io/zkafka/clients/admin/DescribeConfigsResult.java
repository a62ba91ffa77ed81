package io.zkafka.clients.admin;

import io.zkafka.clients.admin.internals.Futures;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** Per resource, its configs. */
public class DescribeConfigsResult {
    private final Map<ConfigResource, CompletableFuture<Config>> futures;

    public DescribeConfigsResult(Map<ConfigResource, CompletableFuture<Config>> futures) {
        this.futures = Map.copyOf(futures);
    }

    public Map<ConfigResource, CompletableFuture<Config>> values() {
        return futures;
    }

    public CompletableFuture<Map<ConfigResource, Config>> all() {
        return Futures.allValues(futures);
    }
}
