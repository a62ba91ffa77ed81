package io.zkafka.broker.handler;

import io.zkafka.broker.authorizer.Authorizer;
import io.zkafka.broker.group.GroupAdministration;
import io.zkafka.broker.network.ApiHandler;
import io.zkafka.broker.network.RequestContext;
import io.zkafka.common.acl.AclOperation;
import io.zkafka.common.message.DeleteGroupsRequest;
import io.zkafka.common.message.DeleteGroupsResponse;
import io.zkafka.common.protocol.Errors;
import io.zkafka.common.resource.ResourceType;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Deletes empty groups and their offsets; answered once the tombstones are replicated (no thread waits).
 * Delete on each group.
 */
public final class DeleteGroupsHandler implements ApiHandler<DeleteGroupsRequest> {
    private final GroupAdministration groups;
    private final Authorizer authorizer;

    public DeleteGroupsHandler(GroupAdministration groups, Authorizer authorizer) {
        this.groups = groups;
        this.authorizer = authorizer;
    }

    @Override
    public CompletableFuture<DeleteGroupsResponse> handle(RequestContext context, DeleteGroupsRequest request) {
        List<String> permitted = request.groups().stream()
            .filter(g -> authorizer.authorize(context, AclOperation.DELETE, ResourceType.GROUP, g)).toList();
        if (permitted.size() == request.groups().size()) {
            return groups.delete(request);
        }
        List<DeleteGroupsResponse.GroupResult> refused = request.groups().stream().filter(g -> !permitted.contains(g))
            .map(g -> new DeleteGroupsResponse.GroupResult(g, Errors.GROUP_AUTHORIZATION_FAILED)).toList();
        CompletableFuture<DeleteGroupsResponse> deleted = permitted.isEmpty()
            ? CompletableFuture.completedFuture(new DeleteGroupsResponse(List.of()))
            : groups.delete(new DeleteGroupsRequest(permitted));
        return deleted.thenApply(response -> {
            List<DeleteGroupsResponse.GroupResult> all = new ArrayList<>(response.results());
            all.addAll(refused);
            return new DeleteGroupsResponse(all);
        });
    }
}
