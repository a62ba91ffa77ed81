package io.zkafka.broker.handler;

import io.zkafka.broker.network.ApiHandler;
import io.zkafka.broker.network.RequestContext;
import io.zkafka.broker.txn.TransactionAdministration;
import io.zkafka.common.message.DescribeTransactionsRequest;
import io.zkafka.common.message.DescribeTransactionsResponse;
import java.util.concurrent.CompletableFuture;

/** DescribeTransactions: the state of transactional ids this broker coordinates. */
public final class DescribeTransactionsHandler implements ApiHandler<DescribeTransactionsRequest> {
    private final TransactionAdministration transactions;

    public DescribeTransactionsHandler(TransactionAdministration transactions) {
        this.transactions = transactions;
    }

    @Override
    public CompletableFuture<DescribeTransactionsResponse> handle(RequestContext context,
                                                                  DescribeTransactionsRequest request) {
        return CompletableFuture.completedFuture(transactions.describe(request));
    }
}
