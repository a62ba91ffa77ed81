package io.zkafka.broker.handler;

import io.zkafka.broker.authorizer.Authorizer;
import io.zkafka.broker.network.ApiHandler;
import io.zkafka.broker.network.RequestContext;
import io.zkafka.common.acl.AclOperation;
import io.zkafka.common.message.DeleteTopicsRequest;
import io.zkafka.common.message.DeleteTopicsResponse;
import io.zkafka.common.message.TopicResult;
import io.zkafka.common.protocol.Errors;
import io.zkafka.common.resource.ResourceType;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Deletes topics through the controller and answers once no live broker sees them any more. Each
 * topic needs Delete on it (else TOPIC_AUTHORIZATION_FAILED).
 */
public final class DeleteTopicsHandler implements ApiHandler<DeleteTopicsRequest> {
    private final ControllerForwarder controller;
    private final MetadataWaiter waiter;
    private final MetadataPropagation propagation;
    private final Authorizer authorizer;

    public DeleteTopicsHandler(ControllerForwarder controller, MetadataWaiter waiter, MetadataPropagation propagation,
                               Authorizer authorizer) {
        this.controller = controller;
        this.waiter = waiter;
        this.propagation = propagation;
        this.authorizer = authorizer;
    }

    @Override
    public CompletableFuture<DeleteTopicsResponse> handle(RequestContext context, DeleteTopicsRequest asked) {
        TopicRefusals<String> split = TopicRefusals.split(asked.topics(), name -> name,
            name -> authorizer.authorize(context, AclOperation.DELETE, ResourceType.TOPIC, name));
        if (split.permitted().isEmpty()) {
            return CompletableFuture.completedFuture(new DeleteTopicsResponse(split.with(List.of())));
        }
        DeleteTopicsRequest request = split.refused().isEmpty() ? asked
            : new DeleteTopicsRequest(split.permitted(), asked.timeoutMs());
        return delete(request).thenApply(response -> new DeleteTopicsResponse(split.with(response.results())));
    }

    private CompletableFuture<DeleteTopicsResponse> delete(DeleteTopicsRequest request) {
        return controller.deleteTopics(request).thenCompose(results -> {
            List<String> deleted = results.stream().filter(r -> r.error() == Errors.NONE).map(TopicResult::name).toList();
            return waiter.await(image -> deleted.stream().noneMatch(image.assignments()::containsKey), request.timeoutMs())
                .thenCompose(ignored -> propagation.await(deleted, response -> response.topics().stream()
                    .allMatch(t -> t.error() == Errors.UNKNOWN_TOPIC_OR_PARTITION), request.timeoutMs()))
                .thenApply(ignored -> new DeleteTopicsResponse(results));
        });
    }
}
