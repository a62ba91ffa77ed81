package io.zkafka.broker.handler;

import io.zkafka.broker.authorizer.Authorizer;
import io.zkafka.broker.network.ApiHandler;
import io.zkafka.broker.network.RequestContext;
import io.zkafka.common.acl.AclOperation;
import io.zkafka.common.message.ControlledShutdownRequest;
import io.zkafka.common.message.ControlledShutdownResponse;
import io.zkafka.common.protocol.Errors;
import io.zkafka.controller.KafkaController;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** A stopping broker asks the controller (here, or forwarded to it) to move its leaderships away. */
public final class ControlledShutdownHandler implements ApiHandler<ControlledShutdownRequest> {
    static final int TIMEOUT_MS = 30_000;

    private final ControllerForwarder forwarder;
    private final KafkaController controller;
    private final Authorizer authorizer;

    public ControlledShutdownHandler(ControllerForwarder forwarder, KafkaController controller, Authorizer authorizer) {
        this.forwarder = forwarder;
        this.controller = controller;
        this.authorizer = authorizer;
    }

    @Override
    public CompletableFuture<ControlledShutdownResponse> handle(RequestContext context, ControlledShutdownRequest request) {
        if (!authorizer.authorizeCluster(context, AclOperation.CLUSTER_ACTION)) {
            return CompletableFuture.completedFuture(new ControlledShutdownResponse(Errors.CLUSTER_AUTHORIZATION_FAILED,
                List.of()));
        }
        return forwarder.forward(request, () -> controller.controlledShutdown(request.brokerId(), request.brokerEpoch()),
            TIMEOUT_MS, error -> new ControlledShutdownResponse(error, List.of()));
    }
}
