package io.zkafka.broker.handler;

import io.zkafka.broker.authorizer.Authorizer;
import io.zkafka.broker.network.ApiHandler;
import io.zkafka.broker.network.RequestContext;
import io.zkafka.common.TopicPartition;
import io.zkafka.common.acl.AclOperation;
import io.zkafka.common.message.AlterPartitionReassignmentsRequest.ReassignablePartition;
import io.zkafka.common.message.AlterPartitionReassignmentsRequest;
import io.zkafka.common.message.AlterPartitionReassignmentsResponse;
import io.zkafka.common.protocol.Errors;
import io.zkafka.controller.KafkaController;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** Starts or cancels partition reassignments through the controller (here, or forwarded to it). */
public final class AlterPartitionReassignmentsHandler implements ApiHandler<AlterPartitionReassignmentsRequest> {
    private final ControllerForwarder forwarder;
    private final KafkaController controller;
    private final Authorizer authorizer;

    public AlterPartitionReassignmentsHandler(ControllerForwarder forwarder, KafkaController controller, Authorizer authorizer) {
        this.forwarder = forwarder;
        this.controller = controller;
        this.authorizer = authorizer;
    }

    @Override
    public CompletableFuture<AlterPartitionReassignmentsResponse> handle(RequestContext context,
                                                                          AlterPartitionReassignmentsRequest request) {
        if (!authorizer.authorizeCluster(context, AclOperation.ALTER)) {
            return CompletableFuture.completedFuture(new AlterPartitionReassignmentsResponse(
                Errors.CLUSTER_AUTHORIZATION_FAILED, null, List.of()));
        }
        Map<TopicPartition, List<Integer>> targets = new LinkedHashMap<>();
        for (ReassignablePartition partition : request.partitions() == null ? List.<ReassignablePartition>of()
                : request.partitions()) {
            if (targets.containsKey(partition.partition())) {
                return CompletableFuture.completedFuture(new AlterPartitionReassignmentsResponse(Errors.INVALID_REQUEST,
                    "Partition " + partition.partition() + " is named twice", List.of()));
            }
            targets.put(partition.partition(), partition.replicas());
        }
        return forwarder.forward(request, () -> controller.alterPartitionReassignments(targets), request.timeoutMs(),
            error -> new AlterPartitionReassignmentsResponse(error, error.message(), List.of()));
    }
}
