package io.zkafka.broker.handler;

import io.zkafka.broker.group.GroupCoordinator;
import io.zkafka.broker.network.ApiHandler;
import io.zkafka.broker.network.RequestContext;
import io.zkafka.common.message.TxnOffsetCommitRequest;
import io.zkafka.common.message.TxnOffsetCommitResponse;
import java.util.concurrent.CompletableFuture;

/** TxnOffsetCommit: a transactional producer's offsets for a group, pending until its transaction commits. */
public final class TxnOffsetCommitHandler implements ApiHandler<TxnOffsetCommitRequest> {
    private final GroupCoordinator coordinator;

    public TxnOffsetCommitHandler(GroupCoordinator coordinator) {
        this.coordinator = coordinator;
    }

    @Override
    public CompletableFuture<TxnOffsetCommitResponse> handle(RequestContext context, TxnOffsetCommitRequest request) {
        return coordinator.offsets().txnCommit(request);
    }
}
