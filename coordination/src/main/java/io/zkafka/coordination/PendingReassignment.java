package io.zkafka.coordination;

import io.zkafka.common.TopicPartition;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The content of {@code /admin/reassign_partitions}: target replicas per partition, and the znode version. */
public record PendingReassignment(Map<TopicPartition, List<Integer>> targets, int zkVersion) {
    public PendingReassignment {
        LinkedHashMap<TopicPartition, List<Integer>> copy = new LinkedHashMap<>();
        targets.forEach((tp, replicas) -> copy.put(tp, List.copyOf(replicas)));
        targets = Collections.unmodifiableMap(copy);
    }
}
