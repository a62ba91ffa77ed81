package io.zkafka.broker.handler;

import io.zkafka.broker.authorizer.Authorizer;
import io.zkafka.broker.group.GroupAdministration;
import io.zkafka.broker.network.ApiHandler;
import io.zkafka.broker.network.RequestContext;
import io.zkafka.common.acl.AclOperation;
import io.zkafka.common.message.OffsetDeleteRequest;
import io.zkafka.common.message.OffsetDeleteResponse;
import io.zkafka.common.protocol.Errors;
import io.zkafka.common.resource.ResourceType;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Deletes a group's offsets of topics it does not subscribe to; answered once the tombstones are replicated.
 * Delete on the group, Read on each topic.
 */
public final class OffsetDeleteHandler implements ApiHandler<OffsetDeleteRequest> {
    private final GroupAdministration groups;
    private final Authorizer authorizer;

    public OffsetDeleteHandler(GroupAdministration groups, Authorizer authorizer) {
        this.groups = groups;
        this.authorizer = authorizer;
    }

    @Override
    public CompletableFuture<OffsetDeleteResponse> handle(RequestContext context, OffsetDeleteRequest request) {
        if (!authorizer.authorize(context, AclOperation.DELETE, ResourceType.GROUP, request.groupId())) {
            return CompletableFuture.completedFuture(new OffsetDeleteResponse(Errors.GROUP_AUTHORIZATION_FAILED,
                List.of()));
        }
        List<OffsetDeleteRequest.Topic> permitted = new ArrayList<>(request.topics().size());
        List<OffsetDeleteResponse.Topic> refused = new ArrayList<>();
        for (OffsetDeleteRequest.Topic topic : request.topics()) {
            if (authorizer.authorize(context, AclOperation.READ, ResourceType.TOPIC, topic.name())) {
                permitted.add(topic);
            } else {
                refused.add(new OffsetDeleteResponse.Topic(topic.name(), topic.partitions().stream()
                    .map(p -> new OffsetDeleteResponse.Partition(p, Errors.TOPIC_AUTHORIZATION_FAILED)).toList()));
            }
        }
        if (refused.isEmpty()) {
            return groups.deleteOffsets(request);
        }
        CompletableFuture<OffsetDeleteResponse> deleted = permitted.isEmpty()
            ? CompletableFuture.completedFuture(new OffsetDeleteResponse(Errors.NONE, List.of()))
            : groups.deleteOffsets(new OffsetDeleteRequest(request.groupId(), permitted));
        return deleted.thenApply(response -> {
            List<OffsetDeleteResponse.Topic> topics = new ArrayList<>(response.topics());
            topics.addAll(refused);
            return new OffsetDeleteResponse(response.error(), topics);
        });
    }
}
