package io.zkafka.broker.handler;

import io.zkafka.broker.group.GroupAdministration;
import io.zkafka.broker.network.ApiHandler;
import io.zkafka.broker.network.RequestContext;
import io.zkafka.common.message.OffsetDeleteRequest;
import io.zkafka.common.message.OffsetDeleteResponse;
import java.util.concurrent.CompletableFuture;

/** Deletes a group's offsets of topics it does not subscribe to; answered once the tombstones are replicated. */
public final class OffsetDeleteHandler implements ApiHandler<OffsetDeleteRequest> {
    private final GroupAdministration groups;

    public OffsetDeleteHandler(GroupAdministration groups) {
        this.groups = groups;
    }

    @Override
    public CompletableFuture<OffsetDeleteResponse> handle(RequestContext context, OffsetDeleteRequest request) {
        return groups.deleteOffsets(request);
    }
}
