package io.zkafka.clients.admin;

import io.zkafka.common.Node;
import java.util.Collection;
import java.util.concurrent.CompletableFuture;

/** The live brokers, the controller and the cluster id. */
public class DescribeClusterResult {
    private final CompletableFuture<Collection<Node>> nodes;
    private final CompletableFuture<Node> controller;
    private final CompletableFuture<String> clusterId;

    public DescribeClusterResult(CompletableFuture<Collection<Node>> nodes, CompletableFuture<Node> controller,
                                 CompletableFuture<String> clusterId) {
        this.nodes = nodes;
        this.controller = controller;
        this.clusterId = clusterId;
    }

    public CompletableFuture<Collection<Node>> nodes() {
        return nodes;
    }

    /** The controller, or null when there is none right now. */
    public CompletableFuture<Node> controller() {
        return controller;
    }

    public CompletableFuture<String> clusterId() {
        return clusterId;
    }
}
