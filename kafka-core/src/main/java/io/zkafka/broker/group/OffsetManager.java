package io.zkafka.broker.group;

import io.zkafka.common.TopicPartition;
import io.zkafka.common.message.OffsetCommitRequest;
import io.zkafka.common.message.OffsetCommitResponse;
import io.zkafka.common.message.OffsetFetchRequest;
import io.zkafka.common.message.OffsetFetchResponse;
import io.zkafka.common.message.TxnOffsetCommitRequest;
import io.zkafka.common.message.TxnOffsetCommitResponse;
import io.zkafka.common.protocol.Errors;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.LongSupplier;

/**
 * Committed offsets of the groups this broker coordinates. A commit is checked against the group
 * (a member of the current generation, or no generation at all while the group has no members),
 * written to the group's offsets partition with acks=all, and only then visible to fetches. While
 * a commit is in flight its partitions are marked pending, which keeps retention
 * ({@link OffsetExpiration}) from writing a tombstone that would land after it. A member's commit
 * counts as a sign of life, as a heartbeat does ({@link MemberLiveness}).
 * Thread-safe: each group's offsets are guarded by the group's lock.
 */
public final class OffsetManager {
    private final GroupRegistry groups;
    private final GroupOwnership ownership;
    private final GroupLogWriter writer;
    private final int metadataMaxBytes;
    private final GroupMetrics metrics;
    private final LongSupplier clock;
    private final MemberLiveness liveness;

    OffsetManager(GroupRegistry groups, GroupOwnership ownership, GroupLogWriter writer, int metadataMaxBytes,
                  GroupMetrics metrics, LongSupplier clock, MemberLiveness liveness) {
        this.groups = groups;
        this.ownership = ownership;
        this.writer = writer;
        this.metadataMaxBytes = metadataMaxBytes;
        this.metrics = metrics;
        this.clock = clock;
        this.liveness = liveness;
    }

    /** A commit on an unknown connection. */
    public CompletableFuture<OffsetCommitResponse> commit(OffsetCommitRequest request) {
        return commit(request, null);
    }

    /**
     * Commits, answered once written. {@code connection} completes when the request's connection
     * closes (null if unknown).
     */
    public CompletableFuture<OffsetCommitResponse> commit(OffsetCommitRequest request,
                                                          CompletionStage<Void> connection) {
        Errors error = ownership.coordinatorError(request.groupId());
        if (error != Errors.NONE) {
            return CompletableFuture.completedFuture(uniform(request, error));
        }
        GroupMetadata group = groups.getOrCreate(request.groupId());
        Map<TopicPartition, Errors> results = new LinkedHashMap<>();
        List<GroupLogWriter.Entry> entries = new ArrayList<>();
        List<TopicPartition> written = new ArrayList<>();
        List<OffsetCommitRequest.Partition> values = new ArrayList<>();
        long now = clock.getAsLong();
        for (OffsetCommitRequest.Topic topic : request.topics()) {
            for (OffsetCommitRequest.Partition p : topic.partitions()) {
                TopicPartition tp = new TopicPartition(topic.name(), p.partition());
                if (p.metadata() != null && p.metadata().length() > metadataMaxBytes) {
                    results.put(tp, Errors.OFFSET_METADATA_TOO_LARGE);
                    continue;
                }
                results.put(tp, Errors.NONE);
                written.add(tp);
                values.add(p);
                entries.add(new GroupLogWriter.Entry(GroupRecords.offsetCommitKey(group.groupId, tp.topic(), tp.partition()),
                    GroupRecords.offsetValue(new GroupRecords.OffsetValue(p.offset(), p.leaderEpoch(), p.metadata(), now))));
            }
        }
        if (entries.isEmpty()) {
            synchronized (group.lock) {
                Errors groupError = checkMember(group, request);
                noteMember(group, request, groupError, connection);
                return CompletableFuture.completedFuture(groupError == Errors.NONE ? response(results)
                    : uniform(request, groupError));
            }
        }
        int epoch;
        synchronized (group.lock) {
            Errors groupError = checkMember(group, request);
            noteMember(group, request, groupError, connection);
            if (groupError != Errors.NONE) {
                return CompletableFuture.completedFuture(uniform(request, groupError));
            }
            epoch = ownership.loadedEpoch(group.offsetsPartition);
            written.forEach(tp -> group.pendingCommits.merge(tp, 1, Integer::sum));
        }
        return writer.append(group.offsetsPartition, epoch, entries).thenApply(result -> {
            Errors outcome = result.error() == Errors.REQUEST_TIMED_OUT ? Errors.COORDINATOR_NOT_AVAILABLE : result.error();
            // one lock section: retention must not see the commit finished but its offset not yet in place
            synchronized (group.lock) {
                written.forEach(tp -> group.pendingCommits.computeIfPresent(tp, (k, n) -> n == 1 ? null : n - 1));
                if (outcome == Errors.NONE) {
                    for (int i = 0; i < written.size(); i++) {
                        OffsetCommitRequest.Partition p = values.get(i);
                        long recordOffset = result.baseOffset() + i;
                        GroupMetadata.CommittedOffset previous = group.offsets.get(written.get(i));
                        if (previous == null || previous.recordOffset() < recordOffset) {
                            group.offsets.put(written.get(i), new GroupMetadata.CommittedOffset(p.offset(),
                                p.leaderEpoch(), p.metadata(), now, recordOffset));
                        }
                    }
                }
            }
            if (outcome == Errors.NONE) {
                metrics.offsetsCommitted(written.size());
            } else {
                written.forEach(tp -> results.put(tp, outcome));
            }
            return response(results);
        });
    }

