package io.zkafka.clients.admin;

import io.zkafka.clients.consumer.OffsetAndMetadata;
import io.zkafka.common.TopicPartition;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** The committed offsets of a group: only partitions with a committed offset appear. */
public class ListConsumerGroupOffsetsResult {
    private final CompletableFuture<Map<TopicPartition, OffsetAndMetadata>> future;

    public ListConsumerGroupOffsetsResult(CompletableFuture<Map<TopicPartition, OffsetAndMetadata>> future) {
        this.future = future;
    }

    public CompletableFuture<Map<TopicPartition, OffsetAndMetadata>> partitionsToOffsetAndMetadata() {
        return future;
    }
}
