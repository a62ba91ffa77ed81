package io.zkafka.broker.handler;

import io.zkafka.broker.authorizer.Authorizer;
import io.zkafka.broker.network.ApiHandler;
import io.zkafka.broker.network.RequestContext;
import io.zkafka.common.TopicPartition;
import io.zkafka.common.acl.AclOperation;
import io.zkafka.common.internals.TopicNames;
import io.zkafka.common.message.CreateTopicsRequest;
import io.zkafka.common.message.MetadataRequest;
import io.zkafka.common.message.MetadataResponse.PartitionMetadata;
import io.zkafka.common.message.MetadataResponse.TopicMetadata;
import io.zkafka.common.message.MetadataResponse;
import io.zkafka.common.protocol.Errors;
import io.zkafka.common.resource.ResourceType;
import io.zkafka.coordination.LeaderAndIsr;
import io.zkafka.coordination.PartitionState;
import io.zkafka.coordination.TopicAssignment;
import io.zkafka.metadata.MetadataCache;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/**
 * Brokers, controller and per topic its partitions with leader, replicas and ISR, from this
 * broker's metadata cache. A missing topic is created when the client allows it and
 * {@code auto.create.topics.enable} is on; the answer for it is then LEADER_NOT_AVAILABLE, and the
 * client asks again. Topics the principal may not Describe are left out of an all-topics answer and
 * answered TOPIC_AUTHORIZATION_FAILED when named; auto-creation needs Create on the cluster or the topic.
 */
public final class MetadataHandler implements ApiHandler<MetadataRequest> {
    private final ClusterView cluster;
    private final ControllerForwarder controller;
    private final boolean autoCreateTopics;
    private final Authorizer authorizer;

    public MetadataHandler(ClusterView cluster, ControllerForwarder controller, boolean autoCreateTopics,
                           Authorizer authorizer) {
        this.cluster = cluster;
        this.controller = controller;
        this.autoCreateTopics = autoCreateTopics;
        this.authorizer = authorizer;
    }

    @Override
    public CompletableFuture<MetadataResponse> handle(RequestContext context, MetadataRequest request) {
        MetadataCache.Image image = cluster.metadata().image();
        boolean allTopics = request.topics() == null;
        List<String> names = allTopics ? new ArrayList<>(new TreeMap<>(image.assignments()).keySet()) : request.topics();
        List<TopicMetadata> topics = new ArrayList<>(names.size());
        List<CreateTopicsRequest.CreatableTopic> toCreate = new ArrayList<>();
        for (String name : names) {
            TopicAssignment assignment = image.assignments().get(name);
            if (!authorizer.authorize(context, AclOperation.DESCRIBE, ResourceType.TOPIC, name)) {
                if (!allTopics) {
                    topics.add(new TopicMetadata(Errors.TOPIC_AUTHORIZATION_FAILED, name, false, List.of()));
                }
            } else if (assignment != null) {
                topics.add(describe(image, assignment));
            } else if (TopicNames.invalidReason(name) != null) {
                topics.add(new TopicMetadata(Errors.INVALID_TOPIC_EXCEPTION, name, false, List.of()));
            } else if (request.allowAutoTopicCreation() && autoCreateTopics && !mayCreate(context, name)) {
                topics.add(new TopicMetadata(Errors.TOPIC_AUTHORIZATION_FAILED, name, false, List.of()));
            } else if (request.allowAutoTopicCreation() && autoCreateTopics) {
                toCreate.add(new CreateTopicsRequest.CreatableTopic(name, CreateTopicsRequest.DEFAULT,
                    (short) CreateTopicsRequest.DEFAULT, null, Map.of()));
                topics.add(new TopicMetadata(Errors.LEADER_NOT_AVAILABLE, name, false, List.of()));
            } else {
                topics.add(new TopicMetadata(Errors.UNKNOWN_TOPIC_OR_PARTITION, name, false, List.of()));
            }
        }
        if (!toCreate.isEmpty()) {
            // the client retries metadata until the topic shows up; it need not wait here
            controller.createTopics(new CreateTopicsRequest(toCreate, 10_000, false));
        }
        return CompletableFuture.completedFuture(new MetadataResponse(cluster.brokers(image), cluster.clusterId(),
            cluster.controllerId(), topics));
    }

    private boolean mayCreate(RequestContext context, String topic) {
        return authorizer.authorizeCluster(context, AclOperation.CREATE)
            || authorizer.authorize(context, AclOperation.CREATE, ResourceType.TOPIC, topic);
    }

    private static TopicMetadata describe(MetadataCache.Image image, TopicAssignment assignment) {
        List<PartitionMetadata> partitions = new ArrayList<>(assignment.partitionCount());
        for (Map.Entry<Integer, List<Integer>> entry : new TreeMap<>(assignment.partitions()).entrySet()) {
            int p = entry.getKey();
            List<Integer> replicas = entry.getValue();
            List<Integer> offline = replicas.stream().filter(r -> !image.brokers().containsKey(r)).toList();
            PartitionState state = image.state(new TopicPartition(assignment.topic(), p)).orElse(null);
            if (state == null) {
                partitions.add(new PartitionMetadata(Errors.LEADER_NOT_AVAILABLE, p, -1, -1, replicas, List.of(),
                    offline));
                continue;
            }
            LeaderAndIsr leaderAndIsr = state.leaderAndIsr();
            boolean leaderLive = leaderAndIsr.leader() != LeaderAndIsr.NO_LEADER
                && image.brokers().containsKey(leaderAndIsr.leader());
            partitions.add(new PartitionMetadata(leaderLive ? Errors.NONE : Errors.LEADER_NOT_AVAILABLE, p,
                leaderLive ? leaderAndIsr.leader() : MetadataResponse.NO_LEADER, leaderAndIsr.leaderEpoch(), replicas,
                leaderAndIsr.isr(), offline));
        }
        boolean internal = assignment.topic().startsWith("__");
        return new TopicMetadata(Errors.NONE, assignment.topic(), internal, partitions, assignment.topicId());
    }
}
