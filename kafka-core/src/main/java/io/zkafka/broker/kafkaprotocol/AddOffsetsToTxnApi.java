package io.zkafka.broker.kafkaprotocol;

import io.zkafka.common.message.AddOffsetsToTxnRequest;
import io.zkafka.common.message.AddOffsetsToTxnResponse;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.message.AddOffsetsToTxnRequestData;
import org.apache.kafka.common.message.AddOffsetsToTxnResponseData;

/**
 * AddOffsetsToTxn: the group's offsets partition joins the producer's transaction (before its
 * TxnOffsetCommit). Before version 2 a fenced producer is answered INVALID_PRODUCER_EPOCH.
 */
final class AddOffsetsToTxnApi implements KafkaApi {
    private static final int PRODUCER_FENCED_SINCE = 2;

    @Override
    public CompletableFuture<AddOffsetsToTxnResponseData> handle(KafkaExchange exchange) {
        AddOffsetsToTxnRequestData request = exchange.body();
        AddOffsetsToTxnRequest nativeRequest = new AddOffsetsToTxnRequest(request.transactionalId(),
            request.producerId(), request.producerEpoch(), request.groupId());
        return exchange.<AddOffsetsToTxnResponse>call(nativeRequest, 0).thenApply(response ->
            new AddOffsetsToTxnResponseData()
                .setErrorCode(ProducerFencing.code(response.error(), exchange.version(), PRODUCER_FENCED_SINCE)));
    }
}
