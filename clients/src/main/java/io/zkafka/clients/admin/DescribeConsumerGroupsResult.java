package io.zkafka.clients.admin;

import io.zkafka.clients.admin.internals.Futures;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** Per group, its description (a group nobody coordinates is described with state Dead). */
public class DescribeConsumerGroupsResult {
    private final Map<String, CompletableFuture<ConsumerGroupDescription>> futures;

    public DescribeConsumerGroupsResult(Map<String, CompletableFuture<ConsumerGroupDescription>> futures) {
        this.futures = Map.copyOf(futures);
    }

    public Map<String, CompletableFuture<ConsumerGroupDescription>> describedGroups() {
        return futures;
    }

    public CompletableFuture<Map<String, ConsumerGroupDescription>> all() {
        return Futures.allValues(futures);
    }
}
