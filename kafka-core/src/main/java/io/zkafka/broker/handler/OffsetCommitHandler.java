package io.zkafka.broker.handler;

import io.zkafka.broker.authorizer.Authorizer;
import io.zkafka.broker.group.GroupCoordinator;
import io.zkafka.broker.network.ApiHandler;
import io.zkafka.broker.network.RequestContext;
import io.zkafka.common.acl.AclOperation;
import io.zkafka.common.message.OffsetCommitRequest;
import io.zkafka.common.message.OffsetCommitResponse;
import io.zkafka.common.protocol.Errors;
import io.zkafka.common.resource.ResourceType;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Commits a group's offsets; answered once the in-sync replicas of the offsets partition have them. Needs
 * Read on the group (else every partition answers GROUP_AUTHORIZATION_FAILED) and on each topic (else its
 * partitions answer TOPIC_AUTHORIZATION_FAILED and are not committed).
 */
public final class OffsetCommitHandler implements ApiHandler<OffsetCommitRequest> {
    private final GroupCoordinator coordinator;
    private final Authorizer authorizer;

    public OffsetCommitHandler(GroupCoordinator coordinator, Authorizer authorizer) {
        this.coordinator = coordinator;
        this.authorizer = authorizer;
    }

    @Override
    public CompletableFuture<OffsetCommitResponse> handle(RequestContext context, OffsetCommitRequest request) {
        if (!authorizer.authorize(context, AclOperation.READ, ResourceType.GROUP, request.groupId())) {
            return CompletableFuture.completedFuture(refuseAll(request.topics(), Errors.GROUP_AUTHORIZATION_FAILED));
        }
        List<OffsetCommitRequest.Topic> permitted = new ArrayList<>(request.topics().size());
        List<OffsetCommitRequest.Topic> refused = new ArrayList<>();
        for (OffsetCommitRequest.Topic topic : request.topics()) {
            (authorizer.authorize(context, AclOperation.READ, ResourceType.TOPIC, topic.name()) ? permitted : refused)
                .add(topic);
        }
        if (refused.isEmpty()) {
            return coordinator.offsets().commit(request, context.connectionClosed());
        }
        OffsetCommitResponse refusals = refuseAll(refused, Errors.TOPIC_AUTHORIZATION_FAILED);
        if (permitted.isEmpty()) {
            return CompletableFuture.completedFuture(refusals);
        }
        return coordinator.offsets().commit(new OffsetCommitRequest(request.groupId(), request.generationId(),
            request.memberId(), request.groupInstanceId(), permitted), context.connectionClosed())
            .thenApply(response -> {
                List<OffsetCommitResponse.Topic> topics = new ArrayList<>(response.topics());
                topics.addAll(refusals.topics());
                return new OffsetCommitResponse(topics);
            });
    }

    private static OffsetCommitResponse refuseAll(List<OffsetCommitRequest.Topic> topics, Errors error) {
        List<OffsetCommitResponse.Topic> out = new ArrayList<>(topics.size());
        for (OffsetCommitRequest.Topic topic : topics) {
            out.add(new OffsetCommitResponse.Topic(topic.name(), topic.partitions().stream()
                .map(p -> new OffsetCommitResponse.Partition(p.partition(), error)).toList()));
        }
        return new OffsetCommitResponse(out);
    }
}
