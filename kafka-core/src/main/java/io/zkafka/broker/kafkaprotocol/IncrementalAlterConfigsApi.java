package io.zkafka.broker.kafkaprotocol;

import io.zkafka.common.message.AlterConfigsRequest;
import io.zkafka.common.message.AlterConfigsResponse;
import io.zkafka.common.message.TopicResult;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.message.IncrementalAlterConfigsRequestData;
import org.apache.kafka.common.message.IncrementalAlterConfigsResponseData;
import org.apache.kafka.common.message.IncrementalAlterConfigsResponseData.AlterConfigsResourceResponse;

/**
 * IncrementalAlterConfigs: SET, DELETE, APPEND and SUBTRACT (Kafka's operation ids are the native
 * ones) served by the native alter (version 1). Broker configs are read-only in ZKafka and answer
 * INVALID_REQUEST.
 */
final class IncrementalAlterConfigsApi implements KafkaApi {

    @Override
    public CompletableFuture<IncrementalAlterConfigsResponseData> handle(KafkaExchange exchange) {
        IncrementalAlterConfigsRequestData request = exchange.body();
        List<AlterConfigsRequest.AlterResource> resources = new ArrayList<>(request.resources().size());
        for (IncrementalAlterConfigsRequestData.AlterConfigsResource resource : request.resources()) {
            List<AlterConfigsRequest.AlterOp> ops = new ArrayList<>(resource.configs().size());
            for (IncrementalAlterConfigsRequestData.AlterableConfig config : resource.configs()) {
                ops.add(new AlterConfigsRequest.AlterOp(config.name(), config.configOperation(), config.value()));
            }
            resources.add(new AlterConfigsRequest.AlterResource(resource.resourceType(), resource.resourceName(), ops));
        }
        return exchange.<AlterConfigsResponse>call(new AlterConfigsRequest(resources, request.validateOnly()),
            AlterConfigsApi.NATIVE_VERSION).thenApply(response -> {
                IncrementalAlterConfigsResponseData out = new IncrementalAlterConfigsResponseData();
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
