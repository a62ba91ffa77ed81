package io.zkafka.clients.consumer.internals;

import io.zkafka.clients.consumer.ConsumerPartitionAssignor;
import io.zkafka.clients.consumer.ConsumerPartitionAssignor.RebalanceProtocol;
import io.zkafka.clients.consumer.ConsumerRebalanceListener;
import io.zkafka.clients.consumer.OffsetAndMetadata;
import io.zkafka.clients.consumer.OffsetCommitCallback;
import io.zkafka.clients.internals.Metadata;
import io.zkafka.clients.internals.NetworkClient;
import io.zkafka.common.TopicPartition;
import io.zkafka.common.errors.TimeoutException;
import io.zkafka.common.message.LeaveGroupRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The consumer's side of the group protocol: keeps the membership current from {@code poll}, and
 * hands partitions over by the rebalance protocol every configured assignor supports. Eager: revoke
 * everything, join, sync. Cooperative: join while keeping everything, then revoke only what the
 * new assignment lacks and rejoin at once for the follow-up, in which those partitions reach their
 * new owner; partitions kept keep their positions and see no listener call. The pieces:
 * {@link CoordinatorChannel} (finding and calling the coordinator, wakeable waits),
 * {@link GroupJoiner} (one join and sync round), {@link Heartbeat} (I/O thread),
 * {@link OffsetCommitter} (commits and committed offsets), {@link PatternSubscription}, and the
 * shared {@link MemberState}.
 *
 * <p>Threads: the application thread runs joins, commits and listener callbacks (inside poll and
 * the commit calls); heartbeats only set flags in {@link MemberState}.
 */
public final class ConsumerCoordinator {
    private static final Logger LOG = LoggerFactory.getLogger(ConsumerCoordinator.class);
    private static final int MAX_JOIN_ROUNDS = 1000;

    /** The group settings of the consumer's configuration; {@code groupInstanceId} null for a dynamic member. */
    public record Settings(String groupId, String groupInstanceId, String clientId, int sessionTimeoutMs,
                           int heartbeatIntervalMs, int maxPollIntervalMs, int requestTimeoutMs, long retryBackoffMs,
                           boolean autoCommit, long autoCommitIntervalMs) {
    }

    private final Settings settings;
    private final Metadata metadata;
    private final SubscriptionState subscriptions;
    private final RebalanceProtocol protocol;
    private final MemberState member;
    private final CoordinatorChannel channel;
    private final GroupJoiner joiner;
    private final Heartbeat heartbeat;
    private final OffsetCommitter committer;
    private Set<String> subscription = Set.of();
    private PatternSubscription pattern;
    private boolean subscribed;
    private ConsumerRebalanceListener listener;
    /** An assignment synced but not yet taken (its committed offsets are still being fetched). */
    private List<TopicPartition> syncedAssignment;
    private long nextAutoCommitMs;

    public ConsumerCoordinator(Settings settings, NetworkClient network, Metadata metadata,
                               SubscriptionState subscriptions, List<ConsumerPartitionAssignor> assignors,
                               WakeupTrigger wakeup) {
        this.settings = settings;
        this.metadata = metadata;
        this.subscriptions = subscriptions;
        this.protocol = commonProtocol(assignors);
        this.member = new MemberState(settings.groupId(), settings.groupInstanceId());
        this.channel = new CoordinatorChannel(settings.groupId(), network, metadata, wakeup,
            settings.requestTimeoutMs(), settings.retryBackoffMs());
        this.joiner = new GroupJoiner(channel, member, metadata, assignors, settings.sessionTimeoutMs(),
            settings.maxPollIntervalMs());
        this.heartbeat = new Heartbeat(channel, member, settings.heartbeatIntervalMs(), settings.maxPollIntervalMs());
        this.committer = new OffsetCommitter(channel, member, () -> subscribed && member.hasGeneration());
        this.nextAutoCommitMs = System.currentTimeMillis() + settings.autoCommitIntervalMs();
    }

    /** Cooperative only when every assignor supports it (Kafka's rule), else eager. */
    static RebalanceProtocol commonProtocol(List<ConsumerPartitionAssignor> assignors) {
        boolean cooperative = !assignors.isEmpty() && assignors.stream()
            .allMatch(a -> a.supportedProtocols().contains(RebalanceProtocol.COOPERATIVE));
        return cooperative ? RebalanceProtocol.COOPERATIVE : RebalanceProtocol.EAGER;
    }

    public String groupId() {
        return settings.groupId();
    }

    public RebalanceProtocol rebalanceProtocol() {
        return protocol;
    }

    public boolean isSubscribed() {
        return subscribed;
    }

    public Set<String> subscription() {
        return subscription;
    }

