package io.zkafka.broker.handler;

import io.zkafka.broker.group.OffsetsTopic;
import io.zkafka.broker.network.ApiHandler;
import io.zkafka.broker.network.RequestContext;
import io.zkafka.common.TopicPartition;
import io.zkafka.common.message.FindCoordinatorRequest;
import io.zkafka.common.message.FindCoordinatorResponse;
import io.zkafka.common.protocol.Errors;
import io.zkafka.coordination.BrokerInfo;
import io.zkafka.coordination.PartitionState;
import io.zkafka.metadata.MetadataCache;
import java.util.concurrent.CompletableFuture;

/**
 * Names the broker leading the group's offsets partition. The first ask creates
 * {@code __consumer_offsets}; until it has a leader the answer is COORDINATOR_NOT_AVAILABLE,
 * which clients retry.
 */
public final class FindCoordinatorHandler implements ApiHandler<FindCoordinatorRequest> {
    private final OffsetsTopic offsetsTopic;
    private final MetadataCache metadata;

    public FindCoordinatorHandler(OffsetsTopic offsetsTopic, MetadataCache metadata) {
        this.offsetsTopic = offsetsTopic;
        this.metadata = metadata;
    }

    @Override
    public CompletableFuture<FindCoordinatorResponse> handle(RequestContext context, FindCoordinatorRequest request) {
        if (request.keyType() != FindCoordinatorRequest.GROUP_KEY_TYPE) {
            return done(FindCoordinatorResponse.error(Errors.INVALID_REQUEST, "Only group coordinators (key type 0) are served"));
        }
        if (request.key() == null || request.key().isEmpty()) {
            return done(FindCoordinatorResponse.error(Errors.INVALID_GROUP_ID, "The group id is empty"));
        }
        if (!offsetsTopic.exists()) {
            offsetsTopic.createIfAbsent();
            return done(FindCoordinatorResponse.error(Errors.COORDINATOR_NOT_AVAILABLE,
                OffsetsTopic.NAME + " is being created"));
        }
        TopicPartition tp = offsetsTopic.partitionFor(request.key());
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
