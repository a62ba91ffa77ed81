package io.zkafka.broker.kafkaprotocol;

import io.zkafka.common.message.InitProducerIdRequest;
import io.zkafka.common.message.InitProducerIdResponse;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.message.InitProducerIdRequestData;
import org.apache.kafka.common.message.InitProducerIdResponseData;

/** InitProducerId: a producer id for an idempotent producer, or a transactional id's id and epoch. */
final class InitProducerIdApi implements KafkaApi {

    @Override
    public CompletableFuture<InitProducerIdResponseData> handle(KafkaExchange exchange) {
        InitProducerIdRequestData request = exchange.body();
        InitProducerIdRequest nativeRequest = new InitProducerIdRequest(request.transactionalId(),
            request.transactionTimeoutMs(), request.producerId(), request.producerEpoch());
        return exchange.<InitProducerIdResponse>call(nativeRequest, 0).thenApply(response ->
            new InitProducerIdResponseData()
                .setErrorCode(response.error().code())
                .setProducerId(response.producerId())
                .setProducerEpoch(response.producerEpoch()));
    }
}
