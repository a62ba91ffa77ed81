package io.zkafka.clients.admin;

import io.zkafka.clients.admin.internals.AdminCallRunner;
import io.zkafka.clients.internals.Metadata;
import io.zkafka.common.TopicPartition;
import io.zkafka.common.errors.ApiException;
import io.zkafka.common.message.DeleteRecordsRequest;
import io.zkafka.common.message.DeleteRecordsResponse;
import io.zkafka.common.protocol.Errors;
import io.zkafka.common.protocol.Message;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongSupplier;

/**
 * {@link Admin#deleteRecords}: one DeleteRecords request per partition to its leader, as metadata
 * has it, following the leader when it moves until the call's deadline. Thread-safe; futures
 * complete on the network I/O thread.
 */
final class RecordsDeletion {
    private final Metadata metadata;
    private final AdminCallRunner runner;
    private final int timeoutMs;
    private final LongSupplier deadline;

    RecordsDeletion(Metadata metadata, AdminCallRunner runner, int timeoutMs, LongSupplier deadline) {
        this.metadata = metadata;
        this.runner = runner;
        this.timeoutMs = timeoutMs;
        this.deadline = deadline;
    }

    DeleteRecordsResult delete(Map<TopicPartition, RecordsToDelete> recordsToDelete) {
        Map<TopicPartition, CompletableFuture<DeletedRecords>> futures = new LinkedHashMap<>();
        recordsToDelete.keySet().forEach(tp -> futures.put(tp, new CompletableFuture<>()));
        futures.keySet().forEach(tp -> metadata.add(tp.topic()));
        long deadlineMs = deadline.getAsLong();
        recordsToDelete.forEach((tp, records) -> runner.run(new Deletion(tp, records.beforeOffset(), futures.get(tp)),
            cluster -> ProducerStateLookup.leaderOrAnyBroker(cluster, tp), deadlineMs));
        return new DeleteRecordsResult(futures);
    }

    private final class Deletion implements AdminCallRunner.Call<DeleteRecordsResponse> {
        private final TopicPartition tp;
        private final long offset;
        private final CompletableFuture<DeletedRecords> future;

        Deletion(TopicPartition tp, long offset, CompletableFuture<DeletedRecords> future) {
            this.tp = tp;
            this.offset = offset;
            this.future = future;
        }

        @Override
        public String name() {
            return "deleteRecords";
        }

        @Override
        public Message request() {
            return new DeleteRecordsRequest(List.of(new DeleteRecordsRequest.DeleteTopic(tp.topic(), List.of(
                new DeleteRecordsRequest.DeletePartition(tp.partition(), offset)))), timeoutMs);
        }

        @Override
        public String handle(DeleteRecordsResponse response) {
            for (DeleteRecordsResponse.TopicResponse topic : response.topics()) {
                for (DeleteRecordsResponse.PartitionResponse answer : topic.partitions()) {
                    if (!topic.name().equals(tp.topic()) || answer.partition() != tp.partition()) {
                        continue;
                    }
                    if (answer.error() == Errors.NONE) {
                        future.complete(new DeletedRecords(answer.lowWatermark()));
                        return null;
                    }
                    if (answer.error() == Errors.NOT_LEADER_OR_FOLLOWER || answer.error() == Errors.LEADER_NOT_AVAILABLE) {
                        return tp + ": " + answer.error();
                    }
                    future.completeExceptionally(ApiException.forError(answer.error(), "partition " + tp
                        + (answer.errorMessage() == null ? "" : ": " + answer.errorMessage())));
                    return null;
                }
            }
            return "no answer for " + tp;
        }

        @Override
        public void fail(RuntimeException error) {
            future.completeExceptionally(error);
        }
    }
}