    /**
     * TxnOffsetCommit: the offsets are written to the group's offsets partition as a transactional
     * batch of the producer, then held pending for that producer: OffsetFetch does not see them
     * until the transaction's commit marker reaches the partition ({@link #completeTransaction}).
     * A producer sending a consumer's group metadata is checked as that member (Kafka's rules: a
     * member id must be known, a generation must be the current one); without them it is not.
     */
    public CompletableFuture<TxnOffsetCommitResponse> txnCommit(TxnOffsetCommitRequest request) {
        Errors error = ownership.coordinatorError(request.groupId());
        Map<TopicPartition, Errors> results = new LinkedHashMap<>();
        request.topics().forEach(t -> t.partitions().forEach(p -> results.put(new TopicPartition(t.name(),
            p.partition()), Errors.NONE)));
        if (error != Errors.NONE) {
            results.replaceAll((tp, e) -> error);
            return CompletableFuture.completedFuture(TxnOffsetCommitResponse.of(results));
        }
        GroupMetadata group = groups.getOrCreate(request.groupId());
        List<GroupLogWriter.Entry> entries = new ArrayList<>();
        List<TopicPartition> written = new ArrayList<>();
        List<TxnOffsetCommitRequest.Partition> values = new ArrayList<>();
        long now = clock.getAsLong();
        for (TxnOffsetCommitRequest.Topic topic : request.topics()) {
            for (TxnOffsetCommitRequest.Partition p : topic.partitions()) {
                TopicPartition tp = new TopicPartition(topic.name(), p.partition());
                if (p.metadata() != null && p.metadata().length() > metadataMaxBytes) {
                    results.put(tp, Errors.OFFSET_METADATA_TOO_LARGE);
                    continue;
                }
                written.add(tp);
                values.add(p);
                entries.add(new GroupLogWriter.Entry(GroupRecords.offsetCommitKey(group.groupId, tp.topic(),
                    tp.partition()), GroupRecords.offsetValue(new GroupRecords.OffsetValue(p.offset(), p.leaderEpoch(),
                        p.metadata(), now))));
            }
        }
        int epoch;
        synchronized (group.lock) {
            Errors groupError = checkTransactionalCommitter(group, request);
            if (groupError != Errors.NONE) {
                results.replaceAll((tp, e) -> groupError);
                return CompletableFuture.completedFuture(TxnOffsetCommitResponse.of(results));
            }
            epoch = ownership.loadedEpoch(group.offsetsPartition);
        }
        if (entries.isEmpty()) {
            return CompletableFuture.completedFuture(TxnOffsetCommitResponse.of(results));
        }
        return writer.appendTransactional(group.offsetsPartition, epoch, request.producerId(), request.producerEpoch(),
            entries).thenApply(result -> {
                Errors outcome = result.error() == Errors.REQUEST_TIMED_OUT ? Errors.COORDINATOR_NOT_AVAILABLE
                    : result.error();
                if (outcome == Errors.NONE) {
                    synchronized (group.lock) {
                        Map<TopicPartition, GroupMetadata.CommittedOffset> pending = group.pendingTxnOffsets
                            .computeIfAbsent(request.producerId(), id -> new LinkedHashMap<>());
                        for (int i = 0; i < written.size(); i++) {
                            TxnOffsetCommitRequest.Partition p = values.get(i);
                            pending.put(written.get(i), new GroupMetadata.CommittedOffset(p.offset(), p.leaderEpoch(),
                                p.metadata(), now, result.baseOffset() + i));
                        }
                    }
                } else {
                    written.forEach(tp -> results.put(tp, outcome));
                }
                return TxnOffsetCommitResponse.of(results);
            });
    }

