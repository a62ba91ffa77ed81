package io.zkafka.clients.consumer.internals;

import io.zkafka.clients.consumer.CommitFailedException;
import io.zkafka.clients.consumer.ConsumerPartitionAssignor;
import io.zkafka.clients.consumer.ConsumerRebalanceListener;
import io.zkafka.clients.consumer.OffsetAndMetadata;
import io.zkafka.clients.internals.ClientUtils;
import io.zkafka.clients.internals.Cluster;
import io.zkafka.clients.internals.Metadata;
import io.zkafka.clients.internals.NetworkClient;
import io.zkafka.common.Node;
import io.zkafka.common.TopicPartition;
import io.zkafka.common.errors.ApiException;
import io.zkafka.common.errors.TimeoutException;
import io.zkafka.common.message.FindCoordinatorRequest;
import io.zkafka.common.message.FindCoordinatorResponse;
import io.zkafka.common.message.HeartbeatRequest;
import io.zkafka.common.message.HeartbeatResponse;
import io.zkafka.common.message.JoinGroupRequest;
import io.zkafka.common.message.JoinGroupResponse;
import io.zkafka.common.message.LeaveGroupRequest;
import io.zkafka.common.message.OffsetCommitRequest;
import io.zkafka.common.message.OffsetCommitResponse;
import io.zkafka.common.message.OffsetFetchRequest;
import io.zkafka.common.message.OffsetFetchResponse;
import io.zkafka.common.message.SyncGroupRequest;
import io.zkafka.common.message.SyncGroupResponse;
import io.zkafka.common.protocol.Errors;
import io.zkafka.common.protocol.Message;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The consumer's side of the group protocol, eager: find the coordinator, revoke everything, join,
 * (as leader) assign, sync, fetch committed offsets for the new partitions; heartbeats keep the
 * membership alive meanwhile; commits and committed-offset lookups go to the coordinator.
 *
 * <p>Threads: the application thread runs joins, commits and listener callbacks (inside poll and
 * the commit calls), blocking on request futures up to its deadline. Heartbeats run on the network
 * client's I/O thread ({@link NetworkClient#schedule}); they only set flags the application thread
 * reads. Shared fields are volatile or guarded by this object's monitor.
 */
public final class ConsumerCoordinator {
    private static final Logger LOG = LoggerFactory.getLogger(ConsumerCoordinator.class);

    /** The group settings of the consumer's configuration. */
    public record Settings(String groupId, String clientId, int sessionTimeoutMs, int heartbeatIntervalMs,
                           int maxPollIntervalMs, int requestTimeoutMs, long retryBackoffMs, boolean autoCommit,
                           long autoCommitIntervalMs) {
    }

    private final Settings settings;
    private final NetworkClient network;
    private final Metadata metadata;
    private final SubscriptionState subscriptions;
    private final List<ConsumerPartitionAssignor> assignors;
    private volatile String coordinator;
    private volatile String memberId = JoinGroupRequest.UNKNOWN_MEMBER_ID;
    private volatile int generation = OffsetCommitRequest.NO_GENERATION;
    private volatile boolean needsJoin = true;
    private volatile long lastPollMs = System.currentTimeMillis();
    private volatile int heartbeatRound;
    private volatile boolean heartbeating;
    private CompletableFuture<JoinGroupResponse> pendingJoin;
    private Set<String> subscription = Set.of();
    private ConsumerRebalanceListener listener;
    private long nextAutoCommitMs;
    private final List<Runnable> completedAsyncCommits = new ArrayList<>();

    public ConsumerCoordinator(Settings settings, NetworkClient network, Metadata metadata,
                               SubscriptionState subscriptions, List<ConsumerPartitionAssignor> assignors) {
        this.settings = settings;
        this.network = network;
        this.metadata = metadata;
        this.subscriptions = subscriptions;
        this.assignors = List.copyOf(assignors);
        this.nextAutoCommitMs = System.currentTimeMillis() + settings.autoCommitIntervalMs();
    }

    public String groupId() {
        return settings.groupId();
    }

    public boolean isSubscribed() {
        return !subscription.isEmpty();
    }

    public Set<String> subscription() {
        return subscription;
    }

    /** Subscribes to exactly these topics; the next poll rejoins the group. Application thread. */
    public void subscribe(Set<String> topics, ConsumerRebalanceListener newListener) {
        this.subscription = Set.copyOf(topics);
        this.listener = newListener;
        this.needsJoin = true;
        metadata.setTopics(subscription);
    }

