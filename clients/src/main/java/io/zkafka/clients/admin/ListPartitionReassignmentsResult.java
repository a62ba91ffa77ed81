package io.zkafka.clients.admin;

import io.zkafka.common.TopicPartition;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** The reassignments in progress, by partition. */
public class ListPartitionReassignmentsResult {
    private final CompletableFuture<Map<TopicPartition, PartitionReassignment>> reassignments;

    public ListPartitionReassignmentsResult(CompletableFuture<Map<TopicPartition, PartitionReassignment>> reassignments) {
        this.reassignments = reassignments;
    }

    public CompletableFuture<Map<TopicPartition, PartitionReassignment>> reassignments() {
        return reassignments;
    }
}