    /** Kafka's checks of a TxnOffsetCommit's group metadata. Caller holds the group lock. */
    private static Errors checkTransactionalCommitter(GroupMetadata group, TxnOffsetCommitRequest request) {
        if (group.is(GroupState.DEAD)) {
            return Errors.COORDINATOR_NOT_AVAILABLE;
        }
        String memberId = request.memberId() == null ? "" : request.memberId();
        Errors fenced = StaticMembers.fencingError(group, memberId, request.groupInstanceId());
        if (request.groupInstanceId() != null && fenced != Errors.NONE) {
            return fenced;
        }
        if (!memberId.isEmpty() && group.member(memberId) == null) {
            return Errors.UNKNOWN_MEMBER_ID;
        }
        if (request.generationId() >= 0 && request.generationId() != group.generation) {
            return Errors.ILLEGAL_GENERATION;
        }
        return Errors.NONE;
    }

    /**
     * A commit or abort marker of {@code producerId} was written to offsets partition
     * {@code offsetsPartition}: the offsets its transaction committed there become visible, or go.
     */
    void completeTransaction(int offsetsPartition, long producerId, boolean committed) {
        for (GroupMetadata group : groups.snapshot()) {
            if (group.offsetsPartition != offsetsPartition) {
                continue;
            }
            synchronized (group.lock) {
                Map<TopicPartition, GroupMetadata.CommittedOffset> pending = group.pendingTxnOffsets.get(producerId);
                if (pending != null) {
                    int count = pending.size();
                    group.completeTxnOffsets(producerId, committed);
                    if (committed) {
                        metrics.offsetsCommitted(count);
                    }
                }
            }
        }
    }

    /** A member of the current generation committed: a sign of life. Caller holds the group lock. */
    private void noteMember(GroupMetadata group, OffsetCommitRequest request, Errors groupError,
                            CompletionStage<Void> connection) {
        MemberMetadata member = request.memberId() == null ? null : group.member(request.memberId());
        if (member != null && (groupError == Errors.NONE || groupError == Errors.REBALANCE_IN_PROGRESS)) {
            liveness.heardFrom(group, member, connection);
        }
    }

    /** Whether the committer may commit for the group now. Caller holds the group lock. */
    private static Errors checkMember(GroupMetadata group, OffsetCommitRequest request) {
        if (group.is(GroupState.DEAD)) {
            return Errors.NOT_COORDINATOR;
        }
        boolean standalone = request.generationId() < 0 && (request.memberId() == null || request.memberId().isEmpty());
        if (standalone) {
            return group.hasMembers() ? Errors.UNKNOWN_MEMBER_ID : Errors.NONE;
        }
        Errors fenced = StaticMembers.fencingError(group, request.memberId(), request.groupInstanceId());
        if (fenced != Errors.NONE) {
            return fenced;
        }
        if (group.member(request.memberId()) == null) {
            return Errors.UNKNOWN_MEMBER_ID;
        }
        if (request.generationId() != group.generation) {
            return Errors.ILLEGAL_GENERATION;
        }
        // commits from the current generation are still taken while others rejoin (eager revocation commits)
        return group.is(GroupState.COMPLETING_REBALANCE) ? Errors.REBALANCE_IN_PROGRESS : Errors.NONE;
    }