    /** Leaves the group and drops the subscription. Application thread. */
    public void unsubscribe(long deadlineMs) {
        if (!subscription.isEmpty()) {
            revokeAll(deadlineMs);
            leave(deadlineMs);
        }
        subscription = Set.of();
        needsJoin = true;
    }

    /** Keeps the membership current: rejoins when needed, auto-commits when due. Application thread. */
    public void poll(long deadlineMs) {
        lastPollMs = System.currentTimeMillis();
        runCompletedAsyncCommits();
        if (subscription.isEmpty()) {
            maybeAutoCommit();
            return;
        }
        if (needsJoin) {
            joinGroup(deadlineMs);
        } else if (coordinator == null) {
            try {
                ensureCoordinator(deadlineMs);
            } catch (TimeoutException e) {
                return;
            }
            startHeartbeats();
        } else if (!heartbeating) {
            startHeartbeats();
        }
        maybeAutoCommit();
    }

    private void maybeAutoCommit() {
        if (!settings.autoCommit() || System.currentTimeMillis() < nextAutoCommitMs) {
            return;
        }
        nextAutoCommitMs = System.currentTimeMillis() + settings.autoCommitIntervalMs();
        Map<TopicPartition, OffsetAndMetadata> positions = allConsumed();
        if (!positions.isEmpty()) {
            commitAsync(positions, (offsets, e) -> {
                if (e != null) {
                    LOG.debug("Auto-commit of {} failed: {}", offsets, e.getMessage());
                }
            });
        }
    }

    public Map<TopicPartition, OffsetAndMetadata> allConsumed() {
        Map<TopicPartition, OffsetAndMetadata> positions = new LinkedHashMap<>();
        for (TopicPartition tp : subscriptions.assignedPartitions()) {
            Long position = subscriptions.position(tp);
            if (position != null) {
                positions.put(tp, new OffsetAndMetadata(position));
            }
        }
        return positions;
    }

    // ---- joining ---------------------------------------------------------------------------------

    private void joinGroup(long deadlineMs) {
        revokeAll(deadlineMs);
        for (int attempt = 0; System.currentTimeMillis() < deadlineMs && attempt < 1000; attempt++) {
            try {
                ensureCoordinator(deadlineMs);
                List<TopicPartition> assigned = joinAndSync(deadlineMs);
                if (assigned == null) {
                    backoff(deadlineMs);
                    continue;
                }
                onAssigned(assigned, deadlineMs);
                return;
            } catch (TimeoutException e) {
                return; // the next poll carries on
            }
        }
    }

    /** One join and sync round; null when it must be retried. */
    private List<TopicPartition> joinAndSync(long deadlineMs) {
        List<String> topics = new ArrayList<>(new TreeSet<>(subscription));
        List<JoinGroupRequest.Protocol> protocols = new ArrayList<>();
        byte[] metadataBytes = ConsumerProtocol.subscription(topics);
        assignors.forEach(a -> protocols.add(new JoinGroupRequest.Protocol(a.name(), metadataBytes)));
        JoinGroupRequest join = new JoinGroupRequest(settings.groupId(), settings.sessionTimeoutMs(),
            settings.maxPollIntervalMs(), memberId, null, ConsumerProtocol.PROTOCOL_TYPE, protocols);
        // a join outlives a short poll: the next poll waits for the same request rather than sending another
        if (pendingJoin == null) {
            pendingJoin = network.call(coordinator, join, settings.maxPollIntervalMs() + 5_000L);
        }
        JoinGroupResponse joined;
        try {
            joined = await(pendingJoin, deadlineMs, "join group " + settings.groupId());
        } catch (RuntimeException e) {
            if (!pendingJoin.isDone()) {
                throw e; // only this poll's deadline passed: the join stays in flight
            }
            pendingJoin = null;
            if (e instanceof io.zkafka.common.errors.RetriableException) {
                coordinator = null;
                return null;
            }
            throw e;
        }
        pendingJoin = null;
        if (joined.error() != Errors.NONE) {
            handleGroupError(joined.error(), "join");
            return null;
        }
        memberId = joined.memberId();
        generation = joined.generationId();
        List<SyncGroupRequest.Assignment> assignments = List.of();
        if (joined.leader().equals(memberId)) {
            assignments = lead(joined, deadlineMs);
        }
        SyncGroupResponse synced = call(new SyncGroupRequest(settings.groupId(), generation, memberId, null,
            ConsumerProtocol.PROTOCOL_TYPE, joined.protocolName(), assignments), settings.requestTimeoutMs(),
            Math.max(deadlineMs, System.currentTimeMillis() + settings.requestTimeoutMs()));
        if (synced == null) {
            return null;
        }
        if (synced.error() != Errors.NONE) {
            handleGroupError(synced.error(), "sync");
            return null;
        }
        return ConsumerProtocol.readAssignment(synced.assignment());
    }

