package io.zkafka.broker.handler;

import io.zkafka.broker.authorizer.Authorizer;
import io.zkafka.broker.network.ApiHandler;
import io.zkafka.broker.network.RequestContext;
import io.zkafka.common.acl.AclOperation;
import io.zkafka.common.message.CreateTopicsRequest;
import io.zkafka.common.message.CreateTopicsResponse;
import io.zkafka.common.message.MetadataResponse;
import io.zkafka.common.message.TopicResult;
import io.zkafka.common.protocol.Errors;
import io.zkafka.common.resource.ResourceType;
import io.zkafka.coordination.TopicAssignment;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Creates topics through the controller and answers once every live broker sees their leaders. Each
 * topic needs Create on the cluster or on the topic (else TOPIC_AUTHORIZATION_FAILED).
 */
public final class CreateTopicsHandler implements ApiHandler<CreateTopicsRequest> {
    private final ControllerForwarder controller;
    private final MetadataWaiter waiter;
    private final MetadataPropagation propagation;
    private final Authorizer authorizer;

    public CreateTopicsHandler(ControllerForwarder controller, MetadataWaiter waiter, MetadataPropagation propagation,
                               Authorizer authorizer) {
        this.controller = controller;
        this.waiter = waiter;
        this.propagation = propagation;
        this.authorizer = authorizer;
    }

    @Override
    public CompletableFuture<CreateTopicsResponse> handle(RequestContext context, CreateTopicsRequest asked) {
        boolean onCluster = authorizer.authorizeCluster(context, AclOperation.CREATE);
        TopicRefusals<CreateTopicsRequest.CreatableTopic> split = TopicRefusals.split(asked.topics(),
            CreateTopicsRequest.CreatableTopic::name,
            name -> onCluster || authorizer.authorize(context, AclOperation.CREATE, ResourceType.TOPIC, name));
        if (split.permitted().isEmpty()) {
            return CompletableFuture.completedFuture(new CreateTopicsResponse(split.with(List.of())));
        }
        CreateTopicsRequest request = split.refused().isEmpty() ? asked
            : new CreateTopicsRequest(split.permitted(), asked.timeoutMs(), asked.validateOnly());
        return create(request).thenApply(response -> new CreateTopicsResponse(split.with(response.results())));
    }

    private CompletableFuture<CreateTopicsResponse> create(CreateTopicsRequest request) {
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