    /** Subscribes to exactly these topics; the next poll rejoins the group. Application thread. */
    public void subscribe(Set<String> topics, ConsumerRebalanceListener newListener) {
        pattern = null;
        metadata.setAllTopics(false);
        changeSubscription(Set.copyOf(topics));
        subscribed = true;
        listener = newListener;
        metadata.setTopics(subscription);
    }

    /** Subscribes to the topics matching the pattern now and after each metadata refresh. Application thread. */
    public void subscribe(Pattern topicPattern, ConsumerRebalanceListener newListener) {
        pattern = new PatternSubscription(topicPattern);
        metadata.setAllTopics(true);
        metadata.requestUpdate();
        subscribed = true;
        listener = newListener;
        member.requestJoin();
    }

    private void changeSubscription(Set<String> topics) {
        if (!topics.equals(subscription)) {
            subscription = topics;
            member.requestJoin();
        }
    }

    /** Leaves the group and drops the subscription. Application thread. */
    public void unsubscribe(long deadlineMs) {
        if (subscribed) {
            revoke(subscriptions.assignedPartitions(), deadlineMs);
            leave(deadlineMs);
        }
        subscribed = false;
        syncedAssignment = null;
        pattern = null;
        metadata.setAllTopics(false);
        subscription = Set.of();
        member.requestJoin();
    }

    /**
     * Keeps the membership current: rejoins when needed, follows pattern matches, auto-commits when
     * due. Application thread.
     *
     * @throws io.zkafka.common.errors.FencedInstanceIdException once another consumer took this one's instance id
     */
    public void poll(long deadlineMs) {
        heartbeat.polled();
        committer.runCompletedCallbacks();
        member.throwIfFatal();
        if (subscribed && pattern != null) {
            pattern.evaluate(metadata, channel, deadlineMs).ifPresent(this::changeSubscription);
        }
        if (!subscribed) {
            maybeAutoCommit();
            return;
        }
        if (member.needsJoin()) {
            joinGroup(deadlineMs);
        } else if (channel.coordinator() == null) {
            try {
                channel.ensureCoordinator(deadlineMs);
            } catch (TimeoutException e) {
                return;
            }
            heartbeat.start();
        } else if (!heartbeat.isRunning()) {
            heartbeat.start();
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
            committer.commitAsync(positions, (offsets, e) -> {
                if (e != null) {
                    LOG.debug("Auto-commit of {} failed: {}", offsets, e.getMessage());
                }
            });
        }
    }

    public Map<TopicPartition, OffsetAndMetadata> allConsumed() {
        return consumed(subscriptions.assignedPartitions());
    }

    private Map<TopicPartition, OffsetAndMetadata> consumed(Set<TopicPartition> partitions) {
        Map<TopicPartition, OffsetAndMetadata> positions = new LinkedHashMap<>();
        for (TopicPartition tp : partitions) {
            Long position = subscriptions.isAssigned(tp) ? subscriptions.position(tp) : null;
            if (position != null) {
                positions.put(tp, new OffsetAndMetadata(position));
            }
        }
        return positions;
    }

    // ---- rebalancing -------------------------------------------------------------------------------

    private void joinGroup(long deadlineMs) {
        heartbeat.stop();
        if (syncedAssignment != null) {
            completeAssignment(deadlineMs);
            return;
        }
        Set<TopicPartition> owned = subscriptions.assignedPartitions();
        if (protocol == RebalanceProtocol.EAGER) {
            revoke(owned, deadlineMs);
        } else if (!member.hasGeneration() && !owned.isEmpty()) {
            lose(owned); // dropped from the group: someone else may own them already
        }
        for (int round = 0; System.currentTimeMillis() < deadlineMs && round < MAX_JOIN_ROUNDS; round++) {
            try {
                channel.ensureCoordinator(deadlineMs);
                List<TopicPartition> assigned = joiner.joinAndSync(subscription,
                    protocol == RebalanceProtocol.COOPERATIVE ? new ArrayList<>(subscriptions.assignedPartitions())
                        : List.of(), deadlineMs);
                if (assigned == null) {
                    member.throwIfFatal();
                    if (protocol == RebalanceProtocol.COOPERATIVE && !member.hasGeneration()
                            && !subscriptions.hasNoAssignment()) {
                        lose(subscriptions.assignedPartitions());
                    }
                    channel.backoff(deadlineMs);
                    continue;
                }
                syncedAssignment = assigned;
                completeAssignment(deadlineMs);
                return;
            } catch (TimeoutException e) {
                return; // the next poll carries on
            }
        }
    }

