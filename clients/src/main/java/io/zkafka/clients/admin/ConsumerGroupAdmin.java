package io.zkafka.clients.admin;

import io.zkafka.clients.admin.internals.AdminCallRunner;
import io.zkafka.clients.admin.internals.CoordinatorCallRunner;
import io.zkafka.clients.admin.internals.WholeResponseCall;
import io.zkafka.clients.consumer.OffsetAndMetadata;
import io.zkafka.clients.consumer.internals.ConsumerProtocol;
import io.zkafka.clients.internals.ClientUtils;
import io.zkafka.clients.internals.Metadata;
import io.zkafka.common.Node;
import io.zkafka.common.TopicPartition;
import io.zkafka.common.errors.ApiException;
import io.zkafka.common.message.DeleteGroupsRequest;
import io.zkafka.common.message.DeleteGroupsResponse;
import io.zkafka.common.message.DescribeGroupsRequest;
import io.zkafka.common.message.DescribeGroupsResponse;
import io.zkafka.common.message.ListGroupsRequest;
import io.zkafka.common.message.ListGroupsResponse;
import io.zkafka.common.message.OffsetCommitRequest;
import io.zkafka.common.message.OffsetCommitResponse;
import io.zkafka.common.message.OffsetDeleteRequest;
import io.zkafka.common.message.OffsetDeleteResponse;
import io.zkafka.common.message.OffsetFetchRequest;
import io.zkafka.common.message.OffsetFetchResponse;
import io.zkafka.common.protocol.Errors;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongSupplier;

/**
 * The consumer group operations of {@link KafkaAdminClient}: listing asks every broker (each
 * answers the groups it coordinates) and merges; everything else goes to the group's coordinator
 * through {@link CoordinatorCallRunner}. Thread-safe; futures complete on the network I/O thread.
 */
final class ConsumerGroupAdmin {
    private final Metadata metadata;
    private final AdminCallRunner runner;
    private final CoordinatorCallRunner coordinators;
    private final LongSupplier deadline;

    ConsumerGroupAdmin(Metadata metadata, AdminCallRunner runner, CoordinatorCallRunner coordinators,
                       LongSupplier deadline) {
        this.metadata = metadata;
        this.runner = runner;
        this.coordinators = coordinators;
        this.deadline = deadline;
    }

    ListConsumerGroupsResult list(ListConsumerGroupsOptions options) {
        long deadlineMs = deadline.getAsLong();
        List<String> states = options.states().stream().map(ConsumerGroupState::toString).sorted().toList();
        CompletableFuture<Collection<ConsumerGroupListing>> valid = new CompletableFuture<>();
        CompletableFuture<Collection<Throwable>> errors = new CompletableFuture<>();
        metadata.refresh().whenComplete((cluster, refreshError) -> {
            if (refreshError != null) {
                valid.complete(List.of());
                errors.complete(List.of(ClientUtils.unwrap(refreshError)));
                return;
            }
            List<CompletableFuture<ListGroupsResponse>> answers = new ArrayList<>();
            for (Node node : cluster.nodes()) {
                WholeResponseCall<ListGroupsResponse> call = new WholeResponseCall<>("listConsumerGroups",
                    () -> new ListGroupsRequest(states), response -> response.error().isRetriable()
                        ? "broker " + node.address() + " answered " + response.error() : null);
                runner.run(call, c -> node.address(), deadlineMs);
                answers.add(call.future());
            }
            CompletableFuture.allOf(answers.stream().map(f -> f.handle((r, e) -> null))
                .toArray(CompletableFuture<?>[]::new)).whenComplete((done, ignored) -> {
                    Map<String, ConsumerGroupListing> listings = new LinkedHashMap<>();
                    List<Throwable> failures = new ArrayList<>();
                    for (CompletableFuture<ListGroupsResponse> answer : answers) {
                        try {
                            ListGroupsResponse response = answer.join();
                            if (response.error() != Errors.NONE) {
                                failures.add(ApiException.forError(response.error(), "listing consumer groups"));
                                continue;
                            }
                            for (ListGroupsResponse.ListedGroup g : response.groups()) {
                                if (g.protocolType().isEmpty() || ConsumerProtocol.PROTOCOL_TYPE.equals(g.protocolType())) {
                                    listings.put(g.groupId(), new ConsumerGroupListing(g.groupId(),
                                        g.protocolType().isEmpty(), Optional.of(ConsumerGroupState.parse(g.groupState()))));
                                }
                            }
                        } catch (RuntimeException e) {
                            failures.add(ClientUtils.unwrap(e));
                        }
                    }
                    valid.complete(List.copyOf(listings.values()));
                    errors.complete(List.copyOf(failures));
                });
        });
        return new ListConsumerGroupsResult(valid, errors);
    }

