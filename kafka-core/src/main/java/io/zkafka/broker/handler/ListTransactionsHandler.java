package io.zkafka.broker.handler;

import io.zkafka.broker.network.ApiHandler;
import io.zkafka.broker.network.RequestContext;
import io.zkafka.broker.txn.TransactionAdministration;
import io.zkafka.common.message.ListTransactionsRequest;
import io.zkafka.common.message.ListTransactionsResponse;
import java.util.concurrent.CompletableFuture;

/** ListTransactions: the transactional ids this broker coordinates (the admin client asks every broker and merges). */
public final class ListTransactionsHandler implements ApiHandler<ListTransactionsRequest> {
    private final TransactionAdministration transactions;

    public ListTransactionsHandler(TransactionAdministration transactions) {
        this.transactions = transactions;
    }

    @Override
    public CompletableFuture<ListTransactionsResponse> handle(RequestContext context, ListTransactionsRequest request) {
        return CompletableFuture.completedFuture(transactions.list(request));
    }
}
