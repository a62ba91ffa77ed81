package io.zkafka.clients.consumer.internals;

import io.zkafka.clients.consumer.ConsumerPartitionAssignor.RebalanceProtocol;
import io.zkafka.clients.consumer.ConsumerRebalanceListener;
import io.zkafka.clients.consumer.OffsetAndMetadata;
import io.zkafka.common.TopicPartition;
import io.zkafka.common.errors.InterruptException;
import io.zkafka.common.errors.TimeoutException;
import io.zkafka.common.errors.WakeupException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands partitions over when the group rebalances, by the consumer's rebalance protocol.
 * <ul>
 *   <li>Eager: revoke everything (committing first with auto-commit, then the listener), join,
 *   sync, take the assignment.</li>
 *   <li>Cooperative: join keeping everything, then revoke only what the new assignment lacks and
 *   rejoin at once for the follow-up rebalance, in which those partitions reach their new owner.
 *   Partitions kept keep their positions and see no listener call.</li>
 * </ul>
 * Under either protocol a member dropped from the group (its generation gone) reports what it held
 * as lost ({@code onPartitionsLost}, no commit) before it joins again.
 * A synced assignment is taken only once the committed offsets of its new partitions are known; if
 * that lookup times out, the next poll takes it, so nothing is half-applied.
 *
 * <p>Confined to the application thread (inside {@code poll}, {@code unsubscribe}).
 */
final class Rebalancer {
    private static final Logger LOG = LoggerFactory.getLogger(Rebalancer.class);
    private static final int MAX_JOIN_ROUNDS = 1000;

    private final ConsumerCoordinator.Settings settings;
    private final SubscriptionState subscriptions;
    private final RebalanceProtocol protocol;
    private final MemberState member;
    private final CoordinatorChannel channel;
    private final GroupJoiner joiner;
    private final Heartbeat heartbeat;
    private final OffsetCommitter committer;
    private ConsumerRebalanceListener listener;
    /** An assignment synced but not yet taken (its committed offsets are still being fetched). */
    private ConsumerProtocol.Assignment syncedAssignment;
    private final CoordinatorMetrics metrics;
    /** When the rebalance under way began (epoch ms), over as many polls as it takes; -1 when none is. */
    private long rebalanceStartMs = -1L;

    Rebalancer(ConsumerCoordinator.Settings settings, SubscriptionState subscriptions, RebalanceProtocol protocol,
               MemberState member, CoordinatorChannel channel, GroupJoiner joiner, Heartbeat heartbeat,
               OffsetCommitter committer, CoordinatorMetrics metrics) {
        this.metrics = metrics;
        this.settings = settings;
        this.subscriptions = subscriptions;
        this.protocol = protocol;
        this.member = member;
        this.channel = channel;
        this.joiner = joiner;
        this.heartbeat = heartbeat;
        this.committer = committer;
    }

    void setListener(ConsumerRebalanceListener listener) {
        this.listener = listener;
    }

    void forgetSyncedAssignment() {
        syncedAssignment = null;
    }

    /** The positions of these partitions (those that have one), as offsets to commit. */
    Map<TopicPartition, OffsetAndMetadata> consumed(Set<TopicPartition> partitions) {
        Map<TopicPartition, OffsetAndMetadata> positions = new LinkedHashMap<>();
        for (TopicPartition tp : partitions) {
            Long position = subscriptions.isAssigned(tp) ? subscriptions.position(tp) : null;
            if (position != null) {
                positions.put(tp, new OffsetAndMetadata(position));
            }
        }
        return positions;
    }

    /** Rejoins: revokes first under eager, then joins and syncs, then takes the assignment. */
    void joinGroup(Set<String> subscription, long deadlineMs) {
        heartbeat.stop();
        if (rebalanceStartMs < 0) {
            rebalanceStartMs = System.currentTimeMillis();
        }
        if (syncedAssignment != null) {
            completeAssignment(deadlineMs);
            return;
        }
        Set<TopicPartition> owned = subscriptions.assignedPartitions();
        if (!member.hasGeneration() && !owned.isEmpty()) {
            lose(owned); // dropped from the group: someone else may own them already
        } else if (protocol == RebalanceProtocol.EAGER) {
            revoke(owned, deadlineMs);
        }
        for (int round = 0; System.currentTimeMillis() < deadlineMs && round < MAX_JOIN_ROUNDS; round++) {
            try {
                channel.ensureCoordinator(deadlineMs);
                ConsumerProtocol.Assignment assigned = joiner.joinAndSync(subscription,
                    protocol == RebalanceProtocol.COOPERATIVE ? new ArrayList<>(subscriptions.assignedPartitions())
                        : List.of(), deadlineMs);
                if (assigned == null) {
                    metrics.rebalanceFailed();
                    member.throwIfFatal();
                    if (!member.hasGeneration() && !subscriptions.hasNoAssignment()) {
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
     * rebalance, assigns, positions the new partitions, restarts the heartbeat (listening closely
     * when the leader marked a follow-up rebalance) and tells the listener.
     */
    private void completeAssignment(long deadlineMs) {
        List<TopicPartition> assigned = syncedAssignment.partitions();
        boolean followUpMarked = syncedAssignment.followUpRebalance();
        Set<TopicPartition> owned = subscriptions.assignedPartitions();
        Set<TopicPartition> revoked = new LinkedHashSet<>(owned);
        revoked.removeAll(assigned);
        Set<TopicPartition> added = new LinkedHashSet<>(assigned);
        added.removeAll(owned);
        Map<TopicPartition, OffsetAndMetadata> committed = committer.fetchCommitted(added,
            Math.max(deadlineMs, System.currentTimeMillis() + settings.requestTimeoutMs()));
        if (!revoked.isEmpty()) {
            revoke(revoked, deadlineMs);
        }
        syncedAssignment = null;
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
        heartbeat.start(followUpMarked);
        if (rebalanceStartMs >= 0) {
            metrics.rebalanceCompleted(System.currentTimeMillis() - rebalanceStartMs);
            rebalanceStartMs = -1L;
        }
        if (listener != null) {
            listener.onPartitionsAssigned(List.copyOf(added));
        }
    }

    /** Gives partitions up cleanly: commits their positions first with auto-commit, tells the listener. */
    void revoke(Set<TopicPartition> partitions, long deadlineMs) {
        if (partitions.isEmpty()) {
            return;
        }
        if (settings.autoCommit() && member.hasGeneration()) {
            try {
                committer.commitSync(consumed(partitions), deadlineMs);
            } catch (WakeupException | InterruptException e) {
                throw e; // nothing was given up yet: the next poll revokes again
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
}
