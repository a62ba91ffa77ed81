package io.zkafka.clients.consumer.internals;

import io.zkafka.clients.consumer.ConsumerPartitionAssignor;
import io.zkafka.clients.consumer.ConsumerPartitionAssignor.Subscription;
import io.zkafka.clients.internals.Cluster;
import io.zkafka.clients.internals.Metadata;
import io.zkafka.common.TopicPartition;
import io.zkafka.common.errors.RetriableException;
import io.zkafka.common.message.JoinGroupRequest;
import io.zkafka.common.message.JoinGroupResponse;
import io.zkafka.common.message.SyncGroupRequest;
import io.zkafka.common.message.SyncGroupResponse;
import io.zkafka.common.protocol.Errors;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One join-and-sync round of the group protocol: JoinGroup with a subscription per assignor (topics,
 * and under the cooperative protocol the partitions owned and their generation; a consumer without
 * a member id is first answered MEMBER_ID_REQUIRED with one, KIP-394, and joins again with it at
 * once, so it knows its id while the coordinator holds its join and can leave), then, as leader,
 * the assignment by the protocol the coordinator chose over the partitions metadata knows (refreshed
 * first when a member subscribes to a topic not known yet), then SyncGroup. When that assignment
 * withholds a partition from the member that owned it (cooperative), the leader marks every
 * member's assignment: a follow-up rebalance is certain, and marked members listen for it closely
 * ({@link Heartbeat}). A static
 * member that the coordinator took back without a rebalance is answered as leader with no members:
 * it assigns nothing and only syncs for its previous assignment.
 *
 * <p>Confined to the application thread. A join outlives a short poll: the next round waits for the
 * same request instead of sending another.
 */
final class GroupJoiner {
    private static final Logger LOG = LoggerFactory.getLogger(GroupJoiner.class);

    private final CoordinatorChannel channel;
    private final MemberState member;
    private final Metadata metadata;
    private final List<ConsumerPartitionAssignor> assignors;
    private final int sessionTimeoutMs;
    private final int rebalanceTimeoutMs;
    private CompletableFuture<JoinGroupResponse> pendingJoin;
    private long pendingJoinSentNanos;
    /** How long the last answered join took. */
    private long lastJoinNanos;
    private final CoordinatorMetrics metrics;

    GroupJoiner(CoordinatorChannel channel, MemberState member, Metadata metadata,
                List<ConsumerPartitionAssignor> assignors, int sessionTimeoutMs, int rebalanceTimeoutMs,
                CoordinatorMetrics metrics) {
        this.metrics = metrics;
        this.channel = channel;
        this.member = member;
        this.metadata = metadata;
        this.assignors = List.copyOf(assignors);
        this.sessionTimeoutMs = sessionTimeoutMs;
        this.rebalanceTimeoutMs = rebalanceTimeoutMs;
    }

    /**
     * Joins and syncs once.
     *
     * @param owned the partitions owned now, sent under the cooperative protocol (empty under eager)
     * @return the new assignment, or null when the round must be retried (the member state says why)
     */
    ConsumerProtocol.Assignment joinAndSync(Set<String> topics, List<TopicPartition> owned, long deadlineMs) {
        Subscription subscription = new Subscription(new ArrayList<>(new TreeSet<>(topics)), owned,
            owned.isEmpty() ? -1 : member.generation());
        byte[] metadataBytes = ConsumerProtocol.subscription(subscription);
        List<JoinGroupRequest.Protocol> protocols = new ArrayList<>();
        assignors.forEach(a -> protocols.add(new JoinGroupRequest.Protocol(a.name(), metadataBytes)));
        JoinGroupResponse joined = join(protocols, deadlineMs);
        if (joined != null && joined.error() == Errors.MEMBER_ID_REQUIRED) {
            // KIP-394: the coordinator handed out a member id; only a join with it makes this a member
            member.assignMemberId(joined.memberId());
            joined = join(protocols, deadlineMs);
        }
        if (joined == null) {
            return null;
        }
        if (joined.error() != Errors.NONE) {
            onError(joined.error(), "join");
            return null;
        }
        metrics.joinAnswered(lastJoinNanos); // as Kafka, successful joins only
        member.joined(joined.memberId(), joined.generationId());
        List<SyncGroupRequest.Assignment> assignments = List.of();
        if (joined.leader().equals(joined.memberId()) && !joined.members().isEmpty() && !joined.skipAssignment()) {
            assignments = lead(joined, topics, deadlineMs);
        }
        long syncSentNanos = System.nanoTime();
        SyncGroupResponse synced = channel.callCoordinator(new SyncGroupRequest(member.groupId(),
            joined.generationId(), joined.memberId(), member.groupInstanceId(), ConsumerProtocol.PROTOCOL_TYPE,
            joined.protocolName(), assignments), Math.max(deadlineMs, System.currentTimeMillis()
            + channel.requestTimeoutMs()));
        if (synced == null) {
            return null;
        }
        if (synced.error() != Errors.NONE) {
            onError(synced.error(), "sync");
            return null;
        }
        metrics.syncAnswered(System.nanoTime() - syncSentNanos);
        return ConsumerProtocol.readFullAssignment(synced.assignment());
    }

