package io.zkafka.broker.handler;

import io.zkafka.broker.group.GroupCoordinator;
import io.zkafka.broker.network.ApiHandler;
import io.zkafka.broker.network.RequestContext;
import io.zkafka.common.message.OffsetCommitRequest;
import io.zkafka.common.message.OffsetCommitResponse;
import java.util.concurrent.CompletableFuture;

/** Commits a group's offsets; answered once the in-sync replicas of the offsets partition have them. */
public final class OffsetCommitHandler implements ApiHandler<OffsetCommitRequest> {
    private final GroupCoordinator coordinator;

    public OffsetCommitHandler(GroupCoordinator coordinator) {
        this.coordinator = coordinator;
    }

    @Override
    public CompletableFuture<OffsetCommitResponse> handle(RequestContext context, OffsetCommitRequest request) {
        return coordinator.offsets().commit(request, context.connectionClosed());
    }
}
