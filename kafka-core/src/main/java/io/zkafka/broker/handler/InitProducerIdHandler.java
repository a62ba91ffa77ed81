package io.zkafka.broker.handler;

import io.zkafka.broker.authorizer.Authorizer;
import io.zkafka.broker.network.ApiHandler;
import io.zkafka.broker.network.RequestContext;
import io.zkafka.broker.producerid.ProducerIdManager;
import io.zkafka.broker.txn.TransactionCoordinator;
import io.zkafka.common.acl.AclOperation;
import io.zkafka.common.message.InitProducerIdRequest;
import io.zkafka.common.message.InitProducerIdResponse;
import io.zkafka.common.protocol.Errors;
import io.zkafka.common.resource.ResourceType;
import java.util.concurrent.CompletableFuture;

/**
 * InitProducerId. Without a transactional id (the idempotent producer): a fresh producer id at
 * epoch 0 from this broker's {@link ProducerIdManager}, whichever broker is asked (as in Kafka, the
 * id and epoch a producer already has, if it sends them, do not matter: it gets a new id); while no
 * block of ids can be claimed the answer is {@code COORDINATOR_LOAD_IN_PROGRESS}, which clients
 * retry. With a transactional id: the {@link TransactionCoordinator} of that id answers (this broker
 * must be it, else NOT_COORDINATOR).
 */
public final class InitProducerIdHandler implements ApiHandler<InitProducerIdRequest> {
    private final ProducerIdManager producerIds;
    private final TransactionCoordinator transactions;
    private final Authorizer authorizer;

    public InitProducerIdHandler(ProducerIdManager producerIds, TransactionCoordinator transactions, Authorizer authorizer) {
        this.producerIds = producerIds;
        this.transactions = transactions;
        this.authorizer = authorizer;
    }

    @Override
    public CompletableFuture<InitProducerIdResponse> handle(RequestContext context, InitProducerIdRequest request) {
        if (request.transactionalId() != null) {
            if (!authorizer.authorize(context, AclOperation.WRITE, ResourceType.TRANSACTIONAL_ID, request.transactionalId())) {
                return CompletableFuture.completedFuture(InitProducerIdResponse.error(
                    Errors.TRANSACTIONAL_ID_AUTHORIZATION_FAILED, null));
            }
            return transactions.initProducerId(request);
        }
        // Kafka's rule since KIP-679: IdempotentWrite on the cluster, or Write on some topic
        if (!authorizer.authorizeCluster(context, AclOperation.IDEMPOTENT_WRITE)
                && !authorizer.authorizeAny(context, AclOperation.WRITE, ResourceType.TOPIC)) {
            return CompletableFuture.completedFuture(InitProducerIdResponse.error(Errors.CLUSTER_AUTHORIZATION_FAILED,
                null));
        }
        return producerIds.generateProducerId()
            .thenApply(id -> new InitProducerIdResponse(Errors.NONE, null, id, (short) 0))
            .exceptionally(e -> InitProducerIdResponse.error(Errors.COORDINATOR_LOAD_IN_PROGRESS,
                "No producer id block is available yet: " + e.getMessage()));
    }
}