    /** As leader: every member's partitions by the chosen assignor, over the partitions metadata knows. */
    private List<SyncGroupRequest.Assignment> lead(JoinGroupResponse joined, long deadlineMs) {
        ConsumerPartitionAssignor assignor = assignors.stream().filter(a -> a.name().equals(joined.protocolName()))
            .findFirst().orElseThrow(() -> new IllegalStateException("The coordinator chose protocol "
                + joined.protocolName() + ", which this consumer did not offer"));
        Map<String, List<String>> subscriptionsByMember = new LinkedHashMap<>();
        Set<String> allTopics = new TreeSet<>();
        for (JoinGroupResponse.Member member : joined.members()) {
            List<String> topics = ConsumerProtocol.readSubscription(member.metadata());
            subscriptionsByMember.put(member.memberId(), topics);
            allTopics.addAll(topics);
        }
        Set<String> wanted = new TreeSet<>(allTopics);
        wanted.addAll(subscription);
        metadata.setTopics(wanted);
        metadata.requestUpdate();
        Cluster cluster = await(metadata.refresh(), Math.max(deadlineMs, System.currentTimeMillis()
            + settings.requestTimeoutMs()), "refresh metadata for the assignment");
        Map<String, Integer> partitionsPerTopic = new HashMap<>();
        for (String topic : allTopics) {
            Integer count = cluster.partitionCountForTopic(topic);
            if (count != null) {
                partitionsPerTopic.put(topic, count);
            }
        }
        Map<String, List<TopicPartition>> assignment = assignor.assign(partitionsPerTopic, subscriptionsByMember);
        List<SyncGroupRequest.Assignment> out = new ArrayList<>();
        assignment.forEach((member, partitions) ->
            out.add(new SyncGroupRequest.Assignment(member, ConsumerProtocol.assignment(partitions))));
        LOG.info("Consumer {} leads group {} generation {}: {}", settings.clientId(), settings.groupId(), generation,
            assignment);
        return out;
    }

    private void onAssigned(List<TopicPartition> assigned, long deadlineMs) {
        subscriptions.assignFromUser(assigned);
        Map<TopicPartition, OffsetAndMetadata> committed = fetchCommitted(Set.copyOf(assigned), deadlineMs);
        committed.forEach((tp, offset) -> {
            if (offset != null) {
                subscriptions.seek(tp, offset.offset());
            }
        });
        needsJoin = false;
        LOG.info("Consumer {} of group {} generation {} got {}", settings.clientId(), settings.groupId(), generation,
            assigned);
        startHeartbeats();
        if (listener != null) {
            listener.onPartitionsAssigned(List.copyOf(assigned));
        }
    }

    /** Eager protocol: give everything up before rejoining, committing first when auto-commit is on. */
    private void revokeAll(long deadlineMs) {
        Set<TopicPartition> owned = subscriptions.assignedPartitions();
        heartbeatRound++;
        heartbeating = false;
        if (owned.isEmpty()) {
            return;
        }
        if (settings.autoCommit() && generation >= 0) {
            try {
                commitSync(allConsumed(), deadlineMs);
            } catch (RuntimeException e) {
                LOG.info("Committing before the rebalance failed: {}", e.getMessage());
            }
        }
        if (listener != null) {
            listener.onPartitionsRevoked(List.copyOf(owned));
        }
        subscriptions.assignFromUser(List.of());
    }

    private void handleGroupError(Errors error, String what) {
        switch (error) {
            case UNKNOWN_MEMBER_ID, ILLEGAL_GENERATION -> {
                memberId = JoinGroupRequest.UNKNOWN_MEMBER_ID;
                generation = OffsetCommitRequest.NO_GENERATION;
            }
            case NOT_COORDINATOR, COORDINATOR_NOT_AVAILABLE, COORDINATOR_LOAD_IN_PROGRESS -> coordinator = null;
            case REBALANCE_IN_PROGRESS -> {
            }
            default -> throw ApiException.forError(error, what + " of group " + settings.groupId());
        }
        needsJoin = true;
        LOG.debug("Group {} {} answered {}", settings.groupId(), what, error);
    }

