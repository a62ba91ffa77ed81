package io.zkafka.broker.handler;

import io.zkafka.broker.authorizer.Authorizer;
import io.zkafka.broker.network.ApiHandler;
import io.zkafka.broker.network.RequestContext;
import io.zkafka.common.acl.AclOperation;
import io.zkafka.common.message.DescribeClusterRequest;
import io.zkafka.common.message.DescribeClusterResponse;
import io.zkafka.common.protocol.Errors;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** The cluster id, the controller and the live brokers; needs Describe on the cluster. */
public final class DescribeClusterHandler implements ApiHandler<DescribeClusterRequest> {
    private final ClusterView cluster;
    private final Authorizer authorizer;

    public DescribeClusterHandler(ClusterView cluster, Authorizer authorizer) {
        this.cluster = cluster;
        this.authorizer = authorizer;
    }

    @Override
    public CompletableFuture<DescribeClusterResponse> handle(RequestContext context, DescribeClusterRequest request) {
        if (!authorizer.authorizeCluster(context, AclOperation.DESCRIBE)) {
            return CompletableFuture.completedFuture(new DescribeClusterResponse(Errors.CLUSTER_AUTHORIZATION_FAILED,
                cluster.clusterId(), -1, List.of()));
        }
        return CompletableFuture.completedFuture(new DescribeClusterResponse(Errors.NONE, cluster.clusterId(),
            cluster.controllerId(), cluster.brokers(cluster.metadata().image())));
    }
}
