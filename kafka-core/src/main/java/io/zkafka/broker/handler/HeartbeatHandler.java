package io.zkafka.broker.handler;

import io.zkafka.broker.group.GroupCoordinator;
import io.zkafka.broker.network.ApiHandler;
import io.zkafka.broker.network.RequestContext;
import io.zkafka.common.message.HeartbeatRequest;
import io.zkafka.common.message.HeartbeatResponse;
import java.util.concurrent.CompletableFuture;

/** Keeps a member's session alive and tells it when to rejoin. */
public final class HeartbeatHandler implements ApiHandler<HeartbeatRequest> {
    private final GroupCoordinator coordinator;

    public HeartbeatHandler(GroupCoordinator coordinator) {
        this.coordinator = coordinator;
    }

    @Override
    public CompletableFuture<HeartbeatResponse> handle(RequestContext context, HeartbeatRequest request) {
        return CompletableFuture.completedFuture(coordinator.heartbeat(request, context.connectionClosed()));
    }
}
