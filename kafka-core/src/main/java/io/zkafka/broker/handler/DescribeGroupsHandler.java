package io.zkafka.broker.handler;

import io.zkafka.broker.group.GroupAdministration;
import io.zkafka.broker.network.ApiHandler;
import io.zkafka.broker.network.RequestContext;
import io.zkafka.common.message.DescribeGroupsRequest;
import io.zkafka.common.message.DescribeGroupsResponse;
import java.util.concurrent.CompletableFuture;

/** Describes groups this broker coordinates: state, protocol and members. */
public final class DescribeGroupsHandler implements ApiHandler<DescribeGroupsRequest> {
    private final GroupAdministration groups;

    public DescribeGroupsHandler(GroupAdministration groups) {
        this.groups = groups;
    }

    @Override
    public CompletableFuture<DescribeGroupsResponse> handle(RequestContext context, DescribeGroupsRequest request) {
        return CompletableFuture.completedFuture(groups.describe(request));
    }
}
