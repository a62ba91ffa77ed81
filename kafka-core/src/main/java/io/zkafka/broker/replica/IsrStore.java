package io.zkafka.broker.replica;

import io.zkafka.common.TopicPartition;
import io.zkafka.coordination.IsrWriter;
import io.zkafka.coordination.PartitionState;
import io.zkafka.coordination.UpdateResult;
import java.util.Set;

/**
 * Where a leader's ISR changes go: ZooKeeper's partition state znodes in a broker
 * ({@link #of(IsrWriter)}), memory in unit tests. Both calls may throw
 * {@link io.zkafka.coordination.CoordinationException}.
 */
public interface IsrStore {

    /** Writes {@code desired} if its znode is still at {@code desired.zkVersion()}. */
    UpdateResult updateIsr(PartitionState desired);

    /** Tells the controller that the ISRs of {@code partitions} changed. */
    void notifyIsrChange(Set<TopicPartition> partitions);

    static IsrStore of(IsrWriter writer) {
        return new IsrStore() {
            @Override
            public UpdateResult updateIsr(PartitionState desired) {
                return writer.updateIsr(desired);
            }

            @Override
            public void notifyIsrChange(Set<TopicPartition> partitions) {
                writer.notifyIsrChange(partitions);
            }
        };
    }
}
