package io.zkafka.broker.handler;

import io.zkafka.broker.authorizer.Authorizer;
import io.zkafka.broker.group.GroupCoordinator;
import io.zkafka.broker.network.ApiHandler;
import io.zkafka.broker.network.RequestContext;
import io.zkafka.common.acl.AclOperation;
import io.zkafka.common.message.TxnOffsetCommitRequest;
import io.zkafka.common.message.TxnOffsetCommitResponse;
import io.zkafka.common.protocol.Errors;
import io.zkafka.common.resource.ResourceType;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * TxnOffsetCommit: a transactional producer's offsets for a group, pending until its transaction commits.
 * Read on the group and on each topic, as OffsetCommit.
 */
public final class TxnOffsetCommitHandler implements ApiHandler<TxnOffsetCommitRequest> {
    private final GroupCoordinator coordinator;
    private final Authorizer authorizer;

    public TxnOffsetCommitHandler(GroupCoordinator coordinator, Authorizer authorizer) {
        this.coordinator = coordinator;
        this.authorizer = authorizer;
    }

    @Override
    public CompletableFuture<TxnOffsetCommitResponse> handle(RequestContext context, TxnOffsetCommitRequest request) {
        if (!authorizer.authorize(context, AclOperation.READ, ResourceType.GROUP, request.groupId())) {
            return CompletableFuture.completedFuture(refuseAll(request.topics(), Errors.GROUP_AUTHORIZATION_FAILED));
        }
        List<TxnOffsetCommitRequest.Topic> permitted = new ArrayList<>(request.topics().size());
        List<TxnOffsetCommitRequest.Topic> refused = new ArrayList<>();
        for (TxnOffsetCommitRequest.Topic topic : request.topics()) {
            (authorizer.authorize(context, AclOperation.READ, ResourceType.TOPIC, topic.name()) ? permitted : refused)
                .add(topic);
        }
        if (refused.isEmpty()) {
            return coordinator.offsets().txnCommit(request);
        }
        TxnOffsetCommitResponse refusals = refuseAll(refused, Errors.TOPIC_AUTHORIZATION_FAILED);
        if (permitted.isEmpty()) {
            return CompletableFuture.completedFuture(refusals);
        }
        return coordinator.offsets().txnCommit(new TxnOffsetCommitRequest(request.transactionalId(), request.groupId(),
            request.producerId(), request.producerEpoch(), request.generationId(), request.memberId(),
            request.groupInstanceId(), permitted)).thenApply(response -> {
                List<TxnOffsetCommitResponse.Topic> topics = new ArrayList<>(response.topics());
                topics.addAll(refusals.topics());
                return new TxnOffsetCommitResponse(topics);
            });
    }

    private static TxnOffsetCommitResponse refuseAll(List<TxnOffsetCommitRequest.Topic> topics, Errors error) {
        List<TxnOffsetCommitResponse.Topic> out = new ArrayList<>(topics.size());
        for (TxnOffsetCommitRequest.Topic topic : topics) {
            out.add(new TxnOffsetCommitResponse.Topic(topic.name(), topic.partitions().stream()
                .map(p -> new TxnOffsetCommitResponse.PartitionResult(p.partition(), error)).toList()));
        }
        return new TxnOffsetCommitResponse(out);
    }
}
