package io.zkafka.clients.admin;

import io.zkafka.common.TopicPartition;
import io.zkafka.common.errors.ApiException;
import io.zkafka.common.protocol.Errors;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** Per partition, whether its new offset was committed (UNKNOWN_MEMBER_ID while the group has members). */
public class AlterConsumerGroupOffsetsResult {
    private final CompletableFuture<Map<TopicPartition, Errors>> future;

    public AlterConsumerGroupOffsetsResult(CompletableFuture<Map<TopicPartition, Errors>> future) {
        this.future = future;
    }

    public CompletableFuture<Void> partitionResult(TopicPartition partition) {
        return future.thenApply(errors -> {
            Errors error = errors.get(partition);
            if (error == null) {
                throw new IllegalArgumentException("Offset for partition \"" + partition + "\" was not altered");
            }
            if (error != Errors.NONE) {
                throw ApiException.forError(error, "committing the offset of " + partition);
            }
            return null;
        });
    }

    public CompletableFuture<Void> all() {
        return future.thenApply(errors -> {
            errors.forEach((partition, error) -> {
                if (error != Errors.NONE) {
                    throw ApiException.forError(error, "committing the offset of " + partition);
                }
            });
            return null;
        });
    }
}
