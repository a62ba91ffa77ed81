package io.zkafka.clients.admin;

import io.zkafka.clients.admin.internals.Futures;
import io.zkafka.common.TopicPartition;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** Per partition, the producers its replica keeps state for. */
public class DescribeProducersResult {
    private final Map<TopicPartition, CompletableFuture<PartitionProducerState>> futures;

    public DescribeProducersResult(Map<TopicPartition, CompletableFuture<PartitionProducerState>> futures) {
        this.futures = Map.copyOf(futures);
    }

    /** The state of one of the partitions asked for. */
    public CompletableFuture<PartitionProducerState> partitionResult(TopicPartition partition) {
        CompletableFuture<PartitionProducerState> future = futures.get(partition);
        if (future == null) {
            throw new IllegalArgumentException("Partition " + partition + " was not among the partitions described");
        }
        return future;
    }

    public CompletableFuture<Map<TopicPartition, PartitionProducerState>> all() {
        return Futures.allValues(futures);
    }

    /** The producers one partition keeps state for. Immutable. */
    public static class PartitionProducerState {
        private final List<ProducerState> activeProducers;

        public PartitionProducerState(List<ProducerState> activeProducers) {
            this.activeProducers = List.copyOf(activeProducers);
        }

        public List<ProducerState> activeProducers() {
            return activeProducers;
        }

        @Override
        public String toString() {
            return "PartitionProducerState(activeProducers=" + activeProducers + ")";
        }
    }
}
