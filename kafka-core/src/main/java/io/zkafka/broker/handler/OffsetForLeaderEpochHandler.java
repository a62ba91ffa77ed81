package io.zkafka.broker.handler;

import io.zkafka.broker.authorizer.Authorizer;
import io.zkafka.broker.network.ApiHandler;
import io.zkafka.broker.network.RequestContext;
import io.zkafka.broker.replica.Partition;
import io.zkafka.broker.replica.ReplicaManager;
import io.zkafka.common.TopicPartition;
import io.zkafka.common.acl.AclOperation;
import io.zkafka.common.message.OffsetForLeaderEpochRequest;
import io.zkafka.common.message.OffsetForLeaderEpochResponse.EpochEndOffsetResult;
import io.zkafka.common.message.OffsetForLeaderEpochResponse;
import io.zkafka.common.protocol.Errors;
import io.zkafka.common.resource.ResourceType;
import io.zkafka.storage.EpochEndOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Answers a follower's "where does my latest epoch end in your log?" (KIP-101/279), as the leader. */
public final class OffsetForLeaderEpochHandler implements ApiHandler<OffsetForLeaderEpochRequest> {
    private final ReplicaManager replicas;
    private final Authorizer authorizer;

    public OffsetForLeaderEpochHandler(ReplicaManager replicas, Authorizer authorizer) {
        this.replicas = replicas;
        this.authorizer = authorizer;
    }

    @Override
    public CompletableFuture<OffsetForLeaderEpochResponse> handle(RequestContext context,
                                                                  OffsetForLeaderEpochRequest request) {
        List<OffsetForLeaderEpochResponse.EpochTopicResult> topics = new ArrayList<>();
        boolean follower = request.replicaId() >= 0;
        boolean clusterAction = follower && authorizer.authorizeCluster(context, AclOperation.CLUSTER_ACTION);
        for (OffsetForLeaderEpochRequest.EpochTopic topic : request.topics()) {
            List<EpochEndOffsetResult> results = new ArrayList<>();
            boolean authorized = follower ? clusterAction
                : authorizer.authorize(context, AclOperation.DESCRIBE, ResourceType.TOPIC, topic.name());
            for (OffsetForLeaderEpochRequest.EpochPartition wanted : topic.partitions()) {
                results.add(!authorized ? new EpochEndOffsetResult(wanted.partition(), follower
                    ? Errors.CLUSTER_AUTHORIZATION_FAILED : Errors.TOPIC_AUTHORIZATION_FAILED, -1, -1L) : endOffset(new TopicPartition(topic.name(), wanted.partition()), wanted));
            }
            topics.add(new OffsetForLeaderEpochResponse.EpochTopicResult(topic.name(), results));
        }
        return CompletableFuture.completedFuture(new OffsetForLeaderEpochResponse(topics));
    }

    private EpochEndOffsetResult endOffset(TopicPartition tp, OffsetForLeaderEpochRequest.EpochPartition wanted) {
        Partition partition = replicas.partition(tp).orElse(null);
        if (partition == null) {
            return EpochEndOffsetResult.error(tp.partition(), replicas.errorForMissingPartition(tp));
        }
        if (!partition.isLeader()) {
            return EpochEndOffsetResult.error(tp.partition(), Errors.NOT_LEADER_OR_FOLLOWER);
        }
        int current = wanted.currentLeaderEpoch();
        if (current >= 0 && current != partition.leaderEpoch()) {
            return EpochEndOffsetResult.error(tp.partition(), current < partition.leaderEpoch()
                ? Errors.FENCED_LEADER_EPOCH : Errors.UNKNOWN_LEADER_EPOCH);
        }
        EpochEndOffset end = partition.log().endOffsetForEpoch(wanted.leaderEpoch());
        return new EpochEndOffsetResult(tp.partition(), Errors.NONE, end.epoch(), end.endOffset());
    }
}
