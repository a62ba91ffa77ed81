package io.zkafka.clients.admin;

import io.zkafka.clients.admin.internals.AdminCallRunner;
import io.zkafka.clients.admin.internals.CoordinatorCallRunner;
import io.zkafka.clients.admin.internals.CoordinatorCallRunner.CoordinatorKey;
import io.zkafka.clients.admin.internals.WholeResponseCall;
import io.zkafka.clients.internals.ClientUtils;
import io.zkafka.clients.internals.Metadata;
import io.zkafka.common.Node;
import io.zkafka.common.TopicPartition;
import io.zkafka.common.errors.ApiException;
import io.zkafka.common.message.DescribeTransactionsRequest;
import io.zkafka.common.message.DescribeTransactionsResponse;
import io.zkafka.common.message.InitProducerIdRequest;
import io.zkafka.common.message.InitProducerIdResponse;
import io.zkafka.common.message.ListTransactionsRequest;
import io.zkafka.common.message.ListTransactionsResponse;
import io.zkafka.common.message.WriteTxnMarkersRequest;
import io.zkafka.common.message.WriteTxnMarkersResponse;
import io.zkafka.common.protocol.Errors;
import io.zkafka.common.protocol.Message;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * The transaction operations of {@link KafkaAdminClient}, as Kafka's admin (KIP-664): producer state
 * from partition leaders or a chosen broker ({@link ProducerStateLookup}), listings from every broker, descriptions and fencing
 * from each transactional id's coordinator, and aborts as an abort marker written by the partition's
 * leader (WriteTxnMarkers, as a coordinator would). Thread-safe; futures complete on the network I/O
 * thread.
 */
final class TransactionAdmin {
    private final Metadata metadata;
    private final AdminCallRunner runner;
    private final CoordinatorCallRunner coordinators;
    private final LongSupplier deadline;
    private final int defaultFenceTimeoutMs;
    private final ProducerStateLookup producerStates;

    /** @param requestTimeoutMs bounds a call's first round, and is the fencing timeout unless the options give one */
    TransactionAdmin(Metadata metadata, AdminCallRunner runner, CoordinatorCallRunner coordinators,
                     LongSupplier deadline, int requestTimeoutMs) {
        this.metadata = metadata;
        this.runner = runner;
        this.coordinators = coordinators;
        this.deadline = deadline;
        this.defaultFenceTimeoutMs = requestTimeoutMs;
        this.producerStates = new ProducerStateLookup(metadata, runner, requestTimeoutMs, deadline);
    }

    DescribeProducersResult describeProducers(Collection<TopicPartition> partitions, DescribeProducersOptions options) {
        return producerStates.describe(partitions, options);
    }

    /**
     * The reason to ask the leader again (it moved, or metadata is behind), or a failure thrown for
     * an error that asking again cannot mend.
     */
    private static String retryOrFail(Errors error, String message, TopicPartition tp, boolean followLeader) {
        boolean leaderMoved = error == Errors.NOT_LEADER_OR_FOLLOWER || error == Errors.LEADER_NOT_AVAILABLE;
        if (followLeader && leaderMoved) {
            return tp + ": " + error;
        }
        throw ApiException.forError(error, "partition " + tp + (message == null ? "" : ": " + message));
    }

    ListTransactionsResult listTransactions(ListTransactionsOptions options) {
        long deadlineMs = deadline.getAsLong();
        ListTransactionsRequest request = new ListTransactionsRequest(
            options.filteredStates().stream().map(TransactionState::toString).sorted().toList(),
            options.filteredProducerIds().stream().sorted().toList(), options.filteredDuration());
        CompletableFuture<Map<Integer, CompletableFuture<Collection<TransactionListing>>>> byBroker =
            metadata.refresh().thenApply(cluster -> {
                Map<Integer, CompletableFuture<Collection<TransactionListing>>> answers = new TreeMap<>();
                for (Node node : cluster.nodes()) {
                    WholeResponseCall<ListTransactionsResponse> call = new WholeResponseCall<>("listTransactions",
                        () -> request, response -> response.error().isRetriable()
                            ? "broker " + node.id() + " answered " + response.error() : null);
                    runner.run(call, c -> node.address(), deadlineMs);
                    answers.put(node.id(), call.future().thenApply(response -> listings(node, response)));
                }
                return answers;
            });
        return new ListTransactionsResult(byBroker.exceptionallyCompose(e ->
            CompletableFuture.failedFuture(ClientUtils.unwrap(e))));
    }

    private static Collection<TransactionListing> listings(Node node, ListTransactionsResponse response) {
        if (response.error() != Errors.NONE) {
            throw ApiException.forError(response.error(), "listing the transactions of broker " + node.id());
        }
        return response.transactionStates().stream().map(t -> new TransactionListing(t.transactionalId(),
            t.producerId(), TransactionState.parse(t.transactionState()))).toList();
    }

