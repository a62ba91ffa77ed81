package io.zkafka.broker.handler;

import io.zkafka.broker.network.ApiHandler;
import io.zkafka.broker.network.RequestContext;
import io.zkafka.common.message.CreatePartitionsRequest;
import io.zkafka.common.message.CreatePartitionsResponse;
import io.zkafka.common.protocol.Errors;
import io.zkafka.coordination.TopicAssignment;
import java.util.concurrent.CompletableFuture;

/** Adds partitions through the controller and answers once this broker sees them. */
public final class CreatePartitionsHandler implements ApiHandler<CreatePartitionsRequest> {
    private final ControllerForwarder controller;
    private final MetadataWaiter waiter;

    public CreatePartitionsHandler(ControllerForwarder controller, MetadataWaiter waiter) {
        this.controller = controller;
        this.waiter = waiter;
    }

    @Override
    public CompletableFuture<CreatePartitionsResponse> handle(RequestContext context, CreatePartitionsRequest request) {
        return controller.createPartitions(request).thenCompose(results -> {
            if (request.validateOnly()) {
                return CompletableFuture.completedFuture(new CreatePartitionsResponse(results));
            }
            return waiter.await(image -> request.topics().stream().allMatch(t -> {
                boolean failed = results.stream().anyMatch(r -> r.name().equals(t.name()) && r.error() != Errors.NONE);
                TopicAssignment assignment = image.assignments().get(t.name());
                return failed || assignment != null && assignment.partitionCount() >= t.totalCount();
            }), request.timeoutMs()).thenApply(ignored -> new CreatePartitionsResponse(results));
        });
    }
}
