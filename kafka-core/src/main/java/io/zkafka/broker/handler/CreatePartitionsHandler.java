package io.zkafka.broker.handler;

import io.zkafka.broker.authorizer.Authorizer;
import io.zkafka.broker.network.ApiHandler;
import io.zkafka.broker.network.RequestContext;
import io.zkafka.common.acl.AclOperation;
import io.zkafka.common.message.CreatePartitionsRequest;
import io.zkafka.common.message.CreatePartitionsResponse;
import io.zkafka.common.message.TopicResult;
import io.zkafka.common.protocol.Errors;
import io.zkafka.common.resource.ResourceType;
import io.zkafka.coordination.TopicAssignment;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Adds partitions through the controller and answers once every live broker sees them. Each topic
 * needs Alter on it (else TOPIC_AUTHORIZATION_FAILED).
 */
public final class CreatePartitionsHandler implements ApiHandler<CreatePartitionsRequest> {
    private final ControllerForwarder controller;
    private final MetadataWaiter waiter;
    private final MetadataPropagation propagation;
    private final Authorizer authorizer;

    public CreatePartitionsHandler(ControllerForwarder controller, MetadataWaiter waiter,
                                   MetadataPropagation propagation, Authorizer authorizer) {
        this.controller = controller;
        this.waiter = waiter;
        this.propagation = propagation;
        this.authorizer = authorizer;
    }

    @Override
    public CompletableFuture<CreatePartitionsResponse> handle(RequestContext context, CreatePartitionsRequest asked) {
        TopicRefusals<CreatePartitionsRequest.PartitionsTopic> split = TopicRefusals.split(asked.topics(),
            CreatePartitionsRequest.PartitionsTopic::name,
            name -> authorizer.authorize(context, AclOperation.ALTER, ResourceType.TOPIC, name));
        if (split.permitted().isEmpty()) {
            return CompletableFuture.completedFuture(new CreatePartitionsResponse(split.with(List.of())));
        }
        CreatePartitionsRequest request = split.refused().isEmpty() ? asked
            : new CreatePartitionsRequest(split.permitted(), asked.timeoutMs(), asked.validateOnly());
        return grow(request).thenApply(response -> new CreatePartitionsResponse(split.with(response.results())));
    }

    private CompletableFuture<CreatePartitionsResponse> grow(CreatePartitionsRequest request) {
        return controller.createPartitions(request).thenCompose(results -> {
            if (request.validateOnly()) {
                return CompletableFuture.completedFuture(new CreatePartitionsResponse(results));
            }
            return waiter.await(image -> request.topics().stream().allMatch(t -> {
                boolean failed = results.stream().anyMatch(r -> r.name().equals(t.name()) && r.error() != Errors.NONE);
                TopicAssignment assignment = image.assignments().get(t.name());
                return failed || assignment != null && assignment.partitionCount() >= t.totalCount();
            }), request.timeoutMs()).thenCompose(ignored -> {
                List<String> grown = results.stream().filter(r -> r.error() == Errors.NONE).map(TopicResult::name).toList();
                Map<String, Integer> counts = new HashMap<>();
                request.topics().forEach(t -> counts.put(t.name(), t.totalCount()));
                return propagation.await(grown, response -> response.topics().stream().allMatch(t ->
                    t.error() == Errors.NONE && t.partitions().size() >= counts.getOrDefault(t.name(), 0)
                        && t.partitions().stream().allMatch(p -> p.leader() >= 0)), request.timeoutMs());
            }).thenApply(ignored -> new CreatePartitionsResponse(results));
        });
    }
}
