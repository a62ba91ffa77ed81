package io.zkafka.broker.handler;

import io.zkafka.broker.network.ApiHandler;
import io.zkafka.broker.network.RequestContext;
import io.zkafka.common.TopicPartition;
import io.zkafka.common.message.CreateTopicsRequest;
import io.zkafka.common.message.CreateTopicsResponse;
import io.zkafka.common.message.TopicResult;
import io.zkafka.common.protocol.Errors;
import io.zkafka.coordination.TopicAssignment;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Creates topics through the controller and answers once this broker sees their leaders. */
public final class CreateTopicsHandler implements ApiHandler<CreateTopicsRequest> {
    private final ControllerForwarder controller;
    private final MetadataWaiter waiter;

    public CreateTopicsHandler(ControllerForwarder controller, MetadataWaiter waiter) {
        this.controller = controller;
        this.waiter = waiter;
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
                return assignment != null && assignment.partitions().keySet().stream()
                    .allMatch(p -> image.state(new TopicPartition(topic, p)).isPresent());
            }), request.timeoutMs()).thenApply(ignored -> new CreateTopicsResponse(results));
        });
    }
}
