package io.zkafka.broker.handler;

import io.zkafka.broker.authorizer.Authorizer;
import io.zkafka.broker.network.ApiHandler;
import io.zkafka.broker.network.RequestContext;
import io.zkafka.broker.txn.TransactionAdministration;
import io.zkafka.common.acl.AclOperation;
import io.zkafka.common.message.DescribeTransactionsRequest;
import io.zkafka.common.message.DescribeTransactionsResponse;
import io.zkafka.common.protocol.Errors;
import io.zkafka.common.resource.ResourceType;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** DescribeTransactions: the state of transactional ids this broker coordinates; Describe on each. */
public final class DescribeTransactionsHandler implements ApiHandler<DescribeTransactionsRequest> {
    private final TransactionAdministration transactions;
    private final Authorizer authorizer;

    public DescribeTransactionsHandler(TransactionAdministration transactions, Authorizer authorizer) {
        this.transactions = transactions;
        this.authorizer = authorizer;
    }

    @Override
    public CompletableFuture<DescribeTransactionsResponse> handle(RequestContext context,
                                                                  DescribeTransactionsRequest request) {
        List<String> permitted = request.transactionalIds().stream().filter(id -> authorizer.authorize(context,
            AclOperation.DESCRIBE, ResourceType.TRANSACTIONAL_ID, id)).toList();
        if (permitted.size() == request.transactionalIds().size()) {
            return CompletableFuture.completedFuture(transactions.describe(request));
        }
        List<DescribeTransactionsResponse.TransactionState> states = new ArrayList<>(permitted.isEmpty() ? List.of()
            : transactions.describe(new DescribeTransactionsRequest(permitted)).transactionStates());
        for (String id : request.transactionalIds()) {
            if (!permitted.contains(id)) {
                states.add(new DescribeTransactionsResponse.TransactionState(Errors.TRANSACTIONAL_ID_AUTHORIZATION_FAILED,
                    id, "", -1, -1, -1, (short) -1, List.of()));
            }
        }
        return CompletableFuture.completedFuture(new DescribeTransactionsResponse(states));
    }
}
