package io.zkafka.clients.admin;

import io.zkafka.common.TopicPartition;
import io.zkafka.common.errors.ApiException;
import io.zkafka.common.protocol.Errors;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Per partition, whether the group's offset was deleted: GROUP_SUBSCRIBED_TO_TOPIC while a member
 * subscribes to its topic; the whole call fails with GROUP_ID_NOT_FOUND for an unknown group.
 */
public class DeleteConsumerGroupOffsetsResult {
    private final CompletableFuture<Map<TopicPartition, Errors>> future;
    private final Set<TopicPartition> partitions;

    public DeleteConsumerGroupOffsetsResult(CompletableFuture<Map<TopicPartition, Errors>> future,
                                            Set<TopicPartition> partitions) {
        this.future = future;
        this.partitions = Set.copyOf(partitions);
    }

    public CompletableFuture<Void> partitionResult(TopicPartition partition) {
        if (!partitions.contains(partition)) {
            throw new IllegalArgumentException("Partition " + partition + " was not included in the original request");
        }
        return future.thenApply(errors -> {
            check(partition, errors.getOrDefault(partition, Errors.UNKNOWN_SERVER_ERROR));
            return null;
        });
    }

    public CompletableFuture<Void> all() {
        return future.thenApply(errors -> {
            partitions.forEach(tp -> check(tp, errors.getOrDefault(tp, Errors.UNKNOWN_SERVER_ERROR)));
            return null;
        });
    }

    private static void check(TopicPartition partition, Errors error) {
        if (error != Errors.NONE) {
            throw ApiException.forError(error, "deleting the offset of " + partition);
        }
    }
}
