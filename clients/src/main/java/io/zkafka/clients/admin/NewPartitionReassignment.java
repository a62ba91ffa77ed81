package io.zkafka.clients.admin;

import java.util.List;

/** The replicas a partition should move to; the first is its preferred leader. Immutable. */
public record NewPartitionReassignment(List<Integer> targetReplicas) {
    public NewPartitionReassignment {
        targetReplicas = List.copyOf(targetReplicas);
    }
}
