package io.zkafka.broker.handler;

import io.zkafka.broker.network.ApiHandler;
import io.zkafka.broker.network.RequestContext;
import io.zkafka.common.message.DescribeClusterRequest;
import io.zkafka.common.message.DescribeClusterResponse;
import io.zkafka.common.protocol.Errors;
import java.util.concurrent.CompletableFuture;

/** The cluster id, the controller and the live brokers. */
public final class DescribeClusterHandler implements ApiHandler<DescribeClusterRequest> {
    private final ClusterView cluster;

    public DescribeClusterHandler(ClusterView cluster) {
        this.cluster = cluster;
    }

    @Override
    public CompletableFuture<DescribeClusterResponse> handle(RequestContext context, DescribeClusterRequest request) {
        return CompletableFuture.completedFuture(new DescribeClusterResponse(Errors.NONE, cluster.clusterId(),
            cluster.controllerId(), cluster.brokers(cluster.metadata().image())));
    }
}
