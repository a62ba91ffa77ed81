package io.zkafka.broker.group;

import io.zkafka.common.TopicPartition;
import io.zkafka.common.message.DeleteGroupsRequest;
import io.zkafka.common.message.DeleteGroupsResponse;
import io.zkafka.common.message.DescribeGroupsRequest;
import io.zkafka.common.message.DescribeGroupsResponse;
import io.zkafka.common.message.ListGroupsRequest;
import io.zkafka.common.message.ListGroupsResponse;
import io.zkafka.common.message.OffsetDeleteRequest;
import io.zkafka.common.message.OffsetDeleteResponse;
import io.zkafka.common.protocol.Errors;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The administrative side of the groups this broker coordinates: listing them, describing their
 * state and members, deleting empty ones with their committed offsets, and deleting the offsets of
 * topics no member subscribes to. Deleting writes a tombstone for every committed offset (and for
 * the group's metadata) with acks=all, so it holds on whichever broker coordinates the group next
 * and compaction drops the records.
 *
 * <p>Thread-safe: request handler threads call in; each group is read and changed under its own
 * lock ({@link GroupMetadata#lock}), the {@link GroupRegistry} is concurrent.
 */
public final class GroupAdministration {
    private static final Logger log = LoggerFactory.getLogger(GroupAdministration.class);

    private final GroupRegistry groups;
    private final GroupOwnership ownership;
    private final GroupLogWriter writer;
    private final LongSupplier clock;

    GroupAdministration(GroupRegistry groups, GroupOwnership ownership, GroupLogWriter writer, LongSupplier clock) {
        this.groups = groups;
        this.ownership = ownership;
        this.writer = writer;
        this.clock = clock;
    }

    /** The groups coordinated here in one of {@code statesFilter} (Kafka's state names, any case; empty: all). */
    public ListGroupsResponse list(ListGroupsRequest request) {
        if (ownership.isLoading()) {
            return new ListGroupsResponse(Errors.COORDINATOR_LOAD_IN_PROGRESS, List.of());
        }
        List<String> filter = request.statesFilter() == null ? List.of() : request.statesFilter();
        List<ListGroupsResponse.ListedGroup> listed = new ArrayList<>();
        for (GroupMetadata group : groups.snapshot()) {
            String state;
            String protocolType;
            synchronized (group.lock) {
                if (group.is(GroupState.DEAD)) {
                    continue;
                }
                state = group.state().toString();
                protocolType = group.protocolType == null ? "" : group.protocolType;
            }
            if (filter.isEmpty() || filter.stream().anyMatch(state::equalsIgnoreCase)) {
                listed.add(new ListGroupsResponse.ListedGroup(group.groupId, protocolType, state));
            }
        }
        listed.sort((a, b) -> a.groupId().compareTo(b.groupId()));
        return new ListGroupsResponse(Errors.NONE, listed);
    }

    /** Each group's state, protocol and members; a group not known here is described as Dead. */
    public DescribeGroupsResponse describe(DescribeGroupsRequest request) {
        List<DescribeGroupsResponse.DescribedGroup> described = new ArrayList<>();
        for (String groupId : request.groups() == null ? List.<String>of() : request.groups()) {
            described.add(describe(groupId));
        }
        return new DescribeGroupsResponse(described);
    }

    private DescribeGroupsResponse.DescribedGroup describe(String groupId) {
        Errors error = ownership.coordinatorError(groupId);
        if (error != Errors.NONE) {
            return DescribeGroupsResponse.DescribedGroup.error(groupId, error);
        }
        GroupMetadata group = groups.get(groupId);
        if (group == null) {
            return new DescribeGroupsResponse.DescribedGroup(Errors.NONE, groupId, GroupState.DEAD.toString(), "", "",
                List.of());
        }
        synchronized (group.lock) {
            // Kafka shows members' subscriptions and assignments only once the group is stable
            boolean stable = group.is(GroupState.STABLE);
            List<DescribeGroupsResponse.DescribedMember> members = new ArrayList<>();
            for (MemberMetadata m : group.members()) {
                byte[] metadata = stable && group.protocol != null ? m.metadata(group.protocol) : null;
                members.add(new DescribeGroupsResponse.DescribedMember(m.memberId, m.groupInstanceId, m.clientId,
                    m.clientHost, metadata == null ? new byte[0] : metadata, stable ? m.assignment : new byte[0]));
            }
            return new DescribeGroupsResponse.DescribedGroup(Errors.NONE, groupId, group.state().toString(),
                group.protocolType == null ? "" : group.protocolType,
                stable && group.protocol != null ? group.protocol : "", members);
        }
    }

    /** Deletes each group if it has no members; answered once the tombstones are on every in-sync replica. */
    public CompletableFuture<DeleteGroupsResponse> delete(DeleteGroupsRequest request) {
        List<CompletableFuture<DeleteGroupsResponse.GroupResult>> results = new ArrayList<>();
        for (String groupId : request.groups() == null ? List.<String>of() : request.groups()) {
            results.add(delete(groupId).thenApply(error -> new DeleteGroupsResponse.GroupResult(groupId, error)));
        }
        return CompletableFuture.allOf(results.toArray(new CompletableFuture<?>[0]))
            .thenApply(done -> new DeleteGroupsResponse(results.stream().map(CompletableFuture::join).toList()));
    }

    private CompletableFuture<Errors> delete(String groupId) {
        Errors error = ownership.coordinatorError(groupId);
        if (error != Errors.NONE) {
            return CompletableFuture.completedFuture(error);
        }
        GroupMetadata group = groups.get(groupId);
        if (group == null) {
            return CompletableFuture.completedFuture(Errors.GROUP_ID_NOT_FOUND);
        }
        List<GroupLogWriter.Entry> tombstones = new ArrayList<>();
        int epoch;
        long emptySinceMs;
        synchronized (group.lock) {
            if (group.is(GroupState.DEAD)) {
                return CompletableFuture.completedFuture(Errors.GROUP_ID_NOT_FOUND);
            }
            if (!group.is(GroupState.EMPTY) || group.hasMembers()) {
                return CompletableFuture.completedFuture(Errors.NON_EMPTY_GROUP);
            }
            for (TopicPartition tp : group.offsets.keySet()) {
                tombstones.add(new GroupLogWriter.Entry(
                    GroupRecords.offsetCommitKey(groupId, tp.topic(), tp.partition()), null));
            }
            tombstones.add(new GroupLogWriter.Entry(GroupRecords.groupMetadataKey(groupId), null));
            // Dead refuses joins and commits from here on; they find a fresh group once this one is forgotten
            emptySinceMs = group.emptySinceMs();
            group.transitionTo(GroupState.DEAD, clock.getAsLong());
            epoch = ownership.loadedEpoch(group.offsetsPartition);
            groups.remove(group);
        }
        return writer.append(group.offsetsPartition, epoch, tombstones).thenApply(result -> {
            if (result.error() == Errors.NONE) {
                log.info("Deleted group {} and its {} committed offset(s)", groupId, tombstones.size() - 1);
                return Errors.NONE;
            }
            log.warn("Deleting group {} failed: {}", groupId, result.error());
            if (ownership.coordinatorError(groupId) == Errors.NONE
                    && ownership.loadedEpoch(group.offsetsPartition) == epoch) {
                restore(group, emptySinceMs);
            }
            return result.error() == Errors.REQUEST_TIMED_OUT ? Errors.COORDINATOR_NOT_AVAILABLE : result.error();
        });
    }

    /**
     * A deletion whose tombstones were not written leaves the records in the log: a new Empty group
     * with the dead one's offsets takes its id again (Dead is final), unless a new group took the id
     * meanwhile or a commit of the dead one is still in flight (its outcome would land in the dead
     * object; the next load of the partition has it).
     */
    private void restore(GroupMetadata dead, long emptySinceMs) {
        GroupMetadata restored = new GroupMetadata(dead.groupId, dead.offsetsPartition, GroupState.EMPTY, emptySinceMs);
        synchronized (dead.lock) {
            if (!dead.pendingCommits.isEmpty()) {
                log.warn("Not restoring group {} in memory: a commit of it is in flight", dead.groupId);
                return;
            }
            synchronized (restored.lock) {
                restored.protocolType = dead.protocolType;
                restored.generation = dead.generation;
                restored.offsets.putAll(dead.offsets);
            }
        }
        groups.putIfAbsent(restored);
    }

    /**
     * Deletes the group's committed offsets of these partitions, except those of topics a member
     * subscribes to (GROUP_SUBSCRIBED_TO_TOPIC); answered once the tombstones are replicated.
     */
    public CompletableFuture<OffsetDeleteResponse> deleteOffsets(OffsetDeleteRequest request) {
        Errors error = ownership.coordinatorError(request.groupId());
        GroupMetadata group = error == Errors.NONE ? groups.get(request.groupId()) : null;
        if (error == Errors.NONE && group == null) {
            error = Errors.GROUP_ID_NOT_FOUND;
        }
        if (error != Errors.NONE) {
            return CompletableFuture.completedFuture(new OffsetDeleteResponse(error, List.of()));
        }
        Map<TopicPartition, Errors> results = new LinkedHashMap<>();
        List<TopicPartition> deleting = new ArrayList<>();
        List<GroupLogWriter.Entry> tombstones = new ArrayList<>();
        int epoch;
        synchronized (group.lock) {
            if (group.is(GroupState.DEAD)) {
                return CompletableFuture.completedFuture(new OffsetDeleteResponse(Errors.GROUP_ID_NOT_FOUND, List.of()));
            }
            Set<String> subscribed = group.subscribedTopics();
            for (OffsetDeleteRequest.Topic topic : request.topics() == null ? List.<OffsetDeleteRequest.Topic>of()
                    : request.topics()) {
                for (int partition : topic.partitions()) {
                    TopicPartition tp = new TopicPartition(topic.name(), partition);
                    boolean busy = subscribed == null ? group.hasMembers() : subscribed.contains(tp.topic());
                    results.put(tp, busy ? Errors.GROUP_SUBSCRIBED_TO_TOPIC : Errors.NONE);
                    if (!busy && group.offsets.containsKey(tp)) {
                        deleting.add(tp);
                        tombstones.add(new GroupLogWriter.Entry(
                            GroupRecords.offsetCommitKey(group.groupId, tp.topic(), tp.partition()), null));
                    }
                }
            }
            epoch = ownership.loadedEpoch(group.offsetsPartition);
        }
        if (tombstones.isEmpty()) {
            return CompletableFuture.completedFuture(offsetDeleteResponse(results));
        }
        return writer.append(group.offsetsPartition, epoch, tombstones).thenApply(result -> {
            if (result.error() == Errors.NONE) {
                synchronized (group.lock) {
                    // a commit written after the tombstone stays
                    deleting.forEach(tp -> group.offsets.computeIfPresent(tp,
                        (k, o) -> o.recordOffset() < result.baseOffset() ? null : o));
                }
            } else {
                Errors failed = result.error() == Errors.REQUEST_TIMED_OUT ? Errors.COORDINATOR_NOT_AVAILABLE
                    : result.error();
                deleting.forEach(tp -> results.put(tp, failed));
            }
            return offsetDeleteResponse(results);
        });
    }

    private static OffsetDeleteResponse offsetDeleteResponse(Map<TopicPartition, Errors> results) {
        Map<String, List<OffsetDeleteResponse.Partition>> topics = new LinkedHashMap<>();
        results.forEach((tp, e) -> topics.computeIfAbsent(tp.topic(), n -> new ArrayList<>())
            .add(new OffsetDeleteResponse.Partition(tp.partition(), e)));
        List<OffsetDeleteResponse.Topic> out = new ArrayList<>();
        topics.forEach((name, partitions) -> out.add(new OffsetDeleteResponse.Topic(name, partitions)));
        return new OffsetDeleteResponse(Errors.NONE, out);
    }
}