    public OffsetFetchResponse fetch(OffsetFetchRequest request) {
        Errors error = ownership.coordinatorError(request.groupId());
        if (error != Errors.NONE) {
            return new OffsetFetchResponse(error, List.of());
        }
        GroupMetadata group = groups.get(request.groupId());
        Map<String, List<OffsetFetchResponse.Partition>> topics = new LinkedHashMap<>();
        if (group == null) {
            if (request.topics() != null) {
                request.topics().forEach(t -> t.partitions().forEach(p -> topics.computeIfAbsent(t.name(),
                    n -> new ArrayList<>()).add(none(p))));
            }
        } else {
            synchronized (group.lock) {
                if (request.topics() == null) {
                    group.offsets.forEach((tp, o) -> topics.computeIfAbsent(tp.topic(), n -> new ArrayList<>())
                        .add(fetched(group, tp, o, request.requireStable())));
                } else {
                    for (OffsetFetchRequest.Topic t : request.topics()) {
                        for (int p : t.partitions()) {
                            TopicPartition tp = new TopicPartition(t.name(), p);
                            topics.computeIfAbsent(t.name(), n -> new ArrayList<>()).add(fetched(group, tp,
                                group.offsets.get(tp), request.requireStable()));
                        }
                    }
                }
            }
        }
        List<OffsetFetchResponse.Topic> out = new ArrayList<>();
        topics.forEach((name, partitions) -> out.add(new OffsetFetchResponse.Topic(name, partitions)));
        return new OffsetFetchResponse(Errors.NONE, out);
    }

    /**
     * One partition's answer: its committed offset, or UNSTABLE_OFFSET_COMMIT when a require_stable
     * fetch finds a commit of it pending (in flight, or in an open transaction), as Kafka answers.
     * Caller holds the group lock.
     */
    private static OffsetFetchResponse.Partition fetched(GroupMetadata group, TopicPartition tp,
                                                         GroupMetadata.CommittedOffset o, boolean requireStable) {
        if (requireStable && group.hasPendingOffsets(tp)) {
            return new OffsetFetchResponse.Partition(tp.partition(), OffsetFetchResponse.NO_OFFSET, -1, "",
                Errors.UNSTABLE_OFFSET_COMMIT);
        }
        return o == null ? none(tp.partition())
            : new OffsetFetchResponse.Partition(tp.partition(), o.offset(), o.leaderEpoch(), o.metadata(), Errors.NONE);
    }

    private static OffsetFetchResponse.Partition none(int partition) {
        return new OffsetFetchResponse.Partition(partition, OffsetFetchResponse.NO_OFFSET, -1, "", Errors.NONE);
    }

    private static OffsetCommitResponse uniform(OffsetCommitRequest request, Errors error) {
        Map<TopicPartition, Errors> results = new LinkedHashMap<>();
        request.topics().forEach(t -> t.partitions().forEach(p -> results.put(new TopicPartition(t.name(),
            p.partition()), error)));
        return response(results);
    }

    private static OffsetCommitResponse response(Map<TopicPartition, Errors> results) {
        Map<String, List<OffsetCommitResponse.Partition>> topics = new LinkedHashMap<>();
        results.forEach((tp, e) -> topics.computeIfAbsent(tp.topic(), n -> new ArrayList<>())
            .add(new OffsetCommitResponse.Partition(tp.partition(), e)));
        List<OffsetCommitResponse.Topic> out = new ArrayList<>();
        topics.forEach((name, partitions) -> out.add(new OffsetCommitResponse.Topic(name, partitions)));
        return new OffsetCommitResponse(out);
    }
}
