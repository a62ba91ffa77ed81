package io.zkafka.broker.kafkaprotocol;

import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.message.ApiVersionsResponseData;

/** ApiVersions: the served APIs and their version ranges (answered here, no native request). */
final class ApiVersionsApi implements KafkaApi {
    private final KafkaApis apis;

    ApiVersionsApi(KafkaApis apis) {
        this.apis = apis;
    }

    @Override
    public CompletableFuture<ApiVersionsResponseData> handle(KafkaExchange exchange) {
        return CompletableFuture.completedFuture(new ApiVersionsResponseData().setApiKeys(apis.advertised()));
    }
}
