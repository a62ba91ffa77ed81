package io.zkafka.broker.handler;

import io.zkafka.broker.network.ApiHandler;
import io.zkafka.broker.network.RequestContext;
import io.zkafka.common.message.ControlledShutdownRequest;
import io.zkafka.common.message.ControlledShutdownResponse;
import io.zkafka.controller.KafkaController;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** A stopping broker asks the controller (here, or forwarded to it) to move its leaderships away. */
public final class ControlledShutdownHandler implements ApiHandler<ControlledShutdownRequest> {
    static final int TIMEOUT_MS = 30_000;

    private final ControllerForwarder forwarder;
    private final KafkaController controller;

    public ControlledShutdownHandler(ControllerForwarder forwarder, KafkaController controller) {
        this.forwarder = forwarder;
        this.controller = controller;
    }

    @Override
    public CompletableFuture<ControlledShutdownResponse> handle(RequestContext context, ControlledShutdownRequest request) {
        return forwarder.forward(request, () -> controller.controlledShutdown(request.brokerId(), request.brokerEpoch()),
            TIMEOUT_MS, error -> new ControlledShutdownResponse(error, List.of()));
    }
}
