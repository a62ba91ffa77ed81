package io.zkafka.coordination;

import io.zkafka.common.TopicPartition;
import java.util.Objects;

/**
 * A partition state znode as read: its content and the znode version to condition the next write
 * on. As the argument of a write, {@code zkVersion} is the version the write expects. Immutable.
 */
public record PartitionState(TopicPartition partition, LeaderAndIsr leaderAndIsr, int zkVersion) {
    public PartitionState {
        Objects.requireNonNull(partition, "partition");
        Objects.requireNonNull(leaderAndIsr, "leaderAndIsr");
    }

    /** A desired new content conditioned on this state's version: what a versioned write takes. */
    public PartitionState withLeaderAndIsr(LeaderAndIsr newLeaderAndIsr) {
        return new PartitionState(partition, newLeaderAndIsr, zkVersion);
    }
}
