package io.zkafka.broker.handler;

import io.zkafka.broker.authorizer.Authorizer;
import io.zkafka.broker.group.GroupAdministration;
import io.zkafka.broker.network.ApiHandler;
import io.zkafka.broker.network.RequestContext;
import io.zkafka.common.acl.AclOperation;
import io.zkafka.common.message.ListGroupsRequest;
import io.zkafka.common.message.ListGroupsResponse;
import io.zkafka.common.resource.ResourceType;
import java.util.concurrent.CompletableFuture;

/**
 * Lists the groups this broker coordinates (the admin client asks every broker and merges): all of them
 * with Describe on the cluster, else those the principal may Describe.
 */
public final class ListGroupsHandler implements ApiHandler<ListGroupsRequest> {
    private final GroupAdministration groups;
    private final Authorizer authorizer;

    public ListGroupsHandler(GroupAdministration groups, Authorizer authorizer) {
        this.groups = groups;
        this.authorizer = authorizer;
    }

    @Override
    public CompletableFuture<ListGroupsResponse> handle(RequestContext context, ListGroupsRequest request) {
        ListGroupsResponse all = groups.list(request);
        if (authorizer.authorizeCluster(context, AclOperation.DESCRIBE)) {
            return CompletableFuture.completedFuture(all);
        }
        return CompletableFuture.completedFuture(new ListGroupsResponse(all.error(), all.groups().stream()
            .filter(g -> authorizer.authorize(context, AclOperation.DESCRIBE, ResourceType.GROUP, g.groupId()))
            .toList()));
    }
}
