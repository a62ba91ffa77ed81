package io.zkafka.clients.admin;

import io.zkafka.clients.admin.internals.Futures;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** Per topic, its description (or why there is none: an unknown topic fails its future). */
public class DescribeTopicsResult {
    private final Map<String, CompletableFuture<TopicDescription>> futures;

    public DescribeTopicsResult(Map<String, CompletableFuture<TopicDescription>> futures) {
        this.futures = Map.copyOf(futures);
    }

    public Map<String, CompletableFuture<TopicDescription>> topicNameValues() {
        return futures;
    }

    public Map<String, CompletableFuture<TopicDescription>> values() {
        return futures;
    }

    public CompletableFuture<Map<String, TopicDescription>> allTopicNames() {
        return Futures.allValues(futures);
    }

    public CompletableFuture<Map<String, TopicDescription>> all() {
        return allTopicNames();
    }
}
