package io.zkafka.broker.kafkaprotocol;

import io.zkafka.common.message.EndTxnRequest;
import io.zkafka.common.message.EndTxnResponse;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.message.EndTxnRequestData;
import org.apache.kafka.common.message.EndTxnResponseData;

/**
 * EndTxn: commit or abort, answered once the decision is in the transaction log. Before version 2 a
 * fenced producer is answered INVALID_PRODUCER_EPOCH.
 */
final class EndTxnApi implements KafkaApi {
    private static final int PRODUCER_FENCED_SINCE = 2;

    @Override
    public CompletableFuture<EndTxnResponseData> handle(KafkaExchange exchange) {
        EndTxnRequestData request = exchange.body();
        EndTxnRequest nativeRequest = new EndTxnRequest(request.transactionalId(), request.producerId(),
            request.producerEpoch(), request.committed());
        return exchange.<EndTxnResponse>call(nativeRequest, 0).thenApply(response -> new EndTxnResponseData()
            .setErrorCode(ProducerFencing.code(response.error(), exchange.version(), PRODUCER_FENCED_SINCE)));
    }
}