    // ---- heartbeats (I/O thread) -------------------------------------------------------------------

    private void startHeartbeats() {
        int round = ++heartbeatRound;
        heartbeating = true;
        network.schedule(() -> heartbeat(round), settings.heartbeatIntervalMs());
    }

    private void heartbeat(int round) {
        String target = coordinator;
        if (round != heartbeatRound || needsJoin || target == null) {
            heartbeating = round == heartbeatRound && heartbeating && !needsJoin && target != null;
            return;
        }
        if (System.currentTimeMillis() - lastPollMs > settings.maxPollIntervalMs()) {
            LOG.warn("Consumer {} did not poll within max.poll.interval.ms={}; leaving group {}", settings.clientId(),
                settings.maxPollIntervalMs(), settings.groupId());
            network.send(target, new LeaveGroupRequest(settings.groupId(), List.of(
                new LeaveGroupRequest.MemberIdentity(memberId, null))), true, settings.requestTimeoutMs());
            memberId = JoinGroupRequest.UNKNOWN_MEMBER_ID;
            generation = OffsetCommitRequest.NO_GENERATION;
            needsJoin = true;
            heartbeating = false;
            return;
        }
        network.<HeartbeatResponse>call(target, new HeartbeatRequest(settings.groupId(), generation, memberId, null),
            settings.requestTimeoutMs()).whenComplete((response, e) -> {
                if (round != heartbeatRound) {
                    return;
                }
                if (e != null) {
                    coordinator = null;
                    heartbeating = false;
                    return;
                }
                if (response.error() == Errors.NONE) {
                    network.schedule(() -> heartbeat(round), settings.heartbeatIntervalMs());
                    return;
                }
                heartbeating = false;
                try {
                    handleGroupError(response.error(), "heartbeat");
                } catch (ApiException fatal) {
                    LOG.error("Heartbeat of group {} failed: {}", settings.groupId(), fatal.getMessage());
                }
            });
    }

    // ---- offsets -------------------------------------------------------------------------------

    public void commitSync(Map<TopicPartition, OffsetAndMetadata> offsets, long deadlineMs) {
        if (offsets.isEmpty()) {
            return;
        }
        for (int attempt = 0; attempt < 1000; attempt++) {
            ensureCoordinator(deadlineMs);
            OffsetCommitResponse response = call(commitRequest(offsets), settings.requestTimeoutMs(), deadlineMs);
            if (response != null) {
                Errors error = firstError(response);
                if (error == Errors.NONE) {
                    return;
                }
                if (!error.isRetriable()) {
                    throw commitError(error);
                }
                if (error == Errors.NOT_COORDINATOR || error == Errors.COORDINATOR_NOT_AVAILABLE) {
                    coordinator = null;
                }
            }
            backoff(deadlineMs);
        }
    }

    public void commitAsync(Map<TopicPartition, OffsetAndMetadata> offsets,
                            io.zkafka.clients.consumer.OffsetCommitCallback callback) {
        String target = coordinator;
        Map<TopicPartition, OffsetAndMetadata> copy = Map.copyOf(offsets);
        if (target == null) {
            complete(callback, copy, new io.zkafka.common.errors.RetriableException(Errors.COORDINATOR_NOT_AVAILABLE,
                "The coordinator of group " + settings.groupId() + " is not known yet"));
            return;
        }
        network.<OffsetCommitResponse>call(target, commitRequest(copy), settings.requestTimeoutMs())
            .whenComplete((response, e) -> {
                Exception failure = e != null ? (Exception) ClientUtils.unwrap(e) : null;
                if (failure == null) {
                    Errors error = firstError(response);
                    failure = error == Errors.NONE ? null : commitError(error);
                }
                complete(callback, copy, failure);
            });
    }

    private void complete(io.zkafka.clients.consumer.OffsetCommitCallback callback,
                          Map<TopicPartition, OffsetAndMetadata> offsets, Exception failure) {
        if (callback == null) {
            return;
        }
        synchronized (completedAsyncCommits) {
            completedAsyncCommits.add(() -> callback.onComplete(offsets, failure));
        }
    }

