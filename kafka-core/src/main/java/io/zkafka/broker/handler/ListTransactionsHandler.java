package io.zkafka.broker.handler;

import io.zkafka.broker.authorizer.Authorizer;
import io.zkafka.broker.network.ApiHandler;
import io.zkafka.broker.network.RequestContext;
import io.zkafka.broker.txn.TransactionAdministration;
import io.zkafka.common.acl.AclOperation;
import io.zkafka.common.message.ListTransactionsRequest;
import io.zkafka.common.message.ListTransactionsResponse;
import io.zkafka.common.resource.ResourceType;
import java.util.concurrent.CompletableFuture;

/**
 * ListTransactions: the transactional ids this broker coordinates (the admin client asks every broker and
 * merges) that the principal may Describe.
 */
public final class ListTransactionsHandler implements ApiHandler<ListTransactionsRequest> {
    private final TransactionAdministration transactions;
    private final Authorizer authorizer;

    public ListTransactionsHandler(TransactionAdministration transactions, Authorizer authorizer) {
        this.transactions = transactions;
        this.authorizer = authorizer;
    }

    @Override
    public CompletableFuture<ListTransactionsResponse> handle(RequestContext context, ListTransactionsRequest request) {
        ListTransactionsResponse all = transactions.list(request);
        return CompletableFuture.completedFuture(new ListTransactionsResponse(all.error(), all.unknownStateFilters(),
            all.transactionStates().stream().filter(t -> authorizer.authorize(context, AclOperation.DESCRIBE,
                ResourceType.TRANSACTIONAL_ID, t.transactionalId())).toList()));
    }
}
