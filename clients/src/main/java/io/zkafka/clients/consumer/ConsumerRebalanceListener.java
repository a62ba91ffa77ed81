package io.zkafka.clients.consumer;

import io.zkafka.common.TopicPartition;
import java.util.Collection;

/**
 * Told on the polling thread, inside {@code poll}, when the group takes partitions away (before the
 * rejoin, so offsets can be committed) and gives partitions (after the new assignment arrives).
 */
public interface ConsumerRebalanceListener {
    void onPartitionsRevoked(Collection<TopicPartition> partitions);

    void onPartitionsAssigned(Collection<TopicPartition> partitions);

    /** Partitions lost without a clean revoke (the member was dropped); defaults to a revoke. */
    default void onPartitionsLost(Collection<TopicPartition> partitions) {
        onPartitionsRevoked(partitions);
    }
}