    DescribeTransactionsResult describeTransactions(Collection<String> transactionalIds) {
        Map<String, CompletableFuture<TransactionDescription>> futures = new LinkedHashMap<>();
        for (String id : new LinkedHashSet<>(transactionalIds)) {
            futures.put(id, coordinators.<DescribeTransactionsResponse>call("describeTransactions",
                CoordinatorKey.transaction(id), () -> new DescribeTransactionsRequest(List.of(id)),
                response -> stateOf(response, id).error(), deadline.getAsLong()).thenApply(reply -> {
                    DescribeTransactionsResponse.TransactionState state = stateOf(reply.response(), id);
                    if (state.error() != Errors.NONE) {
                        throw ApiException.forError(state.error(), "transactional id " + id);
                    }
                    return description(reply.coordinator().id(), state);
                }));
        }
        return new DescribeTransactionsResult(futures);
    }

    private static DescribeTransactionsResponse.TransactionState stateOf(DescribeTransactionsResponse response,
                                                                         String id) {
        return response.transactionStates().stream().filter(s -> id.equals(s.transactionalId())).findFirst()
            .orElse(DescribeTransactionsResponse.TransactionState.error(id, Errors.UNKNOWN_SERVER_ERROR));
    }

    private static TransactionDescription description(int coordinatorId,
                                                      DescribeTransactionsResponse.TransactionState state) {
        Set<TopicPartition> partitions = new HashSet<>();
        state.topics().forEach(t -> t.partitions().forEach(p -> partitions.add(new TopicPartition(t.topic(), p))));
        return new TransactionDescription(coordinatorId, TransactionState.parse(state.transactionState()),
            state.producerId(), state.producerEpoch(), state.transactionTimeoutMs(),
            state.transactionStartTimeMs() < 0 ? OptionalLong.empty() : OptionalLong.of(state.transactionStartTimeMs()),
            partitions);
    }

    AbortTransactionResult abortTransaction(AbortTransactionSpec spec) {
        TopicPartition tp = spec.topicPartition();
        CompletableFuture<Void> future = new CompletableFuture<>();
        metadata.add(tp.topic());
        WriteTxnMarkersRequest request = new WriteTxnMarkersRequest(List.of(new WriteTxnMarkersRequest.TxnMarker(
            spec.producerId(), spec.producerEpoch(), false, spec.coordinatorEpoch(), List.of(tp))));
        runner.run(new PartitionCall<WriteTxnMarkersResponse>("abortTransaction", future::completeExceptionally) {
            @Override
            public Message request() {
                return request;
            }

            @Override
            public String handle(WriteTxnMarkersResponse response) {
                Errors error = response.markers().stream().filter(m -> m.producerId() == spec.producerId())
                    .flatMap(m -> m.partitions().stream()).filter(p -> p.partition().equals(tp))
                    .map(WriteTxnMarkersResponse.PartitionError::error).findFirst().orElse(null);
                if (error == null) {
                    return "no answer for " + tp;
                }
                if (error != Errors.NONE) {
                    return retryOrFail(error, "aborting the transaction of producer " + spec.producerId()
                        + " (epoch " + spec.producerEpoch() + ", coordinator epoch " + spec.coordinatorEpoch() + ")", tp,
                        true);
                }
                future.complete(null);
                return null;
            }
        }, cluster -> ProducerStateLookup.leaderOrAnyBroker(cluster, tp), deadline.getAsLong());
        return new AbortTransactionResult(future);
    }

    FenceProducersResult fenceProducers(Collection<String> transactionalIds, FenceProducersOptions options) {
        int timeoutMs = options.timeoutMs() == null ? defaultFenceTimeoutMs : options.timeoutMs();
        Map<String, CompletableFuture<FenceProducersResult.ProducerIdAndEpoch>> futures = new LinkedHashMap<>();
        for (String id : new LinkedHashSet<>(transactionalIds)) {
            // no current producer id or epoch: the coordinator bumps the epoch, aborting any open transaction
            // (answering CONCURRENT_TRANSACTIONS until the abort is written, which the runner retries)
            InitProducerIdRequest request = new InitProducerIdRequest(id, timeoutMs,
                InitProducerIdRequest.NO_PRODUCER_ID, InitProducerIdRequest.NO_PRODUCER_EPOCH);
            futures.put(id, coordinators.<InitProducerIdResponse>call("fenceProducers", CoordinatorKey.transaction(id),
                () -> request, InitProducerIdResponse::error, deadline.getAsLong()).thenApply(reply -> {
                    InitProducerIdResponse response = reply.response();
                    if (response.error() != Errors.NONE) {
                        throw ApiException.forError(response.error(), "fencing transactional id " + id
                            + (response.errorMessage() == null ? "" : ": " + response.errorMessage()));
                    }
                    return new FenceProducersResult.ProducerIdAndEpoch(response.producerId(), response.producerEpoch());
                }));
        }
        return new FenceProducersResult(futures);
    }

    /** A call about one partition whose failure fails one future. */
    private abstract static class PartitionCall<R extends Message> implements AdminCallRunner.Call<R> {
        private final String name;
        private final Consumer<RuntimeException> onFailure;

        PartitionCall(String name, Consumer<RuntimeException> onFailure) {
            this.name = name;
            this.onFailure = onFailure;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public void fail(RuntimeException error) {
            onFailure.accept(error);
        }
    }
}
