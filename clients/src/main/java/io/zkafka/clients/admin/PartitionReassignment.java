package io.zkafka.clients.admin;

import java.util.List;

/**
 * A reassignment in progress: the partition's replicas now, those being added and those that
 * leave once the new ones are in sync. Immutable.
 */
public record PartitionReassignment(List<Integer> replicas, List<Integer> addingReplicas,
                                    List<Integer> removingReplicas) {
    public PartitionReassignment {
        replicas = List.copyOf(replicas);
        addingReplicas = List.copyOf(addingReplicas);
        removingReplicas = List.copyOf(removingReplicas);
    }
}