    /** Runs the callbacks of finished async commits on the application thread. */
    public void runCompletedAsyncCommits() {
        List<Runnable> ready;
        synchronized (completedAsyncCommits) {
            ready = List.copyOf(completedAsyncCommits);
            completedAsyncCommits.clear();
        }
        ready.forEach(Runnable::run);
    }

    private RuntimeException commitError(Errors error) {
        if (error == Errors.UNKNOWN_MEMBER_ID || error == Errors.ILLEGAL_GENERATION
                || error == Errors.REBALANCE_IN_PROGRESS) {
            needsJoin = true;
            return new CommitFailedException(error, error.message());
        }
        return ApiException.forError(error, "commit of group " + settings.groupId());
    }

    private OffsetCommitRequest commitRequest(Map<TopicPartition, OffsetAndMetadata> offsets) {
        Map<String, List<OffsetCommitRequest.Partition>> topics = new LinkedHashMap<>();
        offsets.forEach((tp, o) -> topics.computeIfAbsent(tp.topic(), t -> new ArrayList<>()).add(
            new OffsetCommitRequest.Partition(tp.partition(), o.offset(), o.leaderEpoch().orElse(-1), o.metadata())));
        List<OffsetCommitRequest.Topic> list = new ArrayList<>();
        topics.forEach((name, partitions) -> list.add(new OffsetCommitRequest.Topic(name, partitions)));
        boolean member = !subscription.isEmpty() && !needsJoin;
        return new OffsetCommitRequest(settings.groupId(), member ? generation : OffsetCommitRequest.NO_GENERATION,
            member ? memberId : "", null, list);
    }

    private static Errors firstError(OffsetCommitResponse response) {
        for (OffsetCommitResponse.Topic topic : response.topics()) {
            for (OffsetCommitResponse.Partition p : topic.partitions()) {
                if (p.error() != Errors.NONE) {
                    return p.error();
                }
            }
        }
        return Errors.NONE;
    }

    /** The group's committed offsets of these partitions; null values where none is committed. */
    public Map<TopicPartition, OffsetAndMetadata> fetchCommitted(Set<TopicPartition> partitions, long deadlineMs) {
        if (partitions.isEmpty()) {
            return Map.of();
        }
        Map<String, List<Integer>> topics = new LinkedHashMap<>();
        partitions.forEach(tp -> topics.computeIfAbsent(tp.topic(), t -> new ArrayList<>()).add(tp.partition()));
        List<OffsetFetchRequest.Topic> request = new ArrayList<>();
        topics.forEach((name, list) -> request.add(new OffsetFetchRequest.Topic(name, list)));
        for (int attempt = 0; attempt < 1000; attempt++) {
            ensureCoordinator(deadlineMs);
            OffsetFetchResponse response = call(new OffsetFetchRequest(settings.groupId(), request),
                settings.requestTimeoutMs(), deadlineMs);
            if (response != null && response.error() == Errors.NONE) {
                Map<TopicPartition, OffsetAndMetadata> result = new HashMap<>();
                partitions.forEach(tp -> result.put(tp, null));
                response.topics().forEach(t -> t.partitions().forEach(p -> {
                    if (p.error() == Errors.NONE && p.offset() >= 0) {
                        result.put(new TopicPartition(t.name(), p.partition()), new OffsetAndMetadata(p.offset(),
                            p.leaderEpoch() < 0 ? java.util.Optional.empty() : java.util.Optional.of(p.leaderEpoch()),
                            p.metadata()));
                    }
                }));
                return result;
            }
            if (response != null && !response.error().isRetriable()) {
                throw ApiException.forError(response.error(), "committed offsets of group " + settings.groupId());
            }
            if (response != null && response.error() != Errors.COORDINATOR_LOAD_IN_PROGRESS) {
                coordinator = null;
            }
            backoff(deadlineMs);
        }
        throw new TimeoutException("Could not fetch the committed offsets of group " + settings.groupId());
    }

    // ---- leaving, coordinator discovery, plumbing --------------------------------------------------

