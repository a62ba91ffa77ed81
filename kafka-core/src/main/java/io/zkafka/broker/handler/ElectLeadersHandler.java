package io.zkafka.broker.handler;

import io.zkafka.broker.authorizer.Authorizer;
import io.zkafka.broker.network.ApiHandler;
import io.zkafka.broker.network.RequestContext;
import io.zkafka.common.ElectionType;
import io.zkafka.common.acl.AclOperation;
import io.zkafka.common.message.ElectLeadersRequest;
import io.zkafka.common.message.ElectLeadersResponse;
import io.zkafka.common.protocol.Errors;
import io.zkafka.controller.KafkaController;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Preferred or unclean leader elections, carried out by the controller (here, or forwarded to it). */
public final class ElectLeadersHandler implements ApiHandler<ElectLeadersRequest> {
    private final ControllerForwarder forwarder;
    private final KafkaController controller;
    private final Authorizer authorizer;

    public ElectLeadersHandler(ControllerForwarder forwarder, KafkaController controller, Authorizer authorizer) {
        this.forwarder = forwarder;
        this.controller = controller;
        this.authorizer = authorizer;
    }

    @Override
    public CompletableFuture<ElectLeadersResponse> handle(RequestContext context, ElectLeadersRequest request) {
        if (!authorizer.authorizeCluster(context, AclOperation.ALTER)) {
            return CompletableFuture.completedFuture(new ElectLeadersResponse(Errors.CLUSTER_AUTHORIZATION_FAILED,
                List.of()));
        }
        ElectionType type;
        try {
            type = ElectionType.forValue(request.electionType());
        } catch (IllegalArgumentException e) {
            return CompletableFuture.completedFuture(new ElectLeadersResponse(Errors.INVALID_REQUEST, List.of()));
        }
        return forwarder.forward(request, () -> new ElectLeadersResponse(Errors.NONE, controller.electLeaders(type,
                request.partitions() == null ? null : new LinkedHashSet<>(request.partitions()))),
            request.timeoutMs(), error -> new ElectLeadersResponse(error, List.of()));
    }
}
