package io.zkafka.broker.handler;

import io.zkafka.broker.group.GroupAdministration;
import io.zkafka.broker.network.ApiHandler;
import io.zkafka.broker.network.RequestContext;
import io.zkafka.common.message.DeleteGroupsRequest;
import io.zkafka.common.message.DeleteGroupsResponse;
import java.util.concurrent.CompletableFuture;

/** Deletes empty groups and their offsets; answered once the tombstones are replicated (no thread waits). */
public final class DeleteGroupsHandler implements ApiHandler<DeleteGroupsRequest> {
    private final GroupAdministration groups;

    public DeleteGroupsHandler(GroupAdministration groups) {
        this.groups = groups;
    }

    @Override
    public CompletableFuture<DeleteGroupsResponse> handle(RequestContext context, DeleteGroupsRequest request) {
        return groups.delete(request);
    }
}