    DescribeConsumerGroupsResult describe(Collection<String> groupIds) {
        Map<String, CompletableFuture<ConsumerGroupDescription>> futures = new LinkedHashMap<>();
        for (String groupId : new HashSet<>(groupIds)) {
            futures.put(groupId, coordinators.<DescribeGroupsResponse>call("describeConsumerGroups", groupId,
                () -> new DescribeGroupsRequest(List.of(groupId)), ConsumerGroupAdmin::firstError, deadline.getAsLong())
                .thenApply(reply -> description(groupId, reply)));
        }
        return new DescribeConsumerGroupsResult(futures);
    }

    private static Errors firstError(DescribeGroupsResponse response) {
        return response.groups().isEmpty() ? Errors.NONE : response.groups().get(0).error();
    }

    private static ConsumerGroupDescription description(String groupId,
                                                        CoordinatorCallRunner.Reply<DescribeGroupsResponse> reply) {
        DescribeGroupsResponse.DescribedGroup group = reply.response().groups().stream()
            .filter(g -> groupId.equals(g.groupId())).findFirst()
            .orElseThrow(() -> new ApiException(Errors.UNKNOWN_SERVER_ERROR, "The coordinator did not describe group "
                + groupId));
        if (group.error() != Errors.NONE) {
            throw ApiException.forError(group.error(), "describing group " + groupId);
        }
        if (!group.protocolType().isEmpty() && !ConsumerProtocol.PROTOCOL_TYPE.equals(group.protocolType())) {
            throw new IllegalArgumentException("Group " + groupId + " is not a consumer group (protocol type "
                + group.protocolType() + ")");
        }
        List<MemberDescription> members = new ArrayList<>();
        for (DescribeGroupsResponse.DescribedMember m : group.members()) {
            List<TopicPartition> assigned;
            try {
                assigned = ConsumerProtocol.readAssignment(m.assignment());
            } catch (IllegalArgumentException e) {
                throw new ApiException(Errors.UNKNOWN_SERVER_ERROR, "Unreadable assignment of member " + m.memberId()
                    + " of group " + groupId + ": " + e.getMessage(), e);
            }
            members.add(new MemberDescription(m.memberId(), Optional.ofNullable(m.groupInstanceId()), m.clientId(),
                m.clientHost(), new MemberAssignment(new HashSet<>(assigned))));
        }
        return new ConsumerGroupDescription(groupId, group.protocolType().isEmpty(), members, group.protocol(),
            ConsumerGroupState.parse(group.groupState()), reply.coordinator());
    }

    DeleteConsumerGroupsResult delete(Collection<String> groupIds) {
        Map<String, CompletableFuture<Void>> futures = new LinkedHashMap<>();
        for (String groupId : new HashSet<>(groupIds)) {
            futures.put(groupId, coordinators.<DeleteGroupsResponse>call("deleteConsumerGroups", groupId,
                () -> new DeleteGroupsRequest(List.of(groupId)), response -> response.results().isEmpty() ? Errors.NONE
                    : response.results().get(0).error(), deadline.getAsLong()).thenApply(reply -> {
                        Errors error = reply.response().results().stream().filter(r -> groupId.equals(r.groupId()))
                            .map(DeleteGroupsResponse.GroupResult::error).findFirst().orElse(Errors.UNKNOWN_SERVER_ERROR);
                        if (error != Errors.NONE) {
                            throw ApiException.forError(error, "deleting group " + groupId);
                        }
                        return null;
                    }));
        }
        return new DeleteConsumerGroupsResult(futures);
    }

