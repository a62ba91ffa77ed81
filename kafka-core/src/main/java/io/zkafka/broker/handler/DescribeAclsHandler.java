package io.zkafka.broker.handler;

import io.zkafka.broker.authorizer.AclAuthorizer;
import io.zkafka.broker.authorizer.Authorizer;
import io.zkafka.broker.network.ApiHandler;
import io.zkafka.broker.network.RequestContext;
import io.zkafka.common.acl.AclBindingFilter;
import io.zkafka.common.acl.AclOperation;
import io.zkafka.common.message.DescribeAclsRequest;
import io.zkafka.common.message.DescribeAclsResponse;
import io.zkafka.common.protocol.Errors;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** The stored ACL bindings a filter matches, from this broker's cache. Needs Describe on the cluster. */
public final class DescribeAclsHandler implements ApiHandler<DescribeAclsRequest> {
    private final Authorizer authorizer;

    public DescribeAclsHandler(Authorizer authorizer) {
        this.authorizer = authorizer;
    }

    @Override
    public CompletableFuture<DescribeAclsResponse> handle(RequestContext context, DescribeAclsRequest request) {
        if (!(authorizer instanceof AclAuthorizer acls)) {
            return done(Errors.SECURITY_DISABLED, "No authorizer is configured (authorizer.class.name)");
        }
        if (!authorizer.authorizeCluster(context, AclOperation.DESCRIBE)) {
            return done(Errors.CLUSTER_AUTHORIZATION_FAILED, null);
        }
        AclBindingFilter filter;
        try {
            filter = AclMessages.filter(request.filter());
        } catch (IllegalArgumentException e) {
            return done(Errors.INVALID_REQUEST, e.getMessage());
        }
        return CompletableFuture.completedFuture(new DescribeAclsResponse(Errors.NONE, null,
            acls.describeAcls(filter).stream().map(AclMessages::data).toList()));
    }

    private static CompletableFuture<DescribeAclsResponse> done(Errors error, String message) {
        return CompletableFuture.completedFuture(new DescribeAclsResponse(error, message, List.of()));
    }
}
