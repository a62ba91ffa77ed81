package io.zkafka.coordination;

import io.zkafka.common.TopicPartition;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The content of {@code /admin/reassign_partitions}: target replicas per partition, the replicas
 * each partition had before (where the writer recorded them; the controller does, so that a cancel
 * can revert after a failover), and the znode version ({@link #NO_NODE} for none). Immutable.
 */
public record PendingReassignment(Map<TopicPartition, List<Integer>> targets,
                                  Map<TopicPartition, List<Integer>> originals, int zkVersion) {
    /** The version of a reassignment znode that does not exist. */
    public static final int NO_NODE = -1;

    public PendingReassignment {
        targets = copy(targets);
        originals = copy(originals);
    }

    public PendingReassignment(Map<TopicPartition, List<Integer>> targets, int zkVersion) {
        this(targets, Map.of(), zkVersion);
    }

    private static Map<TopicPartition, List<Integer>> copy(Map<TopicPartition, List<Integer>> map) {
        LinkedHashMap<TopicPartition, List<Integer>> copy = new LinkedHashMap<>();
        map.forEach((tp, replicas) -> copy.put(tp, List.copyOf(replicas)));
        return Collections.unmodifiableMap(copy);
    }
}
