package io.zkafka.broker.handler;

import io.zkafka.broker.authorizer.Authorizer;
import io.zkafka.broker.group.GroupCoordinator;
import io.zkafka.broker.network.ApiHandler;
import io.zkafka.broker.network.RequestContext;
import io.zkafka.common.acl.AclOperation;
import io.zkafka.common.message.JoinGroupRequest;
import io.zkafka.common.message.JoinGroupResponse;
import io.zkafka.common.protocol.Errors;
import io.zkafka.common.resource.ResourceType;
import java.util.concurrent.CompletableFuture;

/**
 * Joins a member to a group; answered when the join phase completes (a timer or the last rejoin), or
 * at once with MEMBER_ID_REQUIRED for a new member of a client at version 1 or later. Needs Read on
 * the group (else GROUP_AUTHORIZATION_FAILED), as SyncGroup, Heartbeat and LeaveGroup do.
 */
public final class JoinGroupHandler implements ApiHandler<JoinGroupRequest> {
    private final GroupCoordinator coordinator;
    private final Authorizer authorizer;

    public JoinGroupHandler(GroupCoordinator coordinator, Authorizer authorizer) {
        this.coordinator = coordinator;
        this.authorizer = authorizer;
    }

    @Override
    public CompletableFuture<JoinGroupResponse> handle(RequestContext context, JoinGroupRequest request) {
        if (!authorizer.authorize(context, AclOperation.READ, ResourceType.GROUP, request.groupId())) {
            return CompletableFuture.completedFuture(JoinGroupResponse.error(Errors.GROUP_AUTHORIZATION_FAILED,
                request.memberId()));
        }
        return coordinator.join(request, context.header().apiVersion(), context.header().clientId(),
            hostOf(context.clientAddress()), context.connectionClosed());
    }

    /** Kafka's client host is the address without the port: {@code /127.0.0.1}. */
    static String hostOf(String address) {
        int colon = address == null ? -1 : address.lastIndexOf(':');
        return colon > 0 ? address.substring(0, colon) : address;
    }
}
