package io.zkafka.broker.handler;

import io.zkafka.broker.authorizer.Authorizer;
import io.zkafka.broker.group.GroupCoordinator;
import io.zkafka.broker.network.ApiHandler;
import io.zkafka.broker.network.RequestContext;
import io.zkafka.common.acl.AclOperation;
import io.zkafka.common.message.LeaveGroupRequest;
import io.zkafka.common.message.LeaveGroupResponse;
import io.zkafka.common.protocol.Errors;
import io.zkafka.common.resource.ResourceType;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Removes members from a group at once, which rebalances the rest. */
public final class LeaveGroupHandler implements ApiHandler<LeaveGroupRequest> {
    private final GroupCoordinator coordinator;
    private final Authorizer authorizer;

    public LeaveGroupHandler(GroupCoordinator coordinator, Authorizer authorizer) {
        this.coordinator = coordinator;
        this.authorizer = authorizer;
    }

    @Override
    public CompletableFuture<LeaveGroupResponse> handle(RequestContext context, LeaveGroupRequest request) {
        if (!authorizer.authorize(context, AclOperation.READ, ResourceType.GROUP, request.groupId())) {
            return CompletableFuture.completedFuture(new LeaveGroupResponse(Errors.GROUP_AUTHORIZATION_FAILED,
                List.of()));
        }
        return CompletableFuture.completedFuture(coordinator.leave(request));
    }
}