    /** Sends LeaveGroup (best effort, bounded) so the others rebalance at once. */
    public void leave(long deadlineMs) {
        String target = coordinator;
        heartbeatRound++;
        heartbeating = false;
        if (target != null && !JoinGroupRequest.UNKNOWN_MEMBER_ID.equals(memberId)) {
            try {
                network.call(target, new LeaveGroupRequest(settings.groupId(), List.of(
                    new LeaveGroupRequest.MemberIdentity(memberId, null))), settings.requestTimeoutMs())
                    .get(Math.max(1, deadlineMs - System.currentTimeMillis()), TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                LOG.debug("Leaving group {} failed: {}", settings.groupId(), e.toString());
            }
        }
        memberId = JoinGroupRequest.UNKNOWN_MEMBER_ID;
        generation = OffsetCommitRequest.NO_GENERATION;
        needsJoin = true;
    }

    /** Commits what was consumed (with auto-commit) and leaves. Application thread, at close. */
    public void close(long deadlineMs) {
        if (settings.autoCommit()) {
            try {
                commitSync(allConsumed(), deadlineMs);
            } catch (RuntimeException e) {
                LOG.info("Committing at close failed: {}", e.getMessage());
            }
        }
        runCompletedAsyncCommits();
        if (!subscription.isEmpty()) {
            leave(deadlineMs);
        }
    }

    private void ensureCoordinator(long deadlineMs) {
        for (int attempt = 0; coordinator == null && attempt < 1000; attempt++) {
            if (System.currentTimeMillis() >= deadlineMs) {
                throw new TimeoutException("The coordinator of group " + settings.groupId() + " was not found in time");
            }
            String address = anyBroker(deadlineMs);
            FindCoordinatorResponse found = address == null ? null : call(address, new FindCoordinatorRequest(
                settings.groupId(), FindCoordinatorRequest.GROUP_KEY_TYPE), settings.requestTimeoutMs(), deadlineMs);
            if (found != null && found.error() == Errors.NONE) {
                coordinator = found.host() + ":" + found.port();
                LOG.info("Group {} is coordinated by broker {} at {}", settings.groupId(), found.nodeId(), coordinator);
                return;
            }
            if (found != null && !found.error().isRetriable()) {
                throw ApiException.forError(found.error(), "coordinator of group " + settings.groupId());
            }
            backoff(deadlineMs);
        }
    }

    private String anyBroker(long deadlineMs) {
        Cluster cluster = metadata.fetch();
        if (cluster.nodes().isEmpty()) {
            metadata.requestUpdate();
            try {
                cluster = await(metadata.refresh(), deadlineMs, "refresh metadata");
            } catch (RuntimeException e) {
                return null;
            }
        }
        List<Node> nodes = cluster.nodes();
        if (nodes.isEmpty()) {
            return null;
        }
        Node node = nodes.get((int) (System.nanoTime() % nodes.size() + nodes.size()) % nodes.size());
        return node.host() + ":" + node.port();
    }

    private <R extends Message> R call(Message request, long timeoutMs, long deadlineMs) {
        String target = coordinator;
        if (target == null) {
            return null;
        }
        R response = call(target, request, timeoutMs, deadlineMs);
        if (response == null) {
            coordinator = null;
        }
        return response;
    }

    /** Sends and waits; null when the request failed (connection, timeout) and should be retried. */
    private <R extends Message> R call(String address, Message request, long timeoutMs, long deadlineMs) {
        CompletableFuture<R> future = network.call(address, request, timeoutMs);
        try {
            return await(future, deadlineMs, request.apiKey().name());
        } catch (io.zkafka.common.errors.RetriableException e) {
            if (!future.isDone()) {
                throw e; // the caller's deadline, not a failed request
            }
            return null;
        }
    }

    private static <T> T await(CompletableFuture<T> future, long deadlineMs, String what) {
        try {
            return future.get(Math.max(1, deadlineMs - System.currentTimeMillis()), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new TimeoutException("Timed out waiting to " + what);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new io.zkafka.common.errors.InterruptException(e);
        } catch (ExecutionException e) {
            Throwable cause = ClientUtils.unwrap(e);
            throw cause instanceof RuntimeException runtime ? runtime
                : new ApiException(Errors.UNKNOWN_SERVER_ERROR, cause.toString(), cause);
        }
    }

    private void backoff(long deadlineMs) {
        long waitMs = Math.min(settings.retryBackoffMs(), deadlineMs - System.currentTimeMillis());
        if (waitMs > 0) {
            try {
                Thread.sleep(waitMs);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new io.zkafka.common.errors.InterruptException(e);
            }
        }
    }
}
