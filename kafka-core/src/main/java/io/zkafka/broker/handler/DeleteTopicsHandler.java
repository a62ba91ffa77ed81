package io.zkafka.broker.handler;

import io.zkafka.broker.network.ApiHandler;
import io.zkafka.broker.network.RequestContext;
import io.zkafka.common.message.DeleteTopicsRequest;
import io.zkafka.common.message.DeleteTopicsResponse;
import io.zkafka.common.message.TopicResult;
import io.zkafka.common.protocol.Errors;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Deletes topics through the controller and answers once no live broker sees them any more. */
public final class DeleteTopicsHandler implements ApiHandler<DeleteTopicsRequest> {
    private final ControllerForwarder controller;
    private final MetadataWaiter waiter;
    private final MetadataPropagation propagation;

    public DeleteTopicsHandler(ControllerForwarder controller, MetadataWaiter waiter, MetadataPropagation propagation) {
        this.controller = controller;
        this.waiter = waiter;
        this.propagation = propagation;
    }

    @Override
    public CompletableFuture<DeleteTopicsResponse> handle(RequestContext context, DeleteTopicsRequest request) {
        return controller.deleteTopics(request).thenCompose(results -> {
            List<String> deleted = results.stream().filter(r -> r.error() == Errors.NONE).map(TopicResult::name).toList();
            return waiter.await(image -> deleted.stream().noneMatch(image.assignments()::containsKey), request.timeoutMs())
                .thenCompose(ignored -> propagation.await(deleted, response -> response.topics().stream()
                    .allMatch(t -> t.error() == Errors.UNKNOWN_TOPIC_OR_PARTITION), request.timeoutMs()))
                .thenApply(ignored -> new DeleteTopicsResponse(results));
        });
    }
}
