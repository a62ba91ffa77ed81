package io.zkafka.broker.handler;

import io.zkafka.broker.authorizer.AclAuthorizer;
import io.zkafka.broker.authorizer.Authorizer;
import io.zkafka.broker.network.ApiHandler;
import io.zkafka.broker.network.RequestContext;
import io.zkafka.common.acl.AclOperation;
import io.zkafka.common.message.AclBindingData;
import io.zkafka.common.message.DeleteAclsRequest;
import io.zkafka.common.message.DeleteAclsResponse;
import io.zkafka.common.protocol.Errors;
import io.zkafka.coordination.CoordinationException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Removes the stored ACL bindings each filter matches, in ZooKeeper through the authorizer. Needs Alter
 * on the cluster. Blocks its request handler thread on ZooKeeper.
 */
public final class DeleteAclsHandler implements ApiHandler<DeleteAclsRequest> {
    private final Authorizer authorizer;

    public DeleteAclsHandler(Authorizer authorizer) {
        this.authorizer = authorizer;
    }

    @Override
    public CompletableFuture<DeleteAclsResponse> handle(RequestContext context, DeleteAclsRequest request) {
        Errors refused = !(authorizer instanceof AclAuthorizer) ? Errors.SECURITY_DISABLED
            : !authorizer.authorizeCluster(context, AclOperation.ALTER) ? Errors.CLUSTER_AUTHORIZATION_FAILED : null;
        List<DeleteAclsResponse.FilterResult> results = new ArrayList<>(request.filters().size());
        for (AclBindingData data : request.filters()) {
            if (refused != null) {
                results.add(new DeleteAclsResponse.FilterResult(refused, null, List.of()));
                continue;
            }
            try {
                var deleted = ((AclAuthorizer) authorizer).deleteAcls(List.of(AclMessages.filter(data))).get(0);
                results.add(new DeleteAclsResponse.FilterResult(Errors.NONE, null,
                    deleted.stream().map(AclMessages::data).toList()));
            } catch (IllegalArgumentException e) {
                results.add(new DeleteAclsResponse.FilterResult(Errors.INVALID_REQUEST, e.getMessage(), List.of()));
            } catch (CoordinationException e) {
                results.add(new DeleteAclsResponse.FilterResult(Errors.REQUEST_TIMED_OUT,
                    "ZooKeeper is not reachable: " + e.getMessage(), List.of()));
            }
        }
        return CompletableFuture.completedFuture(new DeleteAclsResponse(results));
    }
}
