package io.zkafka.broker.handler;

import io.zkafka.broker.authorizer.Authorizer;
import io.zkafka.broker.network.ApiHandler;
import io.zkafka.broker.network.RequestContext;
import io.zkafka.broker.txn.TransactionCoordinator;
import io.zkafka.common.acl.AclOperation;
import io.zkafka.common.message.AddOffsetsToTxnRequest;
import io.zkafka.common.message.AddOffsetsToTxnResponse;
import io.zkafka.common.protocol.Errors;
import io.zkafka.common.resource.ResourceType;
import java.util.concurrent.CompletableFuture;

/**
 * AddOffsetsToTxn: the group's offsets partition joins the producer's transaction. Needs Write on the
 * transactional id and Read on the group.
 */
public final class AddOffsetsToTxnHandler implements ApiHandler<AddOffsetsToTxnRequest> {
    private final TransactionCoordinator transactions;
    private final Authorizer authorizer;

    public AddOffsetsToTxnHandler(TransactionCoordinator transactions, Authorizer authorizer) {
        this.transactions = transactions;
        this.authorizer = authorizer;
    }

    @Override
    public CompletableFuture<AddOffsetsToTxnResponse> handle(RequestContext context, AddOffsetsToTxnRequest request) {
        if (!authorizer.authorize(context, AclOperation.WRITE, ResourceType.TRANSACTIONAL_ID, request.transactionalId())) {
            return CompletableFuture.completedFuture(
                new AddOffsetsToTxnResponse(Errors.TRANSACTIONAL_ID_AUTHORIZATION_FAILED));
        }
        if (!authorizer.authorize(context, AclOperation.READ, ResourceType.GROUP, request.groupId())) {
            return CompletableFuture.completedFuture(new AddOffsetsToTxnResponse(Errors.GROUP_AUTHORIZATION_FAILED));
        }
        return transactions.addOffsets(request);
    }
}
