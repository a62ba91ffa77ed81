package io.zkafka.broker.handler;

import io.zkafka.broker.network.ApiHandler;
import io.zkafka.broker.network.RequestContext;
import io.zkafka.common.message.ListPartitionReassignmentsRequest;
import io.zkafka.common.message.ListPartitionReassignmentsResponse;
import io.zkafka.controller.KafkaController;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Lists reassignments in progress, as the controller (here, or forwarded to it) sees them. */
public final class ListPartitionReassignmentsHandler implements ApiHandler<ListPartitionReassignmentsRequest> {
    private final ControllerForwarder forwarder;
    private final KafkaController controller;

    public ListPartitionReassignmentsHandler(ControllerForwarder forwarder, KafkaController controller) {
        this.forwarder = forwarder;
        this.controller = controller;
    }

    @Override
    public CompletableFuture<ListPartitionReassignmentsResponse> handle(RequestContext context,
                                                                         ListPartitionReassignmentsRequest request) {
        return forwarder.forward(request, () -> controller.listPartitionReassignments(
                request.partitions() == null ? null : new HashSet<>(request.partitions())),
            request.timeoutMs(), error -> new ListPartitionReassignmentsResponse(error, error.message(), List.of()));
    }
}
