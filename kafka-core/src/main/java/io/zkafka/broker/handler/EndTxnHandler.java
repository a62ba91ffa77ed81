package io.zkafka.broker.handler;

import io.zkafka.broker.authorizer.Authorizer;
import io.zkafka.broker.network.ApiHandler;
import io.zkafka.broker.network.RequestContext;
import io.zkafka.broker.txn.TransactionCoordinator;
import io.zkafka.common.acl.AclOperation;
import io.zkafka.common.message.EndTxnRequest;
import io.zkafka.common.message.EndTxnResponse;
import io.zkafka.common.protocol.Errors;
import io.zkafka.common.resource.ResourceType;
import java.util.concurrent.CompletableFuture;

/** EndTxn: answered once the commit or abort decision is in the transaction log. Needs Write on the transactional id. */
public final class EndTxnHandler implements ApiHandler<EndTxnRequest> {
    private final TransactionCoordinator transactions;
    private final Authorizer authorizer;

    public EndTxnHandler(TransactionCoordinator transactions, Authorizer authorizer) {
        this.transactions = transactions;
        this.authorizer = authorizer;
    }

    @Override
    public CompletableFuture<EndTxnResponse> handle(RequestContext context, EndTxnRequest request) {
        if (!authorizer.authorize(context, AclOperation.WRITE, ResourceType.TRANSACTIONAL_ID, request.transactionalId())) {
            return CompletableFuture.completedFuture(new EndTxnResponse(Errors.TRANSACTIONAL_ID_AUTHORIZATION_FAILED));
        }
        return transactions.endTransaction(request);
    }
}
