package io.zkafka.clients.admin;

import io.zkafka.clients.admin.internals.Futures;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** Per broker, its log dirs by path, from {@link Admin#describeLogDirs}. */
public class DescribeLogDirsResult {
    private final Map<Integer, CompletableFuture<Map<String, LogDirDescription>>> futures;

    public DescribeLogDirsResult(Map<Integer, CompletableFuture<Map<String, LogDirDescription>>> futures) {
        this.futures = Map.copyOf(futures);
    }

    public Map<Integer, CompletableFuture<Map<String, LogDirDescription>>> descriptions() {
        return futures;
    }

    public CompletableFuture<Void> all() {
        return Futures.allOf(futures);
    }
}
