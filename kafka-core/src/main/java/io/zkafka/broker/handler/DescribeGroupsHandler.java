package io.zkafka.broker.handler;

import io.zkafka.broker.authorizer.Authorizer;
import io.zkafka.broker.group.GroupAdministration;
import io.zkafka.broker.network.ApiHandler;
import io.zkafka.broker.network.RequestContext;
import io.zkafka.common.acl.AclOperation;
import io.zkafka.common.message.DescribeGroupsRequest;
import io.zkafka.common.message.DescribeGroupsResponse;
import io.zkafka.common.protocol.Errors;
import io.zkafka.common.resource.ResourceType;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Describes groups this broker coordinates: state, protocol and members. Describe on each group. */
public final class DescribeGroupsHandler implements ApiHandler<DescribeGroupsRequest> {
    private final GroupAdministration groups;
    private final Authorizer authorizer;

    public DescribeGroupsHandler(GroupAdministration groups, Authorizer authorizer) {
        this.groups = groups;
        this.authorizer = authorizer;
    }

    @Override
    public CompletableFuture<DescribeGroupsResponse> handle(RequestContext context, DescribeGroupsRequest request) {
        List<String> permitted = request.groups().stream()
            .filter(g -> authorizer.authorize(context, AclOperation.DESCRIBE, ResourceType.GROUP, g)).toList();
        if (permitted.size() == request.groups().size()) {
            return CompletableFuture.completedFuture(groups.describe(request));
        }
        List<DescribeGroupsResponse.DescribedGroup> described = new ArrayList<>(permitted.isEmpty() ? List.of()
            : groups.describe(new DescribeGroupsRequest(permitted)).groups());
        for (String group : request.groups()) {
            if (!permitted.contains(group)) {
                described.add(DescribeGroupsResponse.DescribedGroup.error(group, Errors.GROUP_AUTHORIZATION_FAILED));
            }
        }
        return CompletableFuture.completedFuture(new DescribeGroupsResponse(described));
    }
}
