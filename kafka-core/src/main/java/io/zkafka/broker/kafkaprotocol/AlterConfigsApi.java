package io.zkafka.broker.kafkaprotocol;

import io.zkafka.common.message.AlterConfigsRequest;
import io.zkafka.common.message.AlterConfigsResponse;
import io.zkafka.common.message.TopicResult;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.message.AlterConfigsRequestData;
import org.apache.kafka.common.message.AlterConfigsResponseData;
import org.apache.kafka.common.message.AlterConfigsResponseData.AlterConfigsResourceResponse;

/**
 * Kafka's legacy AlterConfigs: each resource's configs become exactly those given, every other
 * override deleted; served by the native alter (version 1) with its replace flag. Broker configs
 * are read-only in ZKafka and answer INVALID_REQUEST.
 */
final class AlterConfigsApi implements KafkaApi {
    static final int NATIVE_VERSION = 1;

    @Override
    public CompletableFuture<AlterConfigsResponseData> handle(KafkaExchange exchange) {
        AlterConfigsRequestData request = exchange.body();
        List<AlterConfigsRequest.AlterResource> resources = new ArrayList<>(request.resources().size());
        for (AlterConfigsRequestData.AlterConfigsResource resource : request.resources()) {
            List<AlterConfigsRequest.AlterOp> ops = new ArrayList<>(resource.configs().size());
            for (AlterConfigsRequestData.AlterableConfig config : resource.configs()) {
                ops.add(new AlterConfigsRequest.AlterOp(config.name(), AlterConfigsRequest.SET, config.value()));
            }
            resources.add(new AlterConfigsRequest.AlterResource(resource.resourceType(), resource.resourceName(), ops,
                true));
        }
        return exchange.<AlterConfigsResponse>call(new AlterConfigsRequest(resources, request.validateOnly()),
            NATIVE_VERSION).thenApply(response -> {
                AlterConfigsResponseData out = new AlterConfigsResponseData();
                for (int i = 0; i < response.results().size(); i++) {
                    TopicResult result = response.results().get(i);
                    out.responses().add(new AlterConfigsResourceResponse()
                        .setResourceType(resources.get(i).type())
                        .setResourceName(result.name())
                        .setErrorCode(result.error().code())
                        .setErrorMessage(result.errorMessage()));
                }
                return out;
            });
    }
}
