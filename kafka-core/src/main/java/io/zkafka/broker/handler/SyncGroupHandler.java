package io.zkafka.broker.handler;

import io.zkafka.broker.group.GroupCoordinator;
import io.zkafka.broker.network.ApiHandler;
import io.zkafka.broker.network.RequestContext;
import io.zkafka.common.message.SyncGroupRequest;
import io.zkafka.common.message.SyncGroupResponse;
import java.util.concurrent.CompletableFuture;

/** Hands each member its assignment once the leader's is written. */
public final class SyncGroupHandler implements ApiHandler<SyncGroupRequest> {
    private final GroupCoordinator coordinator;

    public SyncGroupHandler(GroupCoordinator coordinator) {
        this.coordinator = coordinator;
    }

    @Override
    public CompletableFuture<SyncGroupResponse> handle(RequestContext context, SyncGroupRequest request) {
        return coordinator.sync(request, context.connectionClosed());
    }
}
