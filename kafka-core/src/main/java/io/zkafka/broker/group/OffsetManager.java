package io.zkafka.broker.group;

import io.zkafka.common.TopicPartition;
import io.zkafka.common.message.OffsetCommitRequest;
import io.zkafka.common.message.OffsetCommitResponse;
import io.zkafka.common.message.OffsetFetchRequest;
import io.zkafka.common.message.OffsetFetchResponse;
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
                        .add(new OffsetFetchResponse.Partition(tp.partition(), o.offset(), o.leaderEpoch(), o.metadata(),
                            Errors.NONE)));
                } else {
                    for (OffsetFetchRequest.Topic t : request.topics()) {
                        for (int p : t.partitions()) {
                            GroupMetadata.CommittedOffset o = group.offsets.get(new TopicPartition(t.name(), p));
                            topics.computeIfAbsent(t.name(), n -> new ArrayList<>()).add(o == null ? none(p)
                                : new OffsetFetchResponse.Partition(p, o.offset(), o.leaderEpoch(), o.metadata(),
                                    Errors.NONE));
                        }
                    }
                }
            }
        }
        List<OffsetFetchResponse.Topic> out = new ArrayList<>();
        topics.forEach((name, partitions) -> out.add(new OffsetFetchResponse.Topic(name, partitions)));
        return new OffsetFetchResponse(Errors.NONE, out);
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
