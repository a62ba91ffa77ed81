package io.zkafka.broker.kafkaprotocol;

import io.zkafka.common.message.InitProducerIdRequest;
import io.zkafka.common.message.InitProducerIdResponse;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.message.InitProducerIdRequestData;
import org.apache.kafka.common.message.InitProducerIdResponseData;

/**
 * InitProducerId: a producer id for an idempotent producer, or a transactional id's id and epoch.
 * Before version 3 the request carries no current id and epoch (Kafka's data gives -1 for both, a
 * first initialization); before version 4 a fenced producer is answered INVALID_PRODUCER_EPOCH.
 */
final class InitProducerIdApi implements KafkaApi {
    private static final int PRODUCER_FENCED_SINCE = 4;

    @Override
    public CompletableFuture<InitProducerIdResponseData> handle(KafkaExchange exchange) {
        InitProducerIdRequestData request = exchange.body();
        InitProducerIdRequest nativeRequest = new InitProducerIdRequest(request.transactionalId(),
            request.transactionTimeoutMs(), request.producerId(), request.producerEpoch());
        return exchange.<InitProducerIdResponse>call(nativeRequest, 0).thenApply(response ->
            new InitProducerIdResponseData()
                .setErrorCode(ProducerFencing.code(response.error(), exchange.version(), PRODUCER_FENCED_SINCE))
                .setProducerId(response.producerId())
                .setProducerEpoch(response.producerEpoch()));
    }
}
