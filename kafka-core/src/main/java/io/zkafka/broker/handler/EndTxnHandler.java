package io.zkafka.broker.handler;

import io.zkafka.broker.network.ApiHandler;
import io.zkafka.broker.network.RequestContext;
import io.zkafka.broker.txn.TransactionCoordinator;
import io.zkafka.common.message.EndTxnRequest;
import io.zkafka.common.message.EndTxnResponse;
import java.util.concurrent.CompletableFuture;

/** EndTxn: answered once the commit or abort decision is in the transaction log. */
public final class EndTxnHandler implements ApiHandler<EndTxnRequest> {
    private final TransactionCoordinator transactions;

    public EndTxnHandler(TransactionCoordinator transactions) {
        this.transactions = transactions;
    }

    @Override
    public CompletableFuture<EndTxnResponse> handle(RequestContext context, EndTxnRequest request) {
        return transactions.endTransaction(request);
    }
}
