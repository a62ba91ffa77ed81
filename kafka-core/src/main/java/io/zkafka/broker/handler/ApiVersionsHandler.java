package io.zkafka.broker.handler;

import io.zkafka.broker.network.ApiHandler;
import io.zkafka.broker.network.RequestContext;
import io.zkafka.common.message.ApiVersionsRequest;
import io.zkafka.common.message.ApiVersionsResponse;
import java.util.concurrent.CompletableFuture;

/** Tells clients which APIs and versions this broker speaks. */
public final class ApiVersionsHandler implements ApiHandler<ApiVersionsRequest> {
    private static final ApiVersionsResponse RESPONSE = ApiVersionsResponse.ofThisBuild();

    @Override
    public CompletableFuture<ApiVersionsResponse> handle(RequestContext context, ApiVersionsRequest request) {
        return CompletableFuture.completedFuture(RESPONSE);
    }
}
