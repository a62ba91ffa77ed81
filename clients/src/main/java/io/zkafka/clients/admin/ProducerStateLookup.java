package io.zkafka.clients.admin;

import io.zkafka.clients.admin.internals.AdminCallRunner;
import io.zkafka.clients.internals.Cluster;
import io.zkafka.clients.internals.Metadata;
import io.zkafka.common.Node;
import io.zkafka.common.TopicPartition;
import io.zkafka.common.errors.ApiException;
import io.zkafka.common.message.DescribeProducersRequest;
import io.zkafka.common.message.DescribeProducersResponse;
import io.zkafka.common.protocol.Errors;
import io.zkafka.common.protocol.Message;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * {@link Admin#describeProducers}: one DescribeProducers request per broker for the partitions it
 * leads (or all to the broker the options name), as metadata has them. A partition whose leader
 * moved, or that the first round could not ask (no leader known, the broker unreachable within
 * {@code request.timeout.ms}), is then asked about alone, following its leader until the call's
 * deadline. Thread-safe; futures complete on the network I/O thread.
 */
final class ProducerStateLookup {
    private final Metadata metadata;
    private final AdminCallRunner runner;
    private final long requestTimeoutMs;
    private final LongSupplier deadline;

    ProducerStateLookup(Metadata metadata, AdminCallRunner runner, long requestTimeoutMs, LongSupplier deadline) {
        this.metadata = metadata;
        this.runner = runner;
        this.requestTimeoutMs = requestTimeoutMs;
        this.deadline = deadline;
    }

    DescribeProducersResult describe(Collection<TopicPartition> partitions, DescribeProducersOptions options) {
        Map<TopicPartition, CompletableFuture<DescribeProducersResult.PartitionProducerState>> futures =
            new LinkedHashMap<>();
        new LinkedHashSet<>(partitions).forEach(tp -> futures.put(tp, new CompletableFuture<>()));
        if (futures.isEmpty()) {
            return new DescribeProducersResult(futures);
        }
        futures.keySet().forEach(tp -> metadata.add(tp.topic()));
        long deadlineMs = deadline.getAsLong();
        metadata.refresh().whenComplete((cluster, error) -> {
            Map<String, Map<TopicPartition, CompletableFuture<DescribeProducersResult.PartitionProducerState>>>
                byBroker = new LinkedHashMap<>();
            futures.forEach((tp, future) -> {
                String target = error == null ? targetOf(options, tp).apply(cluster) : null;
                if (target == null) {
                    askAlone(tp, future, options, deadlineMs);
                } else {
                    byBroker.computeIfAbsent(target, t -> new LinkedHashMap<>()).put(tp, future);
                }
            });
            byBroker.forEach((address, some) -> askTogether(address, some, options, deadlineMs));
        });
        return new DescribeProducersResult(futures);
    }

    private static Function<Cluster, String> targetOf(DescribeProducersOptions options, TopicPartition tp) {
        if (options.brokerId().isPresent()) {
            return cluster -> {
                Node node = cluster.nodeById(options.brokerId().getAsInt());
                return node == null ? null : node.address();
            };
        }
        return cluster -> leaderOrAnyBroker(cluster, tp);
    }

    /** The partition's leader; any broker (to be told the partition does not exist) when metadata says so. */
    static String leaderOrAnyBroker(Cluster cluster, TopicPartition tp) {
        Node leader = cluster.leaderFor(tp);
        if (leader != null) {
            return leader.address();
        }
        Integer count = cluster.partitionCountForTopic(tp.topic());
        boolean missing = cluster.topicError(tp.topic()) == Errors.UNKNOWN_TOPIC_OR_PARTITION
            || count != null && tp.partition() >= count;
        List<Node> nodes = cluster.nodes();
        return missing && !nodes.isEmpty() ? nodes.get(ThreadLocalRandom.current().nextInt(nodes.size())).address()
            : null;
    }

    private void askTogether(String address,
                             Map<TopicPartition, CompletableFuture<DescribeProducersResult.PartitionProducerState>> some,
                             DescribeProducersOptions options, long deadlineMs) {
        long firstRoundDeadlineMs = Math.min(deadlineMs, System.currentTimeMillis() + requestTimeoutMs);
        runner.run(new Lookup(some, options, deadlineMs), cluster -> address, firstRoundDeadlineMs);
    }

    private void askAlone(TopicPartition tp, CompletableFuture<DescribeProducersResult.PartitionProducerState> future,
                          DescribeProducersOptions options, long deadlineMs) {
        runner.run(new Lookup(Map.of(tp, future), options, -1), targetOf(options, tp), deadlineMs);
    }

    /**
     * DescribeProducers for the partitions still pending. A lookup with a fallback deadline is a
     * first round: what it cannot settle is asked about alone; without one, it is that lone ask.
     */
    private final class Lookup implements AdminCallRunner.Call<DescribeProducersResponse> {
        private final Map<TopicPartition, CompletableFuture<DescribeProducersResult.PartitionProducerState>> pending;
        private final DescribeProducersOptions options;
        private final long fallbackDeadlineMs;

        Lookup(Map<TopicPartition, CompletableFuture<DescribeProducersResult.PartitionProducerState>> partitions,
               DescribeProducersOptions options, long fallbackDeadlineMs) {
            this.pending = new LinkedHashMap<>(partitions);
            this.options = options;
            this.fallbackDeadlineMs = fallbackDeadlineMs;
        }

        private boolean isFirstRound() {
            return fallbackDeadlineMs >= 0;
        }

        @Override
        public String name() {
            return "describeProducers";
        }

        @Override
        public Message request() {
            Map<String, List<Integer>> byTopic = new LinkedHashMap<>();
            pending.keySet().forEach(tp -> byTopic.computeIfAbsent(tp.topic(), t -> new ArrayList<>())
                .add(tp.partition()));
            List<DescribeProducersRequest.TopicRequest> topics = new ArrayList<>();
            byTopic.forEach((topic, indexes) -> topics.add(new DescribeProducersRequest.TopicRequest(topic, indexes)));
            return new DescribeProducersRequest(topics);
        }

        @Override
        public String handle(DescribeProducersResponse response) {
            Map<TopicPartition, DescribeProducersResponse.PartitionResponse> answers = new LinkedHashMap<>();
            response.topics().forEach(t -> t.partitions().forEach(p ->
                answers.put(new TopicPartition(t.name(), p.partitionIndex()), p)));
            String retry = null;
            for (TopicPartition tp : List.copyOf(pending.keySet())) {
                DescribeProducersResponse.PartitionResponse answer = answers.get(tp);
                if (answer == null) {
                    retry = "no answer for " + tp;
                } else if (answer.error() == Errors.NONE) {
                    pending.remove(tp).complete(new DescribeProducersResult.PartitionProducerState(
                        answer.activeProducers().stream().map(ProducerStateLookup::producerState).toList()));
                } else if (isLeaderMove(answer.error()) && options.brokerId().isEmpty()) {
                    if (isFirstRound()) {
                        askAlone(tp, pending.remove(tp), options, fallbackDeadlineMs);
                    } else {
                        retry = tp + ": " + answer.error();
                    }
                } else {
                    pending.remove(tp).completeExceptionally(ApiException.forError(answer.error(), "partition " + tp
                        + (answer.errorMessage() == null ? "" : ": " + answer.errorMessage())));
                }
            }
            return pending.isEmpty() ? null : retry;
        }

        @Override
        public void fail(RuntimeException error) {
            if (isFirstRound()) {
                pending.forEach((tp, future) -> askAlone(tp, future, options, fallbackDeadlineMs));
            } else {
                pending.values().forEach(future -> future.completeExceptionally(error));
            }
            pending.clear();
        }
    }

    private static boolean isLeaderMove(Errors error) {
        return error == Errors.NOT_LEADER_OR_FOLLOWER || error == Errors.LEADER_NOT_AVAILABLE;
    }

    private static ProducerState producerState(DescribeProducersResponse.ProducerState s) {
        return new ProducerState(s.producerId(), s.producerEpoch(), s.lastSequence(), s.lastTimestamp(),
            s.coordinatorEpoch() < 0 ? OptionalInt.empty() : OptionalInt.of(s.coordinatorEpoch()),
            s.currentTxnStartOffset() < 0 ? OptionalLong.empty() : OptionalLong.of(s.currentTxnStartOffset()));
    }
}
