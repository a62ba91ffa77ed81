package io.zkafka.clients.consumer.internals;

import io.zkafka.clients.consumer.CommitFailedException;
import io.zkafka.clients.consumer.OffsetAndMetadata;
import io.zkafka.clients.consumer.OffsetCommitCallback;
import io.zkafka.clients.internals.ClientUtils;
import io.zkafka.common.TopicPartition;
import io.zkafka.common.errors.ApiException;
import io.zkafka.common.errors.RetriableException;
import io.zkafka.common.errors.TimeoutException;
import io.zkafka.common.message.OffsetCommitRequest;
import io.zkafka.common.message.OffsetCommitResponse;
import io.zkafka.common.message.OffsetFetchRequest;
import io.zkafka.common.message.OffsetFetchResponse;
import io.zkafka.common.protocol.Errors;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * Commits and committed-offset lookups of one group: {@code commitSync} retries retriable errors
 * (finding the coordinator again when it moved) until its deadline; {@code commitAsync} sends once
 * and files the callback, which {@link #runCompletedCallbacks} runs on the application thread.
 * A commit carries the member id and generation while the consumer is a member, so a member that
 * lost its generation (or was fenced) gets {@link CommitFailedException} (or the fencing error).
 * A read_committed consumer looks committed offsets up with {@code requireStable} (Kafka's KIP-447) and
 * waits while a transaction's offset commit is pending ({@code UNSTABLE_OFFSET_COMMIT}): starting from the
 * offsets committed before it would process again what that transaction may still commit.
 *
 * <p>Threads: the application thread; async answers arrive on the I/O thread and only queue their
 * callback under the private {@code completed} list's lock.
 */
final class OffsetCommitter {
    private static final int MAX_ATTEMPTS = 1000;

    private final CoordinatorChannel channel;
    private final MemberState member;
    private final BooleanSupplier inGeneration;
    private final boolean requireStable;
    private final List<Runnable> completed = new ArrayList<>();
    private final CoordinatorMetrics metrics;

    /**
     * @param inGeneration whether commits should carry the membership (subscribed, with a generation)
     * @param requireStable whether committed-offset lookups wait for pending transactional commits
     */
    OffsetCommitter(CoordinatorChannel channel, MemberState member, BooleanSupplier inGeneration,
                    boolean requireStable, CoordinatorMetrics metrics) {
        this.metrics = metrics;
        this.channel = channel;
        this.member = member;
        this.inGeneration = inGeneration;
        this.requireStable = requireStable;
    }

    void commitSync(Map<TopicPartition, OffsetAndMetadata> offsets, long deadlineMs) {
        if (offsets.isEmpty()) {
            return;
        }
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            channel.ensureCoordinator(deadlineMs);
            long sentNanos = System.nanoTime();
            OffsetCommitResponse response = channel.callCoordinator(request(offsets), deadlineMs);
            if (response != null) {
                metrics.commitAnswered(System.nanoTime() - sentNanos);
                Errors error = firstError(response);
                if (error == Errors.NONE) {
                    return;
                }
                if (!error.isRetriable()) {
                    throw failure(error);
                }
                if (error == Errors.NOT_COORDINATOR || error == Errors.COORDINATOR_NOT_AVAILABLE) {
                    channel.markUnknown();
                }
            }
            channel.backoff(deadlineMs);
        }
        throw new TimeoutException("Could not commit offsets of group " + member.groupId());
    }

    void commitAsync(Map<TopicPartition, OffsetAndMetadata> offsets, OffsetCommitCallback callback) {
        String target = channel.coordinator();
        Map<TopicPartition, OffsetAndMetadata> copy = Map.copyOf(offsets);
        if (target == null) {
            complete(callback, copy, new RetriableException(Errors.COORDINATOR_NOT_AVAILABLE,
                "The coordinator of group " + member.groupId() + " is not known yet"));
            return;
        }
        long sentNanos = System.nanoTime();
        channel.network().<OffsetCommitResponse>call(target, request(copy), channel.requestTimeoutMs())
            .whenComplete((response, e) -> {
                if (response != null) {
                    metrics.commitAnswered(System.nanoTime() - sentNanos);
                }
                Exception error = e != null ? (Exception) ClientUtils.unwrap(e) : null;
                if (error == null) {
                    Errors code = firstError(response);
                    error = code == Errors.NONE ? null : failure(code);
                }
                complete(callback, copy, error);
            });
    }

    private void complete(OffsetCommitCallback callback, Map<TopicPartition, OffsetAndMetadata> offsets,
                          Exception error) {
        if (callback == null) {
            return;
        }
        synchronized (completed) {
            completed.add(() -> callback.onComplete(offsets, error));
        }
    }

    /** Runs the callbacks of finished async commits. Application thread. */
    void runCompletedCallbacks() {
        List<Runnable> ready;
        synchronized (completed) {
            ready = List.copyOf(completed);
            completed.clear();
        }
        ready.forEach(Runnable::run);
    }

    private RuntimeException failure(Errors error) {
        if (error == Errors.UNKNOWN_MEMBER_ID || error == Errors.ILLEGAL_GENERATION
                || error == Errors.REBALANCE_IN_PROGRESS) {
            member.requestJoin();
            return new CommitFailedException(error, error.message());
        }
        if (error == Errors.FENCED_INSTANCE_ID) {
            return member.fence("offset commit");
        }
        return ApiException.forError(error, "commit of group " + member.groupId());
    }

    private OffsetCommitRequest request(Map<TopicPartition, OffsetAndMetadata> offsets) {
        Map<String, List<OffsetCommitRequest.Partition>> topics = new LinkedHashMap<>();
        offsets.forEach((tp, o) -> topics.computeIfAbsent(tp.topic(), t -> new ArrayList<>()).add(
            new OffsetCommitRequest.Partition(tp.partition(), o.offset(), o.leaderEpoch().orElse(-1), o.metadata())));
        List<OffsetCommitRequest.Topic> list = new ArrayList<>();
        topics.forEach((name, partitions) -> list.add(new OffsetCommitRequest.Topic(name, partitions)));
        boolean asMember = inGeneration.getAsBoolean();
        return new OffsetCommitRequest(member.groupId(), asMember ? member.generation()
            : OffsetCommitRequest.NO_GENERATION, asMember ? member.memberId() : "",
            asMember ? member.groupInstanceId() : null, list);
    }

    private static Errors firstError(OffsetCommitResponse response) {
        for (OffsetCommitResponse.Topic topic : response.topics()) {
            for (OffsetCommitResponse.Partition p : topic.partitions()) {
                if (p.error() != Errors.NONE) {
                    return p.error();
                }
            }
        }
        return Errors.NONE;
    }

    /** The group's committed offsets of these partitions; null values where none is committed. */
    Map<TopicPartition, OffsetAndMetadata> fetchCommitted(Set<TopicPartition> partitions, long deadlineMs) {
        if (partitions.isEmpty()) {
            return Map.of();
        }
        Map<String, List<Integer>> topics = new LinkedHashMap<>();
        partitions.forEach(tp -> topics.computeIfAbsent(tp.topic(), t -> new ArrayList<>()).add(tp.partition()));
        List<OffsetFetchRequest.Topic> request = new ArrayList<>();
        topics.forEach((name, list) -> request.add(new OffsetFetchRequest.Topic(name, list)));
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            channel.ensureCoordinator(deadlineMs);
            OffsetFetchResponse response = channel.callCoordinator(new OffsetFetchRequest(member.groupId(), request,
                requireStable), deadlineMs);
            if (response != null && response.error() == Errors.NONE && hasUnstableOffset(response)) {
                if (System.currentTimeMillis() >= deadlineMs) {
                    break;
                }
                channel.backoff(deadlineMs);
                continue;
            }
            if (response != null && response.error() == Errors.NONE) {
                Map<TopicPartition, OffsetAndMetadata> result = new HashMap<>();
                partitions.forEach(tp -> result.put(tp, null));
                response.topics().forEach(t -> t.partitions().forEach(p -> {
                    if (p.error() == Errors.NONE && p.offset() >= 0) {
                        result.put(new TopicPartition(t.name(), p.partition()), new OffsetAndMetadata(p.offset(),
                            p.leaderEpoch() < 0 ? Optional.empty() : Optional.of(p.leaderEpoch()), p.metadata()));
                    }
                }));
                return result;
            }
            if (response != null && !response.error().isRetriable()) {
                throw ApiException.forError(response.error(), "committed offsets of group " + member.groupId());
            }
            if (response != null && response.error() != Errors.COORDINATOR_LOAD_IN_PROGRESS) {
                channel.markUnknown();
            }
            channel.backoff(deadlineMs);
        }
        throw new TimeoutException("Could not fetch the committed offsets of group " + member.groupId());
    }

    private static boolean hasUnstableOffset(OffsetFetchResponse response) {
        return response.topics().stream().flatMap(t -> t.partitions().stream())
            .anyMatch(p -> p.error() == Errors.UNSTABLE_OFFSET_COMMIT);
    }
}
