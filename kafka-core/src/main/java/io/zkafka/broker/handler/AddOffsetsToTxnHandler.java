package io.zkafka.broker.handler;

import io.zkafka.broker.network.ApiHandler;
import io.zkafka.broker.network.RequestContext;
import io.zkafka.broker.txn.TransactionCoordinator;
import io.zkafka.common.message.AddOffsetsToTxnRequest;
import io.zkafka.common.message.AddOffsetsToTxnResponse;
import java.util.concurrent.CompletableFuture;

/** AddOffsetsToTxn: the group's offsets partition joins the producer's transaction. */
public final class AddOffsetsToTxnHandler implements ApiHandler<AddOffsetsToTxnRequest> {
    private final TransactionCoordinator transactions;

    public AddOffsetsToTxnHandler(TransactionCoordinator transactions) {
        this.transactions = transactions;
    }

    @Override
    public CompletableFuture<AddOffsetsToTxnResponse> handle(RequestContext context, AddOffsetsToTxnRequest request) {
        return transactions.addOffsets(request);
    }
}
