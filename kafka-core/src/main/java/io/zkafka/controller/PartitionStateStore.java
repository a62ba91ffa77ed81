package io.zkafka.controller;

import io.zkafka.common.TopicPartition;
import io.zkafka.coordination.ControllerEpoch;
import io.zkafka.coordination.CoordinationClient;
import io.zkafka.coordination.PartitionState;
import io.zkafka.coordination.UpdateResult;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Where the controller reads and writes partition states: ZooKeeper in a broker
 * ({@link #of(CoordinationClient)}), memory in unit tests. Both calls may throw
 * {@link io.zkafka.coordination.CoordinationException}; a write from a controller that lost its
 * epoch throws {@link io.zkafka.coordination.ControllerMovedException}.
 */
interface PartitionStateStore {

    /** Writes each state if its znode is at the state's version, fenced by {@code epoch}. */
    Map<TopicPartition, UpdateResult> updatePartitionStates(ControllerEpoch epoch, Collection<PartitionState> desired);

    /** The state as stored now. */
    Optional<PartitionState> partitionState(TopicPartition tp);

    /** The states of {@code partitions} as stored now (those without a state left out). */
    default Map<TopicPartition, PartitionState> partitionStates(Collection<TopicPartition> partitions) {
        Map<TopicPartition, PartitionState> states = new LinkedHashMap<>();
        partitions.forEach(tp -> partitionState(tp).ifPresent(state -> states.put(tp, state)));
        return states;
    }

    static PartitionStateStore of(CoordinationClient coordination) {
        return new PartitionStateStore() {
            @Override
            public Map<TopicPartition, UpdateResult> updatePartitionStates(ControllerEpoch epoch,
                                                                           Collection<PartitionState> desired) {
                return coordination.controllerWriter().updatePartitionStates(epoch, desired);
            }

            @Override
            public Optional<PartitionState> partitionState(TopicPartition tp) {
                return coordination.reader().partitionState(tp);
            }

            @Override
            public Map<TopicPartition, PartitionState> partitionStates(Collection<TopicPartition> partitions) {
                return coordination.reader().partitionStates(partitions);
            }
        };
    }
}
