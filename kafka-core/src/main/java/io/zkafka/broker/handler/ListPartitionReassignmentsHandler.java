package io.zkafka.broker.handler;

import io.zkafka.broker.authorizer.Authorizer;
import io.zkafka.broker.network.ApiHandler;
import io.zkafka.broker.network.RequestContext;
import io.zkafka.common.acl.AclOperation;
import io.zkafka.common.message.ListPartitionReassignmentsRequest;
import io.zkafka.common.message.ListPartitionReassignmentsResponse;
import io.zkafka.common.protocol.Errors;
import io.zkafka.controller.KafkaController;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Lists reassignments in progress, as the controller (here, or forwarded to it) sees them. */
public final class ListPartitionReassignmentsHandler implements ApiHandler<ListPartitionReassignmentsRequest> {
    private final ControllerForwarder forwarder;
    private final KafkaController controller;
    private final Authorizer authorizer;

    public ListPartitionReassignmentsHandler(ControllerForwarder forwarder, KafkaController controller, Authorizer authorizer) {
        this.forwarder = forwarder;
        this.controller = controller;
        this.authorizer = authorizer;
    }

    @Override
    public CompletableFuture<ListPartitionReassignmentsResponse> handle(RequestContext context,
                                                                         ListPartitionReassignmentsRequest request) {
        if (!authorizer.authorizeCluster(context, AclOperation.DESCRIBE)) {
            return CompletableFuture.completedFuture(new ListPartitionReassignmentsResponse(
                Errors.CLUSTER_AUTHORIZATION_FAILED, null, List.of()));
        }
        return forwarder.forward(request, () -> controller.listPartitionReassignments(
                request.partitions() == null ? null : new HashSet<>(request.partitions())),
            request.timeoutMs(), error -> new ListPartitionReassignmentsResponse(error, error.message(), List.of()));
    }
}
