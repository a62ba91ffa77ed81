package io.zkafka.broker.handler;

import io.zkafka.broker.group.GroupAdministration;
import io.zkafka.broker.network.ApiHandler;
import io.zkafka.broker.network.RequestContext;
import io.zkafka.common.message.ListGroupsRequest;
import io.zkafka.common.message.ListGroupsResponse;
import java.util.concurrent.CompletableFuture;

/** Lists the groups this broker coordinates (the admin client asks every broker and merges). */
public final class ListGroupsHandler implements ApiHandler<ListGroupsRequest> {
    private final GroupAdministration groups;

    public ListGroupsHandler(GroupAdministration groups) {
        this.groups = groups;
    }

    @Override
    public CompletableFuture<ListGroupsResponse> handle(RequestContext context, ListGroupsRequest request) {
        return CompletableFuture.completedFuture(groups.list(request));
    }
}
