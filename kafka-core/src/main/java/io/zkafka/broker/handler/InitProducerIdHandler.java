package io.zkafka.broker.handler;

import io.zkafka.broker.network.ApiHandler;
import io.zkafka.broker.network.RequestContext;
import io.zkafka.broker.producerid.ProducerIdManager;
import io.zkafka.common.message.InitProducerIdRequest;
import io.zkafka.common.message.InitProducerIdResponse;
import io.zkafka.common.protocol.Errors;
import java.util.concurrent.CompletableFuture;

/**
 * InitProducerId for idempotent producers (no transactional id): a fresh producer id at epoch 0
 * from this broker's {@link ProducerIdManager}, whichever broker is asked (as in Kafka, the id and
 * epoch a producer already has, if it sends them, do not matter: it gets a new id). While no block
 * of ids can be claimed the answer is {@code COORDINATOR_LOAD_IN_PROGRESS}, which clients retry.
 * With a transactional id it answers {@code INVALID_REQUEST}: transactions are not served yet (a
 * transaction coordinator will take those requests).
 */
public final class InitProducerIdHandler implements ApiHandler<InitProducerIdRequest> {
    private final ProducerIdManager producerIds;

    public InitProducerIdHandler(ProducerIdManager producerIds) {
        this.producerIds = producerIds;
    }

    @Override
    public CompletableFuture<InitProducerIdResponse> handle(RequestContext context, InitProducerIdRequest request) {
        if (request.transactionalId() != null) {
            return CompletableFuture.completedFuture(InitProducerIdResponse.error(Errors.INVALID_REQUEST,
                "Transactions are not served yet (transactional.id '" + request.transactionalId() + "')"));
        }
        return producerIds.generateProducerId()
            .thenApply(id -> new InitProducerIdResponse(Errors.NONE, null, id, (short) 0))
            .exceptionally(e -> InitProducerIdResponse.error(Errors.COORDINATOR_LOAD_IN_PROGRESS,
                "No producer id block is available yet: " + e.getMessage()));
    }
}
