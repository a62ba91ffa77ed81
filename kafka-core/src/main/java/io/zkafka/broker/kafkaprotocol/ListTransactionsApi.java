package io.zkafka.broker.kafkaprotocol;

import io.zkafka.common.message.ListTransactionsRequest;
import io.zkafka.common.message.ListTransactionsResponse;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.message.ListTransactionsRequestData;
import org.apache.kafka.common.message.ListTransactionsResponseData;

/**
 * ListTransactions (KIP-664): the transactional ids this broker coordinates, filtered by state and
 * producer id, and from version 1 by how long they have been open (KIP-994; version 0 carries no
 * duration filter, Kafka's data gives -1: all).
 */
final class ListTransactionsApi implements KafkaApi {

    @Override
    public CompletableFuture<ListTransactionsResponseData> handle(KafkaExchange exchange) {
        ListTransactionsRequestData request = exchange.body();
        ListTransactionsRequest nativeRequest = new ListTransactionsRequest(request.stateFilters(),
            request.producerIdFilters(), request.durationFilter());
        return exchange.<ListTransactionsResponse>call(nativeRequest, 0).thenApply(ListTransactionsApi::toKafka);
    }

    private static ListTransactionsResponseData toKafka(ListTransactionsResponse response) {
        ListTransactionsResponseData out = new ListTransactionsResponseData()
            .setErrorCode(response.error().code())
            .setUnknownStateFilters(response.unknownStateFilters());
        for (ListTransactionsResponse.TransactionListing listing : response.transactionStates()) {
            out.transactionStates().add(new ListTransactionsResponseData.TransactionState()
                .setTransactionalId(listing.transactionalId())
                .setProducerId(listing.producerId())
                .setTransactionState(listing.transactionState()));
        }
        return out;
    }
}
