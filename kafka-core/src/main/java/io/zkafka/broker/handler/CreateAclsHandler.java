package io.zkafka.broker.handler;

import io.zkafka.broker.authorizer.AclAuthorizer;
import io.zkafka.broker.authorizer.Authorizer;
import io.zkafka.broker.network.ApiHandler;
import io.zkafka.broker.network.RequestContext;
import io.zkafka.common.acl.AclBinding;
import io.zkafka.common.acl.AclOperation;
import io.zkafka.common.message.AclBindingData;
import io.zkafka.common.message.CreateAclsRequest;
import io.zkafka.common.message.CreateAclsResponse;
import io.zkafka.common.protocol.Errors;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Stores ACL bindings in ZooKeeper through the authorizer (every broker follows its change notices).
 * Needs Alter on the cluster; answers SECURITY_DISABLED when no authorizer is configured. Blocks its
 * request handler thread on ZooKeeper, as the config writes do.
 */
public final class CreateAclsHandler implements ApiHandler<CreateAclsRequest> {
    private final Authorizer authorizer;

    public CreateAclsHandler(Authorizer authorizer) {
        this.authorizer = authorizer;
    }

    @Override
    public CompletableFuture<CreateAclsResponse> handle(RequestContext context, CreateAclsRequest request) {
        Errors refused = !(authorizer instanceof AclAuthorizer) ? Errors.SECURITY_DISABLED
            : !authorizer.authorizeCluster(context, AclOperation.ALTER) ? Errors.CLUSTER_AUTHORIZATION_FAILED : null;
        List<CreateAclsResponse.Result> results = new ArrayList<>(request.creations().size());
        if (refused != null) {
            request.creations().forEach(c -> results.add(new CreateAclsResponse.Result(refused, null)));
            return CompletableFuture.completedFuture(new CreateAclsResponse(results));
        }
        AclAuthorizer acls = (AclAuthorizer) authorizer;
        for (AclBindingData data : request.creations()) {
            AclBinding binding;
            try {
                binding = AclMessages.binding(data);
            } catch (IllegalArgumentException e) {
                results.add(new CreateAclsResponse.Result(Errors.INVALID_REQUEST, e.getMessage()));
                continue;
            }
            String problem = acls.createAcls(List.of(binding)).get(0);
            results.add(problem == null ? new CreateAclsResponse.Result(Errors.NONE, null)
                : new CreateAclsResponse.Result(Errors.INVALID_REQUEST, problem));
        }
        return CompletableFuture.completedFuture(new CreateAclsResponse(results));
    }
}
