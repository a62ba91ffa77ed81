package io.zkafka.coordination;

import io.zkafka.common.TopicPartition;
import java.util.Set;

/**
 * One sequential znode under {@code /isr_change_notification}: its name (for deletion once handled)
 * and the partitions whose ISR a leader changed. Immutable.
 */
public record IsrChangeNotification(String name, Set<TopicPartition> partitions) {
    public IsrChangeNotification {
        partitions = Set.copyOf(partitions);
    }
}
