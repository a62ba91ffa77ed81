package io.zkafka.broker.handler;

import io.zkafka.broker.authorizer.Authorizer;
import io.zkafka.broker.group.OffsetsTopic;
import io.zkafka.broker.network.ApiHandler;
import io.zkafka.broker.network.RequestContext;
import io.zkafka.broker.txn.TransactionStateTopic;
import io.zkafka.common.TopicPartition;
import io.zkafka.common.acl.AclOperation;
import io.zkafka.common.message.FindCoordinatorRequest;
import io.zkafka.common.message.FindCoordinatorResponse;
import io.zkafka.common.protocol.Errors;
import io.zkafka.common.resource.ResourceType;
import io.zkafka.coordination.BrokerInfo;
import io.zkafka.coordination.PartitionState;
import io.zkafka.metadata.MetadataCache;
import java.util.concurrent.CompletableFuture;

/**
 * Names the broker leading the partition of the coordinator's internal topic that holds the key: a
 * group's {@code __consumer_offsets} partition (key type 0) or a transactional id's
 * {@code __transaction_state} partition (key type 1). The first ask creates the topic; until it
 * has a leader the answer is COORDINATOR_NOT_AVAILABLE, which clients retry.
 */
public final class FindCoordinatorHandler implements ApiHandler<FindCoordinatorRequest> {
    private final OffsetsTopic offsetsTopic;
    private final TransactionStateTopic transactionTopic;
    private final MetadataCache metadata;
    private final Authorizer authorizer;

    public FindCoordinatorHandler(OffsetsTopic offsetsTopic, TransactionStateTopic transactionTopic,
                                  MetadataCache metadata, Authorizer authorizer) {
        this.offsetsTopic = offsetsTopic;
        this.transactionTopic = transactionTopic;
        this.metadata = metadata;
        this.authorizer = authorizer;
    }

    @Override
    public CompletableFuture<FindCoordinatorResponse> handle(RequestContext context, FindCoordinatorRequest request) {
        boolean transaction = request.keyType() == FindCoordinatorRequest.TRANSACTION_KEY_TYPE;
        if (!transaction && request.keyType() != FindCoordinatorRequest.GROUP_KEY_TYPE) {
            return done(FindCoordinatorResponse.error(Errors.INVALID_REQUEST, "Unknown coordinator key type "
                + request.keyType() + " (0 is a group, 1 a transactional id)"));
        }
        if (request.key() == null || request.key().isEmpty()) {
            return done(transaction ? FindCoordinatorResponse.error(Errors.INVALID_REQUEST, "The transactional id is empty")
                : FindCoordinatorResponse.error(Errors.INVALID_GROUP_ID, "The group id is empty"));
        }
        if (transaction ? !authorizer.authorize(context, AclOperation.DESCRIBE, ResourceType.TRANSACTIONAL_ID, request.key())
                : !authorizer.authorize(context, AclOperation.DESCRIBE, ResourceType.GROUP, request.key())) {
            return done(FindCoordinatorResponse.error(transaction ? Errors.TRANSACTIONAL_ID_AUTHORIZATION_FAILED
                : Errors.GROUP_AUTHORIZATION_FAILED, null));
        }
        TopicPartition tp;
        if (transaction) {
            if (!transactionTopic.exists()) {
                transactionTopic.createIfAbsent();
                return done(FindCoordinatorResponse.error(Errors.COORDINATOR_NOT_AVAILABLE,
                    TransactionStateTopic.NAME + " is being created"));
            }
            tp = new TopicPartition(TransactionStateTopic.NAME, transactionTopic.partitionFor(request.key()));
        } else {
            if (!offsetsTopic.exists()) {
                offsetsTopic.createIfAbsent();
                return done(FindCoordinatorResponse.error(Errors.COORDINATOR_NOT_AVAILABLE,
                    OffsetsTopic.NAME + " is being created"));
            }
            tp = offsetsTopic.partitionFor(request.key());
        }
        MetadataCache.Image image = metadata.image();
        PartitionState state = image.state(tp).orElse(null);
        BrokerInfo leader = state == null ? null : image.brokers().get(state.leaderAndIsr().leader());
        if (leader == null) {
            return done(FindCoordinatorResponse.error(Errors.COORDINATOR_NOT_AVAILABLE, tp + " has no leader"));
        }
        return done(new FindCoordinatorResponse(Errors.NONE, null, leader.id(), leader.host(), leader.port()));
    }

    private static CompletableFuture<FindCoordinatorResponse> done(FindCoordinatorResponse response) {
        return CompletableFuture.completedFuture(response);
    }
}
