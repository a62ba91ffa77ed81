package io.zkafka.broker.handler;

import io.zkafka.broker.network.ApiHandler;
import io.zkafka.broker.network.RequestContext;
import io.zkafka.common.message.CreateTopicsRequest;
import io.zkafka.common.message.CreateTopicsResponse;
import io.zkafka.common.message.MetadataResponse;
import io.zkafka.common.message.TopicResult;
import io.zkafka.common.protocol.Errors;
import io.zkafka.coordination.TopicAssignment;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Creates topics through the controller and answers once every live broker sees their leaders. */
public final class CreateTopicsHandler implements ApiHandler<CreateTopicsRequest> {
    private final ControllerForwarder controller;
    private final MetadataWaiter waiter;
    private final MetadataPropagation propagation;

    public CreateTopicsHandler(ControllerForwarder controller, MetadataWaiter waiter, MetadataPropagation propagation) {
        this.controller = controller;
        this.waiter = waiter;
        this.propagation = propagation;
    }

    @Override
    public CompletableFuture<CreateTopicsResponse> handle(RequestContext context, CreateTopicsRequest request) {
        return controller.createTopics(request).thenCompose(results -> {
            List<String> created = results.stream().filter(r -> r.error() == Errors.NONE).map(TopicResult::name).toList();
            if (request.validateOnly() || created.isEmpty()) {
                return CompletableFuture.completedFuture(new CreateTopicsResponse(results));
            }
            return waiter.await(image -> created.stream().allMatch(topic -> {
                TopicAssignment assignment = image.assignments().get(topic);
                return assignment != null && image.states().countOf(topic) == assignment.partitionCount();
            }), request.timeoutMs())
                .thenCompose(ignored -> propagation.await(created, CreateTopicsHandler::everyLeaderKnown,
                    request.timeoutMs()))
                .thenApply(ignored -> new CreateTopicsResponse(results));
        });
    }

    static boolean everyLeaderKnown(MetadataResponse response) {
        return response.topics().stream().allMatch(t -> t.error() == Errors.NONE && !t.partitions().isEmpty()
            && t.partitions().stream().allMatch(p -> p.leader() >= 0));
    }
}
