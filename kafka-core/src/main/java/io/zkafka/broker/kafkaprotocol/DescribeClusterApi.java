package io.zkafka.broker.kafkaprotocol;

import io.zkafka.common.message.BrokerNode;
import io.zkafka.common.message.DescribeClusterRequest;
import io.zkafka.common.message.DescribeClusterResponse;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.message.DescribeClusterRequestData;
import org.apache.kafka.common.message.DescribeClusterResponseData;
import org.apache.kafka.common.message.DescribeClusterResponseData.DescribeClusterBroker;
import org.apache.kafka.common.protocol.Errors;

/**
 * DescribeCluster: the cluster id, the controller and the live brokers, each named by its address
 * on this Kafka listener (a broker without it is left out, as in Metadata). Only brokers are
 * described (endpoint type 1); asking for KRaft controllers answers UNSUPPORTED_ENDPOINT_TYPE.
 * The cluster's authorized operations are answered when asked for ({@link AuthorizedOperations}).
 */
final class DescribeClusterApi implements KafkaApi {
    private static final byte BROKERS = 1;
    private final ListenerAddresses addresses;
    private final AuthorizedOperations authorizedOperations;

    DescribeClusterApi(ListenerAddresses addresses, AuthorizedOperations authorizedOperations) {
        this.addresses = addresses;
        this.authorizedOperations = authorizedOperations;
    }

    @Override
    public CompletableFuture<DescribeClusterResponseData> handle(KafkaExchange exchange) {
        DescribeClusterRequestData request = exchange.body();
        if (exchange.version() >= 1 && request.endpointType() != BROKERS) {
            return CompletableFuture.completedFuture(new DescribeClusterResponseData()
                .setEndpointType(request.endpointType())
                .setErrorCode(Errors.UNSUPPORTED_ENDPOINT_TYPE.code())
                .setErrorMessage("ZKafka has no KRaft controllers: only brokers (endpoint type 1) can be described"));
        }
        return exchange.<DescribeClusterResponse>call(new DescribeClusterRequest(), 0).thenApply(response -> {
            DescribeClusterResponseData out = new DescribeClusterResponseData()
                .setErrorCode(response.error().code())
                .setEndpointType(exchange.version() >= 1 ? BROKERS : 0)
                .setClusterId(response.clusterId())
                .setControllerId(response.controllerId())
                .setClusterAuthorizedOperations(request.includeClusterAuthorizedOperations()
                    ? authorizedOperations.cluster(exchange) : AuthorizedOperations.OMITTED);
            for (BrokerNode broker : response.brokers()) {
                addresses.of(broker.id()).ifPresent(endpoint -> out.brokers().add(new DescribeClusterBroker()
                    .setBrokerId(broker.id()).setHost(endpoint.host()).setPort(endpoint.port()).setRack(broker.rack())));
            }
            return out;
        });
    }
}
