package io.zkafka.clients.internals;

import io.zkafka.common.Node;
import io.zkafka.common.TopicPartition;
import io.zkafka.common.errors.ApiException;
import io.zkafka.common.errors.RetriableException;
import io.zkafka.common.errors.TimeoutException;
import io.zkafka.common.IsolationLevel;
import io.zkafka.common.message.ListOffsetsRequest;
import io.zkafka.common.message.ListOffsetsResponse;
import io.zkafka.common.protocol.Errors;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Looks up offsets by timestamp ({@link ListOffsetsRequest#EARLIEST_TIMESTAMP},
 * {@link ListOffsetsRequest#LATEST_TIMESTAMP} or a time) at each partition's leader, one request
 * per leader. Partitions without a known leader or answered with a retriable error are asked again
 * after {@code retry.backoff.ms} and a metadata refresh, until the deadline. Used by the consumer
 * and the admin client.
 *
 * <p>Thread-safe: each lookup's state lives in its own objects, advanced by the I/O thread.
 */
public final class OffsetLookup {
    /** One partition's answer: the offset (-1 when none) and the timestamp it belongs to. */
    public record OffsetResult(long offset, long timestamp, int leaderEpoch) {
    }

    private final NetworkClient network;
    private final Metadata metadata;
    private final long requestTimeoutMs;
    private final long retryBackoffMs;
    private final IsolationLevel isolationLevel;

    /** A read_uncommitted lookup: {@link ListOffsetsRequest#LATEST_TIMESTAMP} answers the high watermark. */
    public OffsetLookup(NetworkClient network, Metadata metadata, long requestTimeoutMs, long retryBackoffMs) {
        this(network, metadata, requestTimeoutMs, retryBackoffMs, IsolationLevel.READ_UNCOMMITTED);
    }

    /**
     * @param isolationLevel what {@link ListOffsetsRequest#LATEST_TIMESTAMP} answers: the high watermark, or for
     *                       read_committed the last stable offset
     */
    public OffsetLookup(NetworkClient network, Metadata metadata, long requestTimeoutMs, long retryBackoffMs,
                        IsolationLevel isolationLevel) {
        this.network = network;
        this.metadata = metadata;
        this.requestTimeoutMs = requestTimeoutMs;
        this.retryBackoffMs = retryBackoffMs;
        this.isolationLevel = isolationLevel;
    }

    /**
     * The offsets for the given timestamps. Fails with {@link TimeoutException} at the deadline and
     * with an {@link ApiException} naming the partition on a non-retriable error.
     */
    public CompletableFuture<Map<TopicPartition, OffsetResult>> listOffsets(Map<TopicPartition, Long> timestamps,
                                                                             long deadlineMs) {
        CompletableFuture<Map<TopicPartition, OffsetResult>> result = new CompletableFuture<>();
        Map<TopicPartition, OffsetResult> found = new HashMap<>();
        attempt(new HashMap<>(timestamps), found, result, deadlineMs, null);
        return result;
    }

    private void attempt(Map<TopicPartition, Long> remaining, Map<TopicPartition, OffsetResult> found,
                         CompletableFuture<Map<TopicPartition, OffsetResult>> result, long deadlineMs,
                         String lastError) {
        if (result.isDone()) {
            return;
        }
        if (remaining.isEmpty()) {
            result.complete(found);
            return;
        }
        if (System.currentTimeMillis() >= deadlineMs) {
            result.completeExceptionally(new TimeoutException("Failed to get offsets by times for " + remaining.keySet()
                + " before the deadline" + (lastError == null ? "" : "; last error: " + lastError)));
            return;
        }
        remaining.keySet().forEach(tp -> metadata.add(tp.topic()));
        Cluster cluster = metadata.fetch();
        Map<Node, Map<TopicPartition, Long>> byLeader = new HashMap<>();
        Map<TopicPartition, Long> retry = new HashMap<>();
        remaining.forEach((tp, timestamp) -> {
            Node leader = cluster.leaderFor(tp);
            if (leader == null) {
                retry.put(tp, timestamp);
            } else {
                byLeader.computeIfAbsent(leader, n -> new HashMap<>()).put(tp, timestamp);
            }
        });
        String missingLeader = retry.isEmpty() ? lastError : "no leader known for " + retry.keySet();
        if (byLeader.isEmpty()) {
            retryLater(retry, found, result, deadlineMs, missingLeader);
            return;
        }
        AtomicInteger pending = new AtomicInteger(byLeader.size());
        String[] errors = {missingLeader};
        byLeader.forEach((leader, partitions) -> {
            long timeoutMs = Math.max(1, Math.min(requestTimeoutMs, deadlineMs - System.currentTimeMillis()));
            network.<ListOffsetsResponse>call(leader.address(), request(partitions), timeoutMs)
                .whenComplete((response, error) -> {
                    synchronized (found) {
                        if (error != null) {
                            errors[0] = ClientUtils.unwrap(error).getMessage();
                            retry.putAll(partitions);
                        } else {
                            String failure = collect(response, partitions, found, retry, result);
                            if (failure != null) {
                                errors[0] = failure;
                            }
                        }
                        if (pending.decrementAndGet() == 0) {
                            if (retry.isEmpty()) {
                                attempt(retry, found, result, deadlineMs, errors[0]);
                            } else {
                                retryLater(retry, found, result, deadlineMs, errors[0]);
                            }
                        }
                    }
                });
        });
    }

    private void retryLater(Map<TopicPartition, Long> retry, Map<TopicPartition, OffsetResult> found,
                            CompletableFuture<Map<TopicPartition, OffsetResult>> result, long deadlineMs,
                            String lastError) {
        metadata.requestUpdate();
        long delayMs = Math.max(0, Math.min(retryBackoffMs, deadlineMs - System.currentTimeMillis()));
        network.schedule(() -> metadata.refresh().whenComplete((cluster, e) ->
            attempt(retry, found, result, deadlineMs, e == null ? lastError : ClientUtils.unwrap(e).getMessage())),
            delayMs);
        if (network.isClosed()) {
            result.completeExceptionally(new IllegalStateException("The client is closed"));
        }
    }

    private ListOffsetsRequest request(Map<TopicPartition, Long> partitions) {
        Map<String, List<ListOffsetsRequest.ListOffsetsPartition>> byTopic = new HashMap<>();
        partitions.forEach((tp, timestamp) -> byTopic.computeIfAbsent(tp.topic(), t -> new ArrayList<>())
            .add(new ListOffsetsRequest.ListOffsetsPartition(tp.partition(), timestamp)));
        List<ListOffsetsRequest.ListOffsetsTopic> topics = new ArrayList<>();
        byTopic.forEach((topic, list) -> topics.add(new ListOffsetsRequest.ListOffsetsTopic(topic, list)));
        return new ListOffsetsRequest(-1, isolationLevel, topics);
    }

    /** Files each answer as found, to retry, or fails the lookup; returns the last retriable error seen. */
    private static String collect(ListOffsetsResponse response, Map<TopicPartition, Long> asked,
                                  Map<TopicPartition, OffsetResult> found, Map<TopicPartition, Long> retry,
                                  CompletableFuture<Map<TopicPartition, OffsetResult>> result) {
        String lastError = null;
        Map<TopicPartition, Long> unanswered = new HashMap<>(asked);
        for (ListOffsetsResponse.TopicResponse topic : response.topics()) {
            for (ListOffsetsResponse.PartitionResponse partition : topic.partitions()) {
                TopicPartition tp = new TopicPartition(topic.name(), partition.partition());
                Long timestamp = unanswered.remove(tp);
                if (timestamp == null) {
                    continue;
                }
                Errors error = partition.error();
                if (error == Errors.NONE) {
                    found.put(tp, new OffsetResult(partition.offset(), partition.timestamp(), partition.leaderEpoch()));
                } else if (error.isRetriable()) {
                    retry.put(tp, timestamp);
                    lastError = ApiException.forError(error, tp.toString()).getMessage();
                } else {
                    result.completeExceptionally(ApiException.forError(error, tp.toString()));
                }
            }
        }
        if (!unanswered.isEmpty()) {
            retry.putAll(unanswered);
            lastError = new RetriableException(Errors.UNKNOWN_SERVER_ERROR, "No answer for " + unanswered.keySet())
                .getMessage();
        }
        return lastError;
    }
}
