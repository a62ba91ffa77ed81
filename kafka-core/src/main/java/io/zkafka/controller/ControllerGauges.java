package io.zkafka.controller;

import io.zkafka.coordination.LeaderAndIsr;
import io.zkafka.coordination.PartitionState;
import io.zkafka.coordination.TopicAssignment;
import io.zkafka.metadata.MetadataCache;

/** The controller's gauges, computed from a metadata image when read. Stateless. */
final class ControllerGauges {
    private ControllerGauges() {
    }

    /** Partitions without a live leader. */
    static int offlinePartitions(MetadataCache.Image image) {
        int offline = 0;
        for (PartitionState state : image.states().values()) {
            int leader = state.leaderAndIsr().leader();
            if (leader == LeaderAndIsr.NO_LEADER || !image.brokers().containsKey(leader)) {
                offline++;
            }
        }
        return offline;
    }

    /** Partitions led by another broker than their preferred (first assigned) replica. */
    static int preferredReplicaImbalance(MetadataCache.Image image) {
        int imbalanced = 0;
        for (PartitionState state : image.states().values()) {
            TopicAssignment assignment = image.assignments().get(state.partition().topic());
            if (assignment != null && assignment.partitions().containsKey(state.partition().partition())
                    && assignment.replicas(state.partition().partition()).get(0) != state.leaderAndIsr().leader()) {
                imbalanced++;
            }
        }
        return imbalanced;
    }
}