    /**
     * Sends the join (or waits for the one still in flight from an earlier poll) and returns its
     * answer, or null when it failed in a way worth retrying (the coordinator is then forgotten).
     */
    private JoinGroupResponse join(List<JoinGroupRequest.Protocol> protocols, long deadlineMs) {
        if (pendingJoin == null) {
            String target = channel.coordinator();
            if (target == null) {
                return null;
            }
            pendingJoinSentNanos = System.nanoTime();
            pendingJoin = channel.network().call(target, new JoinGroupRequest(member.groupId(), sessionTimeoutMs,
                rebalanceTimeoutMs, member.memberId(), member.groupInstanceId(), ConsumerProtocol.PROTOCOL_TYPE,
                protocols), rebalanceTimeoutMs + 5_000L);
        }
        try {
            JoinGroupResponse joined = channel.await(pendingJoin, deadlineMs, "join group " + member.groupId());
            pendingJoin = null;
            lastJoinNanos = System.nanoTime() - pendingJoinSentNanos;
            return joined;
        } catch (RuntimeException e) {
            if (!pendingJoin.isDone()) {
                throw e; // only this poll's deadline passed (or a wakeup): the join stays in flight
            }
            pendingJoin = null;
            if (e instanceof RetriableException) {
                channel.markUnknown();
                return null;
            }
            throw e;
        }
    }

    /** Forgets a join still in flight (the consumer left the group): its answer no longer matters. */
    void abandonJoin() {
        pendingJoin = null;
    }

    private void onError(Errors error, String what) {
        if (member.onGroupError(error, what)) {
            channel.markUnknown();
        }
        LOG.debug("Group {} {} answered {}", member.groupId(), what, error);
    }

    /** As leader: every member's partitions by the chosen assignor, over the partitions metadata knows. */
    private List<SyncGroupRequest.Assignment> lead(JoinGroupResponse joined, Set<String> ownTopics, long deadlineMs) {
        ConsumerPartitionAssignor assignor = assignors.stream().filter(a -> a.name().equals(joined.protocolName()))
            .findFirst().orElseThrow(() -> new IllegalStateException("The coordinator chose protocol "
                + joined.protocolName() + ", which this consumer did not offer"));
        Map<String, Subscription> subscriptions = new LinkedHashMap<>();
        Set<String> allTopics = new TreeSet<>();
        for (JoinGroupResponse.Member m : joined.members()) {
            Subscription subscription = ConsumerProtocol.readFullSubscription(m.metadata());
            subscriptions.put(m.memberId(), subscription);
            allTopics.addAll(subscription.topics());
        }
        Cluster known = metadata.fetch();
        Cluster cluster = known;
        if (!allTopics.stream().allMatch(t -> known.partitionCountForTopic(t) != null)) {
            // a topic only another member subscribes to: learn its partitions first
            Set<String> wanted = new TreeSet<>(allTopics);
            wanted.addAll(ownTopics);
            metadata.setTopics(wanted);
            metadata.requestUpdate();
            cluster = channel.await(metadata.refresh(), Math.max(deadlineMs, System.currentTimeMillis()
                + channel.requestTimeoutMs()), "refresh metadata for the assignment");
        }
        Map<String, Integer> partitionsPerTopic = new HashMap<>();
        for (String topic : allTopics) {
            Integer count = cluster.partitionCountForTopic(topic);
            if (count != null) {
                partitionsPerTopic.put(topic, count);
            }
        }
        Map<String, List<TopicPartition>> assignment = assignor.assignWithOwnership(partitionsPerTopic, subscriptions);
        boolean followUp = withholdsOwnedPartitions(subscriptions, assignment);
        List<SyncGroupRequest.Assignment> out = new ArrayList<>();
        assignment.forEach((memberId, partitions) -> out.add(new SyncGroupRequest.Assignment(memberId,
            ConsumerProtocol.assignment(new ConsumerProtocol.Assignment(partitions, followUp)))));
        LOG.info("Consumer {} leads group {} generation {}{}: {}", joined.memberId(), member.groupId(),
            joined.generationId(), followUp ? " (a follow-up rebalance will hand over what owners give up)" : "",
            assignment);
        return out;
    }

    /** Whether some member owned a partition that its new assignment lacks (only under the cooperative protocol). */
    static boolean withholdsOwnedPartitions(Map<String, Subscription> subscriptions,
                                            Map<String, List<TopicPartition>> assignment) {
        for (Map.Entry<String, Subscription> e : subscriptions.entrySet()) {
            Set<TopicPartition> now = new HashSet<>(assignment.getOrDefault(e.getKey(), List.of()));
            if (!now.containsAll(e.getValue().ownedPartitions())) {
                return true;
            }
        }
        return false;
    }
}
