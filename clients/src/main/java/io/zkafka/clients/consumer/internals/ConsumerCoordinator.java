package io.zkafka.clients.consumer.internals;

import io.zkafka.clients.consumer.ConsumerGroupMetadata;
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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The consumer's side of the group protocol, the facade {@code KafkaConsumer} calls: subscriptions
 * (topics or a {@link PatternSubscription pattern}), keeping the membership current from
 * {@code poll} (rejoining through the {@link Rebalancer}, heartbeats through {@link Heartbeat}),
 * auto-commit, commits ({@link OffsetCommitter}), leaving and closing. The rebalance protocol is
 * the one every configured assignor supports: cooperative, else eager. The coordinator is reached
 * through {@link CoordinatorChannel}; {@link MemberState} is what the pieces share.
 *
 * <p>Threads: the application thread runs joins, commits and listener callbacks (inside poll and
 * the commit calls); heartbeats only set flags in {@link MemberState}.
 */
public final class ConsumerCoordinator {
    private static final Logger LOG = LoggerFactory.getLogger(ConsumerCoordinator.class);

    /** The group settings of the consumer's configuration; {@code groupInstanceId} null for a dynamic member. */
    public record Settings(String groupId, String groupInstanceId, String clientId, int sessionTimeoutMs,
                           int heartbeatIntervalMs, int maxPollIntervalMs, int requestTimeoutMs, long retryBackoffMs,
                           boolean autoCommit, long autoCommitIntervalMs, boolean requireStableOffsets) {
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
    private final Rebalancer rebalancer;
    private long nextAutoCommitMs;

    public ConsumerCoordinator(Settings settings, NetworkClient network, Metadata metadata,
                               SubscriptionState subscriptions, List<ConsumerPartitionAssignor> assignors,
                               WakeupTrigger wakeup, CoordinatorMetrics metrics) {
        this.settings = settings;
        metrics.gauge("assigned-partitions", "The number of partitions currently assigned to this consumer",
            nowMs -> subscriptions.assignedPartitions().size());
        this.metadata = metadata;
        this.subscriptions = subscriptions;
        this.protocol = commonProtocol(assignors);
        this.member = new MemberState(settings.groupId(), settings.groupInstanceId());
        this.channel = new CoordinatorChannel(settings.groupId(), network, metadata, wakeup,
            settings.requestTimeoutMs(), settings.retryBackoffMs());
        this.joiner = new GroupJoiner(channel, member, metadata, assignors, settings.sessionTimeoutMs(),
            settings.maxPollIntervalMs(), metrics);
        this.heartbeat = new Heartbeat(channel, member, settings.heartbeatIntervalMs(), settings.retryBackoffMs(),
            settings.maxPollIntervalMs(), settings.requestTimeoutMs(), metrics);
        this.committer = new OffsetCommitter(channel, member, () -> subscribed && member.hasGeneration(),
            settings.requireStableOffsets(), metrics);
        this.rebalancer = new Rebalancer(settings, subscriptions, protocol, member, channel, joiner, heartbeat,
            committer, metrics);
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

    /** The consumer's place in its group now: its group id, last generation, member id and instance id. */
    public ConsumerGroupMetadata groupMetadata() {
        return new ConsumerGroupMetadata(settings.groupId(), member.generation(), member.memberId(),
            Optional.ofNullable(settings.groupInstanceId()));
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
        rebalancer.setListener(newListener);
        metadata.setTopics(subscription);
    }

    /** Subscribes to the topics matching the pattern now and after each metadata refresh. Application thread. */
    public void subscribe(Pattern topicPattern, ConsumerRebalanceListener newListener) {
        pattern = new PatternSubscription(topicPattern);
        metadata.setAllTopics(true);
        metadata.requestUpdate();
        subscribed = true;
        rebalancer.setListener(newListener);
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
            rebalancer.revoke(subscriptions.assignedPartitions(), deadlineMs);
            leave(deadlineMs);
        }
        subscribed = false;
        rebalancer.forgetSyncedAssignment();
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
            rebalancer.joinGroup(subscription, deadlineMs);
        } else if (channel.coordinator() == null) {
            try {
                channel.ensureCoordinator(deadlineMs);
            } catch (TimeoutException e) {
                return;
            }
            heartbeat.resume();
        } else if (!heartbeat.isRunning()) {
            heartbeat.resume();
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
        return rebalancer.consumed(subscriptions.assignedPartitions());
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
     * Sends LeaveGroup (best effort, bounded) so the others rebalance at once: whenever the consumer
     * has a member id, also while its join is held by the coordinator (which then drops it). A static
     * member sends none: it leaves by session timeout or an admin's removal, so a restart gets its
     * partitions back.
     */
    public void leave(long deadlineMs) {
        String target = channel.coordinator();
        heartbeat.stop();
        joiner.abandonJoin();
        if (target != null && member.hasMemberId() && !member.isStatic()) {
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
