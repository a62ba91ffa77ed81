package io.zkafka.broker.handler;

import io.zkafka.broker.authorizer.Authorizer;
import io.zkafka.broker.group.GroupCoordinator;
import io.zkafka.broker.network.ApiHandler;
import io.zkafka.broker.network.RequestContext;
import io.zkafka.common.acl.AclOperation;
import io.zkafka.common.message.OffsetFetchRequest;
import io.zkafka.common.message.OffsetFetchResponse;
import io.zkafka.common.protocol.Errors;
import io.zkafka.common.resource.ResourceType;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Answers a group's committed offsets. Describe on the group (else GROUP_AUTHORIZATION_FAILED) and on each
 * topic: a named one refused answers TOPIC_AUTHORIZATION_FAILED, an all-topics answer leaves it out.
 */
public final class OffsetFetchHandler implements ApiHandler<OffsetFetchRequest> {
    private final GroupCoordinator coordinator;
    private final Authorizer authorizer;

    public OffsetFetchHandler(GroupCoordinator coordinator, Authorizer authorizer) {
        this.coordinator = coordinator;
        this.authorizer = authorizer;
    }

    @Override
    public CompletableFuture<OffsetFetchResponse> handle(RequestContext context, OffsetFetchRequest request) {
        if (!authorizer.authorize(context, AclOperation.DESCRIBE, ResourceType.GROUP, request.groupId())) {
            return CompletableFuture.completedFuture(new OffsetFetchResponse(Errors.GROUP_AUTHORIZATION_FAILED,
                List.of()));
        }
        if (request.topics() == null) {
            OffsetFetchResponse all = coordinator.offsets().fetch(request);
            return CompletableFuture.completedFuture(new OffsetFetchResponse(all.error(), all.topics().stream()
                .filter(t -> authorizer.authorize(context, AclOperation.DESCRIBE, ResourceType.TOPIC, t.name()))
                .toList()));
        }
        List<OffsetFetchRequest.Topic> permitted = new ArrayList<>(request.topics().size());
        List<OffsetFetchResponse.Topic> refused = new ArrayList<>();
        for (OffsetFetchRequest.Topic topic : request.topics()) {
            if (authorizer.authorize(context, AclOperation.DESCRIBE, ResourceType.TOPIC, topic.name())) {
                permitted.add(topic);
            } else {
                refused.add(new OffsetFetchResponse.Topic(topic.name(), topic.partitions().stream()
                    .map(p -> new OffsetFetchResponse.Partition(p, -1L, -1, "", Errors.TOPIC_AUTHORIZATION_FAILED))
                    .toList()));
            }
        }
        if (refused.isEmpty()) {
            return CompletableFuture.completedFuture(coordinator.offsets().fetch(request));
        }
        OffsetFetchResponse fetched = permitted.isEmpty() ? new OffsetFetchResponse(Errors.NONE, List.of())
            : coordinator.offsets().fetch(new OffsetFetchRequest(request.groupId(), permitted, request.requireStable()));
        List<OffsetFetchResponse.Topic> topics = new ArrayList<>(fetched.topics());
        topics.addAll(refused);
        return CompletableFuture.completedFuture(new OffsetFetchResponse(fetched.error(), topics));
    }
}
