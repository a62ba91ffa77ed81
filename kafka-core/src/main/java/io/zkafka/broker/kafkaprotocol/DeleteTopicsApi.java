package io.zkafka.broker.kafkaprotocol;

import io.zkafka.common.message.DeleteTopicsRequest;
import io.zkafka.common.message.DeleteTopicsResponse;
import io.zkafka.common.message.TopicResult;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.message.DeleteTopicsRequestData;
import org.apache.kafka.common.message.DeleteTopicsResponseData;
import org.apache.kafka.common.message.DeleteTopicsResponseData.DeletableTopicResult;

/** DeleteTopics by name, versions 0 to 5 (version 6 names topics by id, which ZKafka does not keep). */
final class DeleteTopicsApi implements KafkaApi {

    @Override
    public CompletableFuture<DeleteTopicsResponseData> handle(KafkaExchange exchange) {
        DeleteTopicsRequestData request = exchange.body();
        return exchange.<DeleteTopicsResponse>call(new DeleteTopicsRequest(request.topicNames(), request.timeoutMs()), 0)
            .thenApply(response -> {
                DeleteTopicsResponseData out = new DeleteTopicsResponseData();
                for (TopicResult result : response.results()) {
                    out.responses().add(new DeletableTopicResult().setName(result.name())
                        .setErrorCode(result.error().code()).setErrorMessage(result.errorMessage()));
                }
                return out;
            });
    }
}