    ListConsumerGroupOffsetsResult listOffsets(String groupId) {
        CompletableFuture<Map<TopicPartition, OffsetAndMetadata>> future = coordinators.<OffsetFetchResponse>call(
            "listConsumerGroupOffsets", groupId, () -> new OffsetFetchRequest(groupId, null), OffsetFetchResponse::error,
            deadline.getAsLong()).thenApply(reply -> {
                OffsetFetchResponse response = reply.response();
                if (response.error() != Errors.NONE) {
                    throw ApiException.forError(response.error(), "listing the offsets of group " + groupId);
                }
                Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
                for (OffsetFetchResponse.Topic t : response.topics()) {
                    for (OffsetFetchResponse.Partition p : t.partitions()) {
                        if (p.error() == Errors.NONE && p.offset() != OffsetFetchResponse.NO_OFFSET) {
                            offsets.put(new TopicPartition(t.name(), p.partition()), new OffsetAndMetadata(p.offset(),
                                p.leaderEpoch() < 0 ? Optional.empty() : Optional.of(p.leaderEpoch()), p.metadata()));
                        }
                    }
                }
                return offsets;
            });
        return new ListConsumerGroupOffsetsResult(future);
    }

    AlterConsumerGroupOffsetsResult alterOffsets(String groupId, Map<TopicPartition, OffsetAndMetadata> offsets) {
        Map<String, List<OffsetCommitRequest.Partition>> byTopic = new LinkedHashMap<>();
        offsets.forEach((tp, o) -> byTopic.computeIfAbsent(tp.topic(), t -> new ArrayList<>()).add(
            new OffsetCommitRequest.Partition(tp.partition(), o.offset(), o.leaderEpoch().orElse(-1), o.metadata())));
        List<OffsetCommitRequest.Topic> topics = new ArrayList<>();
        byTopic.forEach((topic, partitions) -> topics.add(new OffsetCommitRequest.Topic(topic, partitions)));
        // no generation and no member id: the coordinator takes it only while the group has no members
        OffsetCommitRequest request = new OffsetCommitRequest(groupId, OffsetCommitRequest.NO_GENERATION, "", null,
            topics);
        CompletableFuture<Map<TopicPartition, Errors>> future = coordinators.<OffsetCommitResponse>call(
            "alterConsumerGroupOffsets", groupId, () -> request, ConsumerGroupAdmin::firstError, deadline.getAsLong())
            .thenApply(reply -> {
                Map<TopicPartition, Errors> errors = new HashMap<>();
                reply.response().topics().forEach(t -> t.partitions().forEach(p ->
                    errors.put(new TopicPartition(t.name(), p.partition()), p.error())));
                return errors;
            });
        return new AlterConsumerGroupOffsetsResult(future);
    }

    DeleteConsumerGroupOffsetsResult deleteOffsets(String groupId, Set<TopicPartition> partitions) {
        Map<String, List<Integer>> byTopic = new LinkedHashMap<>();
        partitions.forEach(tp -> byTopic.computeIfAbsent(tp.topic(), t -> new ArrayList<>()).add(tp.partition()));
        List<OffsetDeleteRequest.Topic> topics = new ArrayList<>();
        byTopic.forEach((topic, ids) -> topics.add(new OffsetDeleteRequest.Topic(topic, ids)));
        CompletableFuture<Map<TopicPartition, Errors>> future = coordinators.<OffsetDeleteResponse>call(
            "deleteConsumerGroupOffsets", groupId, () -> new OffsetDeleteRequest(groupId, topics),
            OffsetDeleteResponse::error, deadline.getAsLong()).thenApply(reply -> {
                if (reply.response().error() != Errors.NONE) {
                    throw ApiException.forError(reply.response().error(), "deleting the offsets of group " + groupId);
                }
                Map<TopicPartition, Errors> errors = new HashMap<>();
                reply.response().topics().forEach(t -> t.partitions().forEach(p ->
                    errors.put(new TopicPartition(t.name(), p.partition()), p.error())));
                return errors;
            });
        return new DeleteConsumerGroupOffsetsResult(future, partitions);
    }

    private static Errors firstError(OffsetCommitResponse response) {
        for (OffsetCommitResponse.Topic t : response.topics()) {
            for (OffsetCommitResponse.Partition p : t.partitions()) {
                if (p.error() != Errors.NONE) {
                    return p.error();
                }
            }
        }
        return Errors.NONE;
    }
}