    /**
     * Takes the synced assignment: fetches the committed offsets of what is new first (a timeout
     * leaves everything as it was, for the next poll to retry), then revokes what the assignment
     * lacks (cooperative; under eager that happened before the join) and asks for the follow-up
     * rebalance, assigns, positions the new partitions and tells the listener.
     */
    private void completeAssignment(long deadlineMs) {
        List<TopicPartition> assigned = syncedAssignment;
        Set<TopicPartition> owned = subscriptions.assignedPartitions();
        Set<TopicPartition> revoked = new LinkedHashSet<>(owned);
        revoked.removeAll(assigned);
        Set<TopicPartition> added = new LinkedHashSet<>(assigned);
        added.removeAll(owned);
        Map<TopicPartition, OffsetAndMetadata> committed = committer.fetchCommitted(added,
            Math.max(deadlineMs, System.currentTimeMillis() + settings.requestTimeoutMs()));
        syncedAssignment = null;
        if (!revoked.isEmpty()) {
            revoke(revoked, deadlineMs);
        }
        subscriptions.assignFromUser(assigned);
        committed.forEach((tp, offset) -> {
            if (offset != null) {
                subscriptions.seek(tp, offset.offset());
            }
        });
        member.stable();
        if (!revoked.isEmpty()) {
            member.requestJoin(); // the follow-up rebalance hands the revoked partitions over
        }
        LOG.info("Consumer {} of group {} generation {} got {} (added {}, revoked {})", settings.clientId(),
            settings.groupId(), member.generation(), assigned, added, revoked);
        heartbeat.start();
        if (listener != null) {
            listener.onPartitionsAssigned(List.copyOf(added));
        }
    }

    /** Gives partitions up cleanly: commits their positions first with auto-commit, tells the listener. */
    private void revoke(Set<TopicPartition> partitions, long deadlineMs) {
        if (partitions.isEmpty()) {
            return;
        }
        if (settings.autoCommit() && member.hasGeneration()) {
            try {
                committer.commitSync(consumed(partitions), deadlineMs);
            } catch (RuntimeException e) {
                LOG.info("Committing before the rebalance failed: {}", e.getMessage());
            }
        }
        if (listener != null) {
            listener.onPartitionsRevoked(List.copyOf(partitions));
        }
        Set<TopicPartition> kept = subscriptions.assignedPartitions();
        kept.removeAll(partitions);
        subscriptions.assignFromUser(kept);
    }

    /** Gives partitions up after losing the membership: no commit, {@code onPartitionsLost}. */
    private void lose(Set<TopicPartition> partitions) {
        if (listener != null) {
            listener.onPartitionsLost(List.copyOf(partitions));
        }
        Set<TopicPartition> kept = subscriptions.assignedPartitions();
        kept.removeAll(partitions);
        subscriptions.assignFromUser(kept);
    }

    // ---- offsets -------------------------------------------------------------------------------

    public void commitSync(Map<TopicPartition, OffsetAndMetadata> offsets, long deadlineMs) {
        member.throwIfFatal();
        committer.commitSync(offsets, deadlineMs);
    }

    public void commitAsync(Map<TopicPartition, OffsetAndMetadata> offsets, OffsetCommitCallback callback) {
        committer.commitAsync(offsets, callback);
    }

    /** Runs the callbacks of finished async commits on the application thread. */
    public void runCompletedAsyncCommits() {
        committer.runCompletedCallbacks();
    }

    /** The group's committed offsets of these partitions; null values where none is committed. */
    public Map<TopicPartition, OffsetAndMetadata> fetchCommitted(Set<TopicPartition> partitions, long deadlineMs) {
        return committer.fetchCommitted(partitions, deadlineMs);
    }

    // ---- leaving -------------------------------------------------------------------------------------

    /**
     * Sends LeaveGroup (best effort, bounded) so the others rebalance at once. A static member sends
     * none: it leaves by session timeout or an admin's removal, so a restart gets its partitions back.
     */
    public void leave(long deadlineMs) {
        String target = channel.coordinator();
        heartbeat.stop();
        if (target != null && member.hasGeneration() && !member.isStatic()) {
            try {
                channel.await(channel.network().call(target, new LeaveGroupRequest(settings.groupId(), List.of(
                    new LeaveGroupRequest.MemberIdentity(member.memberId(), null))), settings.requestTimeoutMs()),
                    deadlineMs, "leave group " + settings.groupId());
            } catch (RuntimeException e) {
                LOG.debug("Leaving group {} failed: {}", settings.groupId(), e.toString());
            }
        }
        member.reset();
    }

    /** Commits what was consumed (with auto-commit) and leaves. Application thread, at close. */
    public void close(long deadlineMs) {
        if (settings.autoCommit()) {
            try {
                committer.commitSync(allConsumed(), deadlineMs);
            } catch (RuntimeException e) {
                LOG.info("Committing at close failed: {}", e.getMessage());
            }
        }
        committer.runCompletedCallbacks();
        if (subscribed) {
            leave(deadlineMs);
        }
    }
}
